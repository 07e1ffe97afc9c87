import type { Invariant } from '../src/engine/model.ts';
import { MAX_SKB_FRAGS, OOB_NAMES } from '../model/bounds.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { fragsPerPage } = St;

/**
 * no-out-of-bounds
 *
 * Statement: no read or write outside a fixed-size object: the alloc cache
 * (`pool->alloc.cache[PP_ALLOC_CACHE_SIZE]`) is indexed only below its size
 * and `alloc.count` stays within 0..PP_ALLOC_CACHE_SIZE; a ptr_ring produce
 * never overwrites an occupied slot; an skb_shared_info holds at most
 * MAX_SKB_FRAGS frags; the frag allocator hands out no frag past the end of
 * its page (`frag_offset` within the page); an XDP frame bulk queues at most
 * XDP_BULK_QUEUE_SIZE pages in `bq->q[]`. The accesses are checked where
 * they happen (model/bounds.ts, ghost `g.oob`); the counts in every state.
 *
 * Kernel rationale: these arrays are fixed-size C arrays. page_pool_recycle_in_cache()
 * refuses a put when `pool->alloc.count == PP_ALLOC_CACHE_SIZE`,
 * page_pool_refill_alloc_cache() stops at PP_ALLOC_CACHE_REFILL,
 * __ptr_ring_produce() returns -ENOSPC when `r->queue[r->producer]` is taken,
 * skb_try_coalesce() refuses when `to_shinfo->nr_frags + from_shinfo->nr_frags
 * > MAX_SKB_FRAGS`, page_pool_alloc_frag_netmem() starts a new page when
 * `*offset + size > max_size`, xdp_return_frame_bulk() flushes when `bq->count
 * == XDP_BULK_QUEUE_SIZE`, also inside a multi-buffer frame's frag loop.
 * Without one of these checks the kernel corrupts the memory next to the array (KASAN: slab-out-of-bounds); test/conformance
 * builds the C with AddressSanitizer to check the real code's bounds on the
 * same traces.
 */
export const noOutOfBounds: Invariant<PagePoolState> = {
  id: 'no-out-of-bounds',
  description: 'no access outside a fixed-size array: alloc cache (count within PP_ALLOC_CACHE_SIZE), ptr_ring slots, skb frags (MAX_SKB_FRAGS), frag offset within its page, the XDP frame bulk queue',
  check(s) {
    const g = s.g.oob;
    if (g >= 0) return `pool${g >> 2}: access outside ${OOB_NAMES[g & 3] ?? 'a fixed-size array'}`;
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.count < 0 || P.count > P.cache.length) return `pool${k}.alloc.count = ${P.count} outside 0..${P.cache.length} (PP_ALLOC_CACHE_SIZE)`;
      if (P.frag >= 0 && P.fragOff > fragsPerPage(P.order)) return `pool${k} frag offset ${P.fragOff} frags past a page of ${fragsPerPage(P.order)}`;
    }
    for (let h = 0; h < s.sh.length; h++) {
      const sh = s.sh[h];
      const nr = sh.refs.length - (sh.head ? 1 : 0);
      if (nr > MAX_SKB_FRAGS) return `shinfo${h}: nr_frags ${nr} > MAX_SKB_FRAGS (${MAX_SKB_FRAGS})`;
    }
    return null;
  },
};
