/**
 * How the page_pool state is written in trace files (Model.itfTypes ->
 * `#meta.varTypes`, src/trace/values.ts): states and ops by name
 * (`"destroying"`, `"push_write"`) instead of their ints, and a pointer's -1
 * (page->pp NULL, no lock holder, an empty cache slot, a ghost that never
 * fired) as ITF's None, any other value as Some(index). Values whose -1 the
 * kernel itself uses (NUMA_NO_NODE, list_owner, pool->cpuid) stay ints.
 * test/trace/itf-types.test.ts checks that every field of the state has a type
 * here and that every corpus trace round-trips.
 */
import type { ItfType } from '../src/engine/model.ts';
import { OP_NAMES, SKB_STATE_NAMES } from './state.ts';

const ptr: ItfType = { nullable: 'int' };

export const POOL_STATES = ['alive', 'destroying', 'freed'] as const;
export const SKB_STATES = SKB_STATE_NAMES;

export const PAGE_POOL_ITF_TYPES: Readonly<Record<string, ItfType>> = {
  pages: { list: { record: { ref: 'int', ppRef: 'int', pp: ptr, magic: 'bool', nid: 'int', pfm: 'bool', dma: 'bool', dmaAddr: 'int', dmaIdx: 'int' } } },
  pools: {
    list: {
      record: {
        st: { enum: POOL_STATES },
        cache: { list: ptr },
        count: 'int',
        ring: { list: 'int' },
        lock: ptr,
        nid: 'int',
        napi: ptr,
        cpuid: 'int',
        hold: 'int',
        release: 'int',
        user: 'int',
        destroyCnt: 'int',
        frag: ptr,
        fragUsers: 'int',
        fragOff: 'int',
        retry: 'bool',
        seen: 'int',
        dmaSync: 'bool',
        order: 'int',
        stats: { list: 'int' },
      },
    },
  },
  napi: { record: { sched: 'bool', owner: 'int', run: ptr, disabled: 'bool', irq: 'int', pool: 'int' } },
  skbs: { list: { record: { st: { enum: SKB_STATES }, sh: 'int', ppr: 'bool', cpu: 'int', cloned: 'bool', up: 'int', ur: 'bool' } } },
  sh: { list: { record: { dataref: 'int', refs: { list: 'int' }, head: 'bool' } } },
  rx: { list: 'int' },
  xdp: { list: 'int' },
  xdpFrag: { list: ptr },
  ext: { list: 'int' },
  drvFrag: ptr,
  drvFrags: 'int',
  binding: 'int',
  bound: 'bool',
  actors: { list: { record: { op: { enum: OP_NAMES }, pool: ptr, page: ptr, c: 'int', bh: 'bool', bhd: 'int', ns: 'int', q: { list: 'int' }, bq: { list: 'int' } } } },
  budget: 'int',
  drv: 'int',
  devUnbound: 'bool',
  g: { record: { poolUaf: ptr, putFreed: ptr, ppUnderflow: ptr, nonLocalPush: ptr, unmapDeadDev: ptr, negInflight: ptr, syncUnmapped: ptr, oob: ptr, pfmReuse: ptr, mpUaf: ptr, niovPut: ptr, foreign: ptr, badPage: ptr, numaRemote: ptr, dmaBad: ptr, statBad: ptr, niovAsPage: ptr } },
};
