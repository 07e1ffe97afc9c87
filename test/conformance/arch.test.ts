/**
 * The 32-bit part of the conformance check (test/conformance/arch.ts) without a C build: the pure
 * pieces npm test can afford. The -m32 builds and their replays run only in `npm run conformance`
 * (docs/conformance.md, "The 32-bit builds").
 */
import { describe, expect, it } from 'vitest';
import { ARCH_32, ARCH_32_DMA64, ARCH_64 } from '../../model/kernel/include/linux/mm.ts';
import { type CLayout, checkLayout, firstDiff, splitAgrees } from './arch.ts';
import type { HStep } from './harness.ts';
import { isDmaBadEvent, observeHarness } from './model-compare.ts';

/** What `fn=layout` printed on the -m32 -DCONFIG_PHYS_ADDR_T_64BIT build (Debian 6.12.118). */
const C32_DMA64: CLayout = {
  long_bits: 32, dma_bits: 64, signature: '0x40', index_shift: 7, index_bits: 23, index_mask: '0x3fffff80',
  magic_mask: '0xc000007c', split: true, off_pp_magic: 4, off_pp: 8, off_dma_addr: 16, off_pp_ref_count: 20,
};

describe('32-bit builds: layout and word comparison', () => {
  it('checkLayout: the C layout of a build equals the model\'s for its --arch, and a wrong value is named', () => {
    expect(checkLayout(C32_DMA64, ARCH_32_DMA64)).toEqual([]);
    expect(checkLayout({ ...C32_DMA64, split: false, dma_bits: 32 }, ARCH_32)).toEqual([]);
    // the same build is not --arch 32 (no split) nor 64
    expect(checkLayout(C32_DMA64, ARCH_32)).toEqual(['dma_bits: model 32, C 64', 'split: model false, C true']);
    expect(checkLayout(C32_DMA64, ARCH_64).length).toBeGreaterThan(5);
    expect(checkLayout({ ...C32_DMA64, index_bits: 24, index_mask: '0x7fffff80' }, ARCH_32_DMA64)).toEqual([
      'index_bits: model 23, C 24',
      'index_mask: model "0x3fffff80", C "0x7fffff80"',
    ]);
  });

  const step = (page: Record<string, unknown>): HStep => ({
    step: 0, fn: 'x', cpu: 0, ctx: 0, ret: null, events: [], pools: [], skbs: [],
    pages: { '3': { ref: 1, pp_ref: 1, pp: 0, pp_magic: true, dma: 1, dma_index: 2, nid: 0, pfmemalloc: false, ...page } as HStep['pages'][string] },
  });
  const toModel = new Map([[3, 0]]);

  it('the harness page mapped 3 MiB above the model\'s address is brought into the model\'s frame, in the word\'s units', () => {
    // --arch 32-dma64: the model maps at 0x123456000 (page->dma_addr 0x123456); harness page 3 at + 3 MiB
    const k = observeHarness(step({ pp_magic_word: '0x1c2', dma_addr_word: '0x123756', dma_map_addr: '0x123756000' }), toModel, 0, false, { arch: ARCH_32_DMA64, split: true });
    // index bits (0x180) masked out; the pfmemalloc bit (0x2) and the signature stay
    expect(k.pages.page0).toMatchObject({ pp_magic_word: '0x42', dma_addr_word: '0x123456' });
    // the same word unshifted (a build that did not split) is not the model's
    const wrong = observeHarness(step({ pp_magic_word: '0xc0', dma_addr_word: '0x23756000', dma_map_addr: '0x123756000' }), toModel, 0, false, { arch: ARCH_32_DMA64, split: true });
    expect(wrong.pages.page0!.dma_addr_word).not.toBe('0x123456');
    // --arch 32: the address itself, offset in bytes; a cleared word stays 0
    const k32 = observeHarness(step({ pp_magic_word: '0xc0', dma_addr_word: '0x34867000', dma_map_addr: '0x34867000' }), toModel, 0, false, { arch: ARCH_32, split: false });
    expect(k32.pages.page0!.dma_addr_word).toBe('0x34567000');
    const z = observeHarness(step({ pp_magic_word: '0x0', dma_addr_word: '0x0', dma_map_addr: '0x34867000' }), toModel, 0, false, { arch: ARCH_32, split: false });
    expect(z.pages.page0).toMatchObject({ pp_magic_word: '0x0', dma_addr_word: '0x0' });
    // without a word frame (a --arch 32-dma64 scenario on the x86_64 build) only the bit tests
    expect(observeHarness(step({ dma_addr: 5 }), toModel, 0).pages.page0!.dma_addr_word).toBeUndefined();
  });

  it('a wrong DMA address as the real code reports it', () => {
    expect(isDmaBadEvent('warn:dma_unmap_of_unmapped:p-1')).toBe(true);
    expect(isDmaBadEvent('warn:dma_sync_of_unmapped:p2')).toBe(true);
    expect(isDmaBadEvent('warn:page_pool.c:565:1')).toBe(true); // WARN_ONCE(1, "unexpected DMA address ...")
    expect(isDmaBadEvent('warn:netmem_priv.h:18:__netmem_clear_lsb(netmem)->pp_magic & PP_DMA_INDEX_MASK')).toBe(true);
    expect(isDmaBadEvent('warn:page_pool.c:717:inflight < 0')).toBe(false);
    expect(isDmaBadEvent('dma_unmap:p2')).toBe(false);
  });

  it('a split case agrees when both refuse or both store the same word', () => {
    const c = { name: 'x', arch: ARCH_32_DMA64, addr: 0, kernelEvents: [] };
    expect(splitAgrees({ ...c, modelRefuses: true, modelWord: '0x0', kernelRefuses: true, kernelWord: 'none' })).toBe(true);
    expect(splitAgrees({ ...c, modelRefuses: true, modelWord: '0x0', kernelRefuses: false, kernelWord: '0x1' })).toBe(false);
    expect(splitAgrees({ ...c, modelRefuses: false, modelWord: '0x1', kernelRefuses: false, kernelWord: '0x1' })).toBe(true);
    expect(splitAgrees({ ...c, modelRefuses: false, modelWord: '0x1', kernelRefuses: false, kernelWord: '0x2' })).toBe(false);
  });

  it('firstDiff names the trace, the step and the first differing field', () => {
    expect(firstDiff('MISMATCH in m/rx walk #0 (seed 1) at step 3: a\n  harness lines of this step: x\n  pages.page0.dma_addr_word: model "0x1", kernel "0x2"\nside'))
      .toBe('m/rx walk #0 (seed 1) at step 3: a -- pages.page0.dma_addr_word: model "0x1", kernel "0x2"');
  });
});
