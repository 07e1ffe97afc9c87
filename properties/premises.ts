/**
 * The premise of each property: a state in which the property has something to
 * check, i.e. where the guard it protects is exercised and a missing guard could
 * make it fail. A property whose premise no mainline scenario reaches is vacuous
 * there: it would pass whatever the code did. test/model/premises.test.ts counts
 * the premise hits of every property in every mainline scenario and fails on a
 * property with none.
 */
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { PROPERTY_IDS } from './index.ts';

const { OP_PUSH_READ, OP_PUSH_WRITE, POOL_ALIVE, POOL_DESTROYING, POOL_FREED, SKB_FREE } = St;

export type PropertyId = (typeof PROPERTY_IDS)[number];
/** Properties checked only in the scenarios that name them (Scenario.checks). */
export const SCENARIO_PROPERTY_IDS = ['xdp-drop-direct', 'numa-local-recycling', 'provider-lifetime', 'net-iov-not-page'] as const;
export type ScenarioPropertyId = (typeof SCENARIO_PROPERTY_IDS)[number];

export const PREMISES: Record<PropertyId | ScenarioPropertyId, (s: PagePoolState) => boolean> = {
  // a full alloc cache: the next put must not store past it
  'no-out-of-bounds': (s) => s.pools.some((P) => P.cache.length > 0 && P.count === P.cache.length),
  // a frame the pool released is back in the page allocator (any later access is a use after free)
  'no-page-use-after-free': (s) => s.pools.some((P) => P.release > 0) && s.pages.some((p) => p.ref === 0),
  // the pool memory is freed
  'pool-lifetime': (s) => s.pools.some((P) => P.st === POOL_FREED),
  // a page sits in a pool's storage (cache or ring)
  'no-double-recycle': (s) => s.pools.some((P) => P.count > 0 || P.ring.length > 0),
  // a context is inside the alloc cache push
  'napi-local-only': (s) => s.actors.some((a) => a.op === OP_PUSH_READ || a.op === OP_PUSH_WRITE),
  // a pool page has another reference than the pool's (_refcount > 1)
  'cache-refcnt-one': (s) => s.pages.some((p) => p.pp >= 0 && p.ref > 1),
  // a pool page came from the emergency reserves
  'no-pfmemalloc-recycle': (s) => s.pages.some((p) => p.pp >= 0 && p.pfm),
  // a page has several pp users (pp_ref_count > 1: frags, clones' pp references)
  'frag-accounting': (s) => s.pages.some((p) => p.pp >= 0 && p.ppRef > 1),
  // an skb marked for recycling is alive
  'pp-ownership': (s) => s.skbs.some((x) => x.st !== SKB_FREE && x.ppr),
  // a pool page that was mapped leaves its pool or is synced: the unmap or sync reads page->dma_addr
  'dma-address-intact': (s) => s.pages.some((p) => p.dma && p.pp >= 0) && (s.pools.some((P) => P.release > 0) || s.actors.some((a) => a.op === St.OP_SYNC)),
  // the device is gone, or a pool is past page_pool_destroy() (its pages must be unmapped before)
  'dma-unmap-before-free': (s) => s.devUnbound || s.pools.some((P) => P.st !== POOL_ALIVE),
  // a pool was destroyed: its pages must all come back
  'no-leak-at-quiescence': (s) => s.pools.some((P) => P.st !== POOL_ALIVE),
  // the release worker is armed (a later run may re-arm it: the property's question)
  'release-worker-stops': (s) => s.pools.some((P) => P.st === POOL_DESTROYING && P.retry),
  // a context holds the producer lock taken with spin_lock_bh() (its unlock must re-enable BH)
  'bh-balanced': (s) => s.actors.some((a) => a.bhd > 0),
  // a dropped page is in the pool's storage (cache or ring)
  'xdp-drop-direct': (s) => s.pools.some((P) => P.count > 0 || P.ring.length > 0),
  // a page no pool owns is in use (a frag, another subsystem's reference) while a pool has pages in flight
  'pool-owns-its-pages': (s) => s.pages.some((p) => p.ref > 0 && !p.magic && p.pp < 0) && s.pools.some((P) => P.st !== POOL_FREED && P.hold > P.release),
  // a page of another node than the pool's preferred one sits in its ring or alloc cache (the refill must not hand it out)
  'numa-local-refill': (s) =>
    s.pools.some((P) => P.st === POOL_ALIVE && P.nid >= 0 && (P.ring.some((pg) => s.pages[pg].nid !== P.nid) || P.cache.some((pg, i) => i < P.count && pg >= 0 && s.pages[pg].nid !== P.nid))),
  // a pool keeps statistics and a CPU other than the pool's NAPI one has counted a recycle in them, or
  // a system pool (its stats are the static pp_system_recycle_stats) is freed
  'stats-integrity': (s) =>
    s.pools.some((P) => P.stats.length > St.ALLOC_STATS && (P.st === POOL_FREED || P.stats.some((x, i) => i >= St.ALLOC_STATS + St.STAT_FIELDS && x > 0))),
  // an alive pool has allocated as many pages as there are frames: one more slow allocation would exceed them
  // the binding is unbound while its pool still has net_iovs in flight (only the pool's reference keeps it)
  'provider-lifetime': (s) => s.binding > 0 && !s.bound && s.pools.some((P) => P.hold > P.release),
  'numa-local-recycling': (s) => s.pools.some((P) => P.st === POOL_ALIVE && P.hold >= s.pages.length),
  // a net_iov is a frag of a live skb that a reader (or a coalesce into a readable skb) could treat as a page
  'net-iov-not-page': (s) => s.binding >= 0 && s.skbs.some((x) => x.st !== SKB_FREE && x.sh >= 0 && s.sh[x.sh].refs.length > (s.sh[x.sh].head ? 1 : 0)),
};
