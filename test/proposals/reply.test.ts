import { describe, expect, it } from 'vitest';
import { mergedBehaviours } from '../../src/diff/reply.ts';

describe('diff --format markdown: behaviours merged for one screen', () => {
  it('one line per effect: contexts of one function, then the functions that reach it', () => {
    const rows = [
      { behaviour: 'ghost: put_page on a free page (putFreed) via napi_pp_put_page [softirq]', scenarios: ['rx-recycle'] },
      { behaviour: 'ghost: put_page on a free page (putFreed) via napi_pp_put_page [task]', scenarios: ['rx-recycle'] },
      { behaviour: 'ghost: put_page on a free page (putFreed) via put_page [task]', scenarios: ['frag'] },
      { behaviour: 'page → ptr_ring via page_pool_recycle_in_ring [hardirq]', scenarios: ['tx-irq'] },
    ];
    expect(mergedBehaviours(rows, false)).toEqual([
      'ghost: put_page on a free page (putFreed) via napi_pp_put_page [softirq, task], put_page [task]',
      'page → ptr_ring via page_pool_recycle_in_ring [hardirq]',
    ]);
    expect(mergedBehaviours(rows, true)[0]).toMatch(/ \(rx-recycle, frag\)$/);
  });
});
