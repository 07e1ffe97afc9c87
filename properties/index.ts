/**
 * The page_pool properties, in the order the model checks them (the first
 * violated one is reported). Terminal properties are checked only at quiescence.
 */
import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { bhBalanced } from './bh-balanced.ts';
import { cacheRefcntOne } from './cache-refcnt-one.ts';
import { dmaAddressIntact } from './dma-address-intact.ts';
import { dmaUnmapBeforeFree } from './dma-unmap-before-free.ts';
import { fragAccounting } from './frag-accounting.ts';
import { napiLocalOnly } from './napi-local-only.ts';
import { noDoubleRecycle } from './no-double-recycle.ts';
import { noLeakAtQuiescence } from './no-leak-at-quiescence.ts';
import { noOutOfBounds } from './no-out-of-bounds.ts';
import { noPageUseAfterFree } from './no-page-use-after-free.ts';
import { noPfmemallocRecycle } from './no-pfmemalloc-recycle.ts';
import { poolLifetime } from './pool-lifetime.ts';
import { ppOwnership } from './pp-ownership.ts';
import { poolOwnsItsPages } from './pool-owns-its-pages.ts';
import { numaLocalRefill } from './numa-local-refill.ts';
import { releaseWorkerStops } from './release-worker-stops.ts';
import { statsIntegrity } from './stats-integrity.ts';

export const stateProperties: Invariant<PagePoolState>[] = [
  noOutOfBounds, // first: an access outside an array is the root cause of what the others would then see
  noPageUseAfterFree,
  poolLifetime,
  noDoubleRecycle,
  napiLocalOnly,
  cacheRefcntOne,
  noPfmemallocRecycle,
  fragAccounting,
  ppOwnership,
  dmaUnmapBeforeFree,
  dmaAddressIntact,
  releaseWorkerStops,
  bhBalanced,
  poolOwnsItsPages,
  numaLocalRefill,
  statsIntegrity,
];

export const terminalProperties: Invariant<PagePoolState>[] = [noLeakAtQuiescence];

export const allProperties: Invariant<PagePoolState>[] = [...stateProperties, ...terminalProperties];

/** Property ids, fixed (docs, CLI, variants refer to them). */
export const PROPERTY_IDS = [
  'no-double-recycle',
  'cache-refcnt-one',
  'napi-local-only',
  'no-page-use-after-free',
  'pp-ownership',
  'pool-lifetime',
  'frag-accounting',
  'no-leak-at-quiescence',
  'dma-unmap-before-free',
  'no-pfmemalloc-recycle',
  'no-out-of-bounds',
  'release-worker-stops',
  'bh-balanced',
  'pool-owns-its-pages',
  'numa-local-refill',
  'dma-address-intact',
  'stats-integrity',
] as const;
