/**
 * The page_pool state in kernel terms, for the trace printers: the acting
 * context's BH state (Model.contextState), the fields a step read
 * (Model.describeRead, `--reads`), and the whole state at a step
 * (ModelFamily.describeState: `show --step N`, the HTML state panel).
 * Pointers print as NULL, not -1; ghost fields (model bookkeeping that a
 * property reads) are not kernel state and are left out. Pure.
 */
import type { StateField } from '../src/engine/model.ts';
import type { PpAction } from './registry.ts';
import { nextCall, placesOf } from './printers.ts';
import { CTX_NAMES, type PagePoolState, SKB_STATE_NAMES } from './state.ts';

const POOL_ST = ['alive', 'destroying', 'freed'];

/**
 * The acting context's state: bottom halves disabled or not (in_softirq()),
 * from the state before and after the step (a task disables BH for a
 * kfree_skb or a threaded poll inside the step itself).
 */
export function contextState(prev: PagePoolState, next: PagePoolState, a: PpAction): string {
  if (a.ctx === 2) return 'IRQs off';
  if (a.ctx === 1) return 'BH off';
  const id = a.cpu * 3 + a.ctx;
  const bh = prev.actors[id]?.bh || next.actors[id]?.bh || (a.fn === 'kfree_skb' && a.b === 1);
  return bh ? 'BH off' : 'BH on';
}

const pool = (k: unknown): string => (typeof k === 'number' && k >= 0 ? `pool${k}` : 'NULL');
const pageRef = (p: unknown): string => (typeof p === 'number' && p >= 0 ? `page${p}` : 'NULL');
const cpuOfActor = (id: unknown): string => (typeof id === 'number' && id >= 0 ? `cpu${Math.floor(id / 3)}` : 'free');

/** A field a step read, in kernel terms ("pool0 alloc.count=1"); undefined for ghosts and model bookkeeping. */
export function describeRead(path: readonly (string | number)[], v: unknown): string | undefined {
  const [top, i, f, j] = path;
  switch (top) {
    case 'pages': {
      const o = `page${i}`;
      switch (f) {
        case 'ref': return `${o} _refcount=${v}`;
        case 'ppRef': return `${o} pp_ref_count=${v}`;
        case 'pp': return `${o} page->pp=${pool(v)}`;
        case 'magic': return `${o} pp_magic=${v ? 'PP_SIGNATURE' : '0'}`;
        case 'nid': return `${o} page_to_nid=${v}`;
        case 'pfm': return `${o} page_is_pfmemalloc=${v}`;
        case 'dma': return `${o} dma_mapped=${v}`;
      }
      return undefined;
    }
    case 'pools': {
      const o = `pool${i}`;
      switch (f) {
        case 'st': return `${o} state=${POOL_ST[v as number] ?? v}`;
        case 'count': return `${o} alloc.count=${v}`;
        case 'cache': return j === 'length' ? undefined : `${o} alloc.cache[${j}]=${pageRef(v)}`;
        case 'ring': return j === 'length' ? `${o} ring entries=${v}` : `${o} ring[${j}]=${pageRef(v)}`;
        case 'lock': return `${o} ring.producer_lock=${cpuOfActor(v)}`;
        case 'nid': return `${o} p.nid=${v === -1 ? 'NUMA_NO_NODE' : v}`;
        case 'napi': return `${o} p.napi=${(v as number) < 0 ? 'NULL' : 'napi'}`;
        case 'cpuid': return `${o} cpuid=${v}`;
        case 'hold': return `${o} pages_state_hold_cnt=${v}`;
        case 'release': return `${o} pages_state_release_cnt=${v}`;
        case 'user': return `${o} user_cnt=${v}`;
        case 'destroyCnt': return `${o} destroy_cnt=${v}`;
        case 'frag': return `${o} frag_page=${pageRef(v)}`;
        case 'fragUsers': return `${o} frag_users=${v}`;
        case 'fragOff': return `${o} frag_offset=${v}`;
        case 'retry': return `${o} release_dw=${v ? 'scheduled' : 'idle'}`;
        case 'dmaSync': return `${o} dma_sync=${v}`;
      }
      return undefined;
    }
    case 'napi':
      switch (i) {
        case 'sched': return `napi NAPI_STATE_SCHED=${v}`;
        case 'owner': return `napi list_owner=${v}`;
        case 'disabled': return `napi disabled=${v}`;
        case 'irq': return `napi irq cpu=${v}`;
        case 'pool': return `driver RX pool=${pool(v)}`;
      }
      return undefined;
    case 'skbs': {
      const o = `skb${i}`;
      switch (f) {
        case 'st': return `${o} state=${SKB_STATE_NAMES[v as number] ?? v}`;
        case 'ppr': return `${o} pp_recycle=${v}`;
        case 'cpu': return `${o} alloc_cpu=${v}`;
        case 'cloned': return `${o} cloned=${v}`;
        case 'up': return `${o} on frag_list of skb_shared_info${v}`;
      }
      return undefined;
    }
    case 'sh':
      if (f === 'dataref') return `skb_shared_info${i} dataref=${v}`;
      if (f === 'refs' && j !== 'length' && typeof v === 'number') return `skb_shared_info${i} frag[${j}]=page${v >> 1}${(v & 1) === 0 ? ' (page ref)' : ''}`;
      return undefined;
    case 'rx':
      return i === 'length' ? `RX descriptors filled=${v}` : `RX desc ${i}=${pageRef(v)}`;
    case 'xdp':
      return i === 'length' ? `XDP frames in flight=${v}` : `XDP frame ${i}=${pageRef(v)}`;
    case 'xdpFrag':
      return i === 'length' ? undefined : `XDP frame ${i} frag=${pageRef(v)}`;
    case 'actors':
      return f === 'bh' ? `cpu${Math.floor((i as number) / 3)} ${CTX_NAMES[(i as number) % 3]} BH disabled=${v}` : undefined;
    case 'budget':
      return `packets still to arrive=${v}`;
    case 'devUnbound':
      return `device unbound=${v}`;
  }
  return undefined;
}

/** Every field of the state, in kernel terms: pools, pages, NAPI, skbs, per-CPU contexts. */
export function describeState(raw: unknown): StateField[] {
  const s = raw as PagePoolState;
  const out: StateField[] = [];
  const add = (group: string, object: string, field: string, value: unknown): void => {
    out.push({ group, object, field, value: String(value) });
  };
  s.pools.forEach((P, k) => {
    const o = `pool${k}`;
    add('pools', o, 'state', POOL_ST[P.st] ?? P.st);
    add('pools', o, 'alloc.count', P.count);
    add('pools', o, 'alloc.cache', `[${P.cache.map((c, i) => (i < P.count ? pageRef(c) : '-')).join(', ')}]`);
    add('pools', o, 'ring', `[${P.ring.map(pageRef).join(', ')}]`);
    add('pools', o, 'ring.producer_lock', cpuOfActor(P.lock));
    add('pools', o, 'p.napi', P.napi < 0 ? 'NULL' : 'napi');
    add('pools', o, 'p.nid', P.nid === -1 ? 'NUMA_NO_NODE' : P.nid);
    if (P.cpuid >= 0) add('pools', o, 'cpuid', P.cpuid);
    if (P.order > 0) add('pools', o, 'p.order', P.order);
    add('pools', o, 'pages_state_hold_cnt', P.hold);
    add('pools', o, 'pages_state_release_cnt', P.release);
    add('pools', o, 'inflight', P.hold - P.release);
    add('pools', o, 'user_cnt', P.user);
    add('pools', o, 'destroy_cnt', P.destroyCnt);
    add('pools', o, 'frag_page', pageRef(P.frag));
    if (P.frag >= 0) add('pools', o, 'frag_users', P.fragUsers);
    add('pools', o, 'release_dw', P.retry ? 'scheduled' : 'idle');
    add('pools', o, 'dma_sync', P.dmaSync);
  });
  const places = placesOf(s);
  s.pages.forEach((p, i) => {
    const o = `page${i}`;
    add('pages', o, 'owner', places[i].join(' + ') || (p.ref === 0 ? 'page allocator' : 'nowhere'));
    add('pages', o, '_refcount', p.ref);
    add('pages', o, 'pp_ref_count', p.ppRef);
    add('pages', o, 'page->pp', pool(p.pp));
    add('pages', o, 'pp_magic', p.magic ? 'PP_SIGNATURE' : '0');
    add('pages', o, 'dma_mapped', p.dma);
    add('pages', o, 'page_to_nid', p.nid);
    add('pages', o, 'pfmemalloc', p.pfm);
  });
  const n = s.napi;
  add('napi', 'napi', 'NAPI_STATE_SCHED', n.sched);
  add('napi', 'napi', 'list_owner', n.owner);
  add('napi', 'napi', 'disabled', n.disabled);
  add('napi', 'napi', 'irq cpu', n.irq);
  add('napi', 'napi', 'driver RX pool', pool(n.pool));
  add('napi', 'device', 'state', s.devUnbound ? 'unbound' : 'bound');
  add('napi', 'device', 'RX descriptors', `[${s.rx.map(pageRef).join(', ')}]`);
  add('napi', 'device', 'packets still to arrive', s.budget);
  if (s.xdp.length > 0) add('napi', 'device', 'XDP frames', `[${s.xdp.map((pg, i) => (s.xdpFrag[i] >= 0 ? `${pageRef(pg)} + frag ${pageRef(s.xdpFrag[i])}` : pageRef(pg))).join(', ')}]`);
  s.skbs.forEach((x, j) => {
    const o = `skb${j}`;
    add('skbs', o, 'state', SKB_STATE_NAMES[x.st] ?? x.st);
    if (x.st === 0) return;
    add('skbs', o, 'pp_recycle', x.ppr);
    add('skbs', o, 'cloned', x.cloned);
    if (x.up >= 0) add('skbs', o, 'on frag_list of', `skb_shared_info${x.up}`);
    if (x.sh >= 0) {
      const h = s.sh[x.sh];
      add('skbs', o, 'shared info', `skb_shared_info${x.sh}`);
      add('skbs', o, 'dataref', h.dataref);
      add('skbs', o, 'frags', `[${h.refs.map((r) => `page${r >> 1}${(r & 1) === 0 ? ' (page ref)' : ''}`).join(', ')}]`);
    }
  });
  s.actors.forEach((A, id) => {
    const o = `cpu${Math.floor(id / 3)} ${CTX_NAMES[id % 3]}`;
    const busy = A.op !== 0 || A.q.length > 0 || A.page >= 0;
    if (!busy && !(id % 3 === 0 && A.bh)) return;
    add('contexts', o, 'BH', id % 3 === 0 ? (A.bh ? 'disabled' : 'enabled') : id % 3 === 1 ? 'disabled (softirq)' : 'hardirq');
    add('contexts', o, 'next call', nextCall(A.op));
    if (A.pool >= 0) add('contexts', o, 'pool', pool(A.pool));
    if (A.page >= 0) add('contexts', o, 'page', pageRef(A.page));
    if (A.q.length > 0) add('contexts', o, 'puts pending', `[${A.q.map((e) => `page${e >> 2}${((e >> 1) & 1) === 0 ? ' (page ref)' : ''}`).join(', ')}]`);
  });
  return out;
}
