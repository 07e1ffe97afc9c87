/**
 * struct page's page_pool words (issue #16 item 3) and per-CPU pools (item 6),
 * in-process and small: the pp_magic constants each `--arch` gets from the
 * kernel's own formulas (include/linux/poison.h, include/linux/mm.h), the
 * 32-bit split of page->dma_addr (page_pool_set_dma_addr_netmem /
 * page_pool_get_dma_addr_netmem), the classifiers from the bits, the `--arch`
 * bound through the model, page_pool_disable_direct_recycling's order, and a
 * proposal that uses the named helpers.
 */
import { describe, expect, it } from 'vitest';
import { ARCH_32, ARCH_32_DMA64, ARCH_64, ARCH_LAYOUTS, PAGE_SHIFT, PP_MAGIC_LAYOUTS } from '../../model/kernel/include/linux/mm.ts';
import { netmem_clear_pp_magic, netmem_get_dma_index, netmem_get_pp_magic, netmem_is_pp, netmem_or_pp_magic, netmem_set_dma_index, page_pool_page_is_pp, ppMagicWord, setPpMagicWord } from '../../model/kernel/net/core/netmem_priv.ts';
import { page_pool_get_dma_addr_netmem, page_pool_set_dma_addr_netmem } from '../../model/kernel/net/core/page_pool_priv.ts';
import { disableDirectRecycling } from '../../model/kernel/net/core/page_pool.ts';
import { buildModel } from '../../model/build.ts';
import { explore } from '../../src/engine/explore.ts';
import * as P from '../../model/proposal.ts';
import type { Page } from '../../model/state.ts';

const page = (): Page => ({ ref: 1, ppRef: 0, pp: -1, magic: false, nid: 0, pfm: false, dma: false, dmaAddr: 0, dmaIdx: 0 });

describe('pp_magic as bits', () => {
  it('each --arch gets the kernel constants: PP_SIGNATURE, PP_DMA_INDEX_SHIFT/BITS, PP_MAGIC_MASK', () => {
    const L64 = PP_MAGIC_LAYOUTS[ARCH_64];
    expect(L64.signature).toBe(0xdead000000000040n); // 0x40 + POISON_POINTER_DELTA (x86-64)
    expect([L64.indexShift, L64.indexBits]).toEqual([7, 32]); // 1 + __fls(0x40); MIN(32, __ffs(delta) - 7)
    expect(L64.indexMask).toBe(0xffffffffn << 7n);
    expect(L64.magicMask).toBe(~((0xffffffffn << 7n) | 3n) & 0xffffffffffffffffn);
    for (const a of [ARCH_32, ARCH_32_DMA64]) {
      const L = PP_MAGIC_LAYOUTS[a];
      expect(L.signature).toBe(0x40n); // POISON_POINTER_DELTA is 0 on 32-bit
      expect([L.indexShift, L.indexBits]).toEqual([7, 23]); // MIN(32, __ffs(PAGE_OFFSET 0xC0000000) - 7)
      expect(L.magicMask).toBe(~((((1n << 23n) - 1n) << 7n) | 3n) & 0xffffffffn);
    }
  });

  it('the classifiers mask the DMA index and the low bits; pp_magic = 0 clears the pfmemalloc bit and WARNs on a left index', () => {
    for (const L of PP_MAGIC_LAYOUTS) {
      const p = page();
      p.pfm = true; // set_page_pfmemalloc(): bit 1 of lru.next
      netmem_set_dma_index(p, 1, L);
      netmem_or_pp_magic(p, L.signature, L);
      expect(ppMagicWord(p, L)).toBe(L.signature | 2n | (1n << 7n));
      expect([netmem_is_pp(p, L), page_pool_page_is_pp(p, L), p.pfm, p.dmaIdx]).toEqual([true, true, true, 1]);
      expect(netmem_clear_pp_magic(p, L)).toBe(true); // the index was not cleared first
      expect([p.magic, p.pfm, p.dmaIdx, netmem_is_pp(p, L)]).toEqual([false, false, 0, false]);
      expect(netmem_clear_pp_magic(p, L)).toBe(false);
    }
  });
});

// The classifiers as BigInt expressions of the kernel's macros (what netmem_priv.ts computed before it
// computed on 32-bit halves, to spare a BigInt allocation per call): the halves must agree on every word.
const PFM = 0x2n;
const refWord = (p: Page, L: (typeof PP_MAGIC_LAYOUTS)[number]): bigint =>
  ((p.pfm ? PFM : 0n) | (p.magic ? L.signature : 0n) | ((BigInt(p.dmaIdx) << BigInt(L.indexShift)) & L.indexMask)) & L.longMask;
const refSplit = (w: bigint, L: (typeof PP_MAGIC_LAYOUTS)[number]) => ({
  pfm: (w & PFM) !== 0n,
  magic: (w & L.magicMask & ~PFM) === L.signature,
  dmaIdx: Number((w & L.indexMask) >> BigInt(L.indexShift)),
});

describe('pp_magic on 32-bit halves agrees with the BigInt formulas', () => {
  it('every pfmemalloc bit, signature and DMA index (0, 1, 2^31, 2^32-1 where it fits) on every --arch', () => {
    let n = 0;
    for (const L of PP_MAGIC_LAYOUTS) {
      const maxIdx = L.indexBits === 0 ? 0 : 2 ** Math.min(32, L.indexBits) - 1;
      for (const pfm of [false, true])
        for (const magic of [false, true])
          for (const dmaIdx of [0, 1, 2 ** 31, 2 ** 32 - 1].filter((x) => x <= maxIdx)) {
            const p: Page = { ...page(), pfm, magic, dmaIdx };
            const w = refWord(p, L);
            expect(ppMagicWord(p, L)).toBe(w);
            expect(netmem_get_pp_magic(p, L)).toBe(w & ~L.indexMask);
            expect(netmem_is_pp(p, L)).toBe(((w & ~L.indexMask) & L.magicMask) === L.signature);
            expect(page_pool_page_is_pp(p, L)).toBe((w & L.magicMask) === L.signature);
            expect(netmem_get_dma_index(p, L)).toBe(Number((w & L.indexMask) >> BigInt(L.indexShift)));
            const q: Page = { ...p };
            netmem_or_pp_magic(q, L.signature, L); // a BigInt, as a proposal passes it
            expect({ pfm: q.pfm, magic: q.magic, dmaIdx: q.dmaIdx }).toEqual(refSplit(w | L.signature, L));
            const q2: Page = { ...p };
            netmem_or_pp_magic(q2, L.w32.signature, L); // halves, as the model passes it
            expect(ppMagicWord(q2, L)).toBe(ppMagicWord(q, L));
            const r: Page = { ...p };
            netmem_set_dma_index(r, 1, L);
            expect({ pfm: r.pfm, magic: r.magic, dmaIdx: r.dmaIdx }).toEqual(refSplit((w & ~L.indexMask) | ((1n << BigInt(L.indexShift)) & L.longMask), L));
            const c: Page = { ...p };
            expect(netmem_clear_pp_magic(c, L)).toBe((w & L.indexMask) !== 0n);
            expect([c.pfm, c.magic, c.dmaIdx]).toEqual([false, false, 0]);
            const back: Page = { ...page() };
            setPpMagicWord(back, w, L);
            expect({ pfm: back.pfm, magic: back.magic, dmaIdx: back.dmaIdx }).toEqual(refSplit(w, L));
            n++;
          }
    }
    expect(n).toBeGreaterThanOrEqual(3 * 4 * 2);
  });
});

describe("page->dma_addr's 32-bit split", () => {
  it('stored as the address on 64 and 32; shifted by PAGE_SHIFT on 32-dma64, and read back shifted', () => {
    for (const arch of [ARCH_64, ARCH_32, ARCH_32_DMA64]) {
      const p = page();
      const addr = ARCH_LAYOUTS[arch].mapped;
      expect(page_pool_set_dma_addr_netmem(p, addr, arch)).toBe(false);
      expect(p.dmaAddr).toBe(arch === ARCH_32_DMA64 ? addr / 2 ** PAGE_SHIFT : addr);
      expect(page_pool_get_dma_addr_netmem(p, arch)).toBe(addr);
    }
    expect(ARCH_LAYOUTS[ARCH_32_DMA64].mapped).toBeGreaterThan(2 ** 32); // above 4 GiB: the split matters
  });

  it('32-dma64 refuses an address that does not survive the round trip (unaligned, or beyond 2^44)', () => {
    const p = page();
    expect(page_pool_set_dma_addr_netmem(p, 0x123456800, ARCH_32_DMA64)).toBe(true);
    expect(page_pool_set_dma_addr_netmem(p, 2 ** 44 + 0x1000, ARCH_32_DMA64)).toBe(true);
    expect(page_pool_set_dma_addr_netmem(p, 0, ARCH_32_DMA64)).toBe(false);
  });

  it('--arch is a bound: the model maps, syncs and unmaps at each arch without a dma-address-intact violation', () => {
    for (const arch of [ARCH_64, ARCH_32, ARCH_32_DMA64]) {
      const m = buildModel({ variant: 'mainline', scenario: 'teardown-32bit-dma64', bounds: { arch, pages: 1, budget: 1 } });
      const r = explore(m, { mode: 'bfs' });
      expect([r.kind, r.kind === 'ok' && r.complete], `arch ${arch}`).toEqual(['ok', true]);
    }
    expect(() => buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: { arch: 3 } })).toThrow(/arch/);
  });
});

describe('per-CPU pools', () => {
  it('page_pool_disable_direct_recycling clears cpuid even where p.napi is NULL (a per-CPU pool), then the NAPI link', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'percpu-pool', bounds: {} });
    const s = structuredClone(m.init()[0]);
    expect([s.pools[0].cpuid, s.pools[0].napi]).toEqual([0, -1]); // page_pool_create_percpu(params, 0)
    disableDirectRecycling(s, 0);
    expect([s.pools[0].cpuid, s.pools[0].napi]).toEqual([-1, -1]);
    const n = structuredClone(buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: {} }).init()[0]);
    disableDirectRecycling(n, 0);
    expect([n.pools[0].cpuid, n.pools[0].napi]).toEqual([-1, -1]);
  });

  it('a proposal reads the layout through k: ppMagic, isPpPage, dmaAddr, and disables direct recycling', () => {
    const seen: [bigint, boolean, boolean, number][] = [];
    const fam = P.defineProposal({
      id: 'layout-helpers',
      description: 'mainline plus a probe that reads an RX page through the layout helpers, then disables direct recycling of the per-CPU pool',
      scenarios: ['percpu-pool'],
      add: [
        {
          fn: 'layout_probe',
          enabled: (s) => (s.rx.length > 0 && s.pools[0].cpuid >= 0 ? [{ cpu: 0, ctx: P.TASK }] : []),
          step(t, _a, k) {
            const pg = t.rx[0];
            seen.push([k.ppMagic(pg), k.isPpPage(pg), k.pagePoolPageIsPp(pg), k.dmaAddr(pg)]);
            k.disableDirectRecycling(0);
          },
        },
      ],
    });
    const m = fam.build({ variant: 'layout-helpers', scenario: 'percpu-pool', bounds: { budget: 1, pages: 1, arch: P.ARCH_32_DMA64 } });
    explore(m, { mode: 'bfs' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toEqual([0x40n | (1n << 7n), true, true, P.ARCH_LAYOUTS[P.ARCH_32_DMA64].mapped]);
  });
});
