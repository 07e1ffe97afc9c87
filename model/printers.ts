/**
 * Pure printers for actions and state changes, in kernel terms.
 */
import { match } from 'ts-pattern';
import type { ActionActor } from '../src/engine/model.ts';
import { type ArgKind, KERNEL_FUNCTION, type PpAction } from './registry.ts';
import { CTX_NAMES, OP_NAMES, type PagePoolState, SKB_STATE_NAMES } from './state.ts';
import { COALESCE_HEADLEN0, SHIFT_MODES, SPLIT_IN_HEADER } from './kernel/net/core/skbuff.ts';
import { REDIRECT_MULTI_BUFFER } from './kernel/net/core/filter.ts';

/** What the action's `a`/`b` name (the table's `args`; an unknown kind prints none). */
function argKind(fn: string): ArgKind {
  return KERNEL_FUNCTION.get(fn)?.args ?? 'none';
}

export function actionArgs(a: PpAction): string {
  return match(argKind(a.fn))
    .with('none', () => '')
    .with('skb', () => `skb${a.a}`)
    .with('free', () => `skb${a.a}${a.b === 1 ? ', BH off' : ''}`)
    .with('coalesce', () => `to=skb${a.a}, from=skb${a.b % COALESCE_HEADLEN0}${a.b >= COALESCE_HEADLEN0 ? ', headlen 0' : ''}`)
    .with('split', () => `skb${a.a}, ${a.b === SPLIT_IN_HEADER ? 'inside the header' : `${(a.b & 1) === 1 ? 'inside' : 'at'} frag${a.b >> 1}`}`)
    .with('shift', () => `tgt=skb${a.a}, skb=skb${a.b % SHIFT_MODES}, ${['all frags', 'first frag split', 'first frag merged'][Math.floor(a.b / SHIFT_MODES)]}`)
    .with('pool', () => `pool${a.a}${a.b === 1 ? ', pfmemalloc' : ''}`)
    .with('page', () => `page${a.a}`)
    .with('cpu', () => `cpu${a.a}`)
    .with('kthread', () => (a.a >= 0 ? `kthread on cpu${a.a}` : ''))
    .with('frame', () => `frame${a.a}`)
    .with('header', () => (a.b === 1 ? 'header only' : ''))
    .with('redirect', () => (a.b === REDIRECT_MULTI_BUFFER ? 'multi-buffer: 2 RX buffers' : ''))
    .exhaustive();
}

export function actionLabel(a: PpAction): string {
  return `cpu${a.cpu} ${CTX_NAMES[a.ctx]} ${a.fn}(${actionArgs(a)})`;
}

export function actionActor(a: PpAction): ActionActor {
  return { actor: `cpu${a.cpu}`, context: CTX_NAMES[a.ctx], fn: a.fn, args: actionArgs(a) };
}

/** Where each page is referenced, as a sorted list of place names. */
export function placesOf(s: PagePoolState): string[][] {
  const out: string[][] = s.pages.map(() => []);
  s.pools.forEach((P, k) => {
    for (let i = 0; i < P.count && i < P.cache.length; i++) if (P.cache[i] >= 0) out[P.cache[i]].push(`pool${k}.cache`);
    for (const pg of P.ring) out[pg].push(`pool${k}.ring`);
    if (P.frag >= 0) out[P.frag].push(`pool${k}.frag_page`);
  });
  for (const pg of s.rx) out[pg].push('rx');
  for (const pg of s.xdp) out[pg].push('xdp');
  for (const pg of s.xdpFrag) if (pg >= 0) out[pg].push('xdp frag');
  for (const pg of s.ext) out[pg].push('get_page holder');
  if (s.drvFrag >= 0) out[s.drvFrag].push(`driver frag_page (${s.drvFrags} frags handed out)`);
  s.skbs.forEach((x, j) => {
    if (x.sh < 0 || x.st === 0) return;
    for (const r of s.sh[x.sh].refs) out[r >> 1].push(`skb${j}${(r & 1) === 0 ? '(page ref)' : ''}`);
  });
  s.actors.forEach((A, id) => {
    const who = `cpu${Math.floor(id / 3)} ${CTX_NAMES[id % 3]}`;
    if (A.page >= 0) out[A.page].push(who);
    for (const e of A.q) out[e >> 2].push(`${who} (put pending)`);
    for (const e of A.bq) out[e >> 1].push(`${who} (bulk ${(e & 1) === 0 ? 'queued' : 'approved'})`);
  });
  return out.map((l) => l.sort());
}

/** What each in-flight operation is about to do next, named by the kernel function that does it. */
export const NEXT_CALL: Record<(typeof OP_NAMES)[number], string> = {
  idle: 'none',
  push_read: 'page_pool_recycle_in_cache',
  push_write: 'page_pool_recycle_in_cache:store',
  ring: 'page_pool_recycle_in_ring',
  ring_unlock: 'page_pool_producer_unlock',
  ring_stat: 'recycle_stat_inc',
  pop_write: '__page_pool_get_cached:take',
  release_scrub: 'page_pool_scrub',
  release_free: 'page_pool_release',
  sync_check: 'page_pool_dma_sync_for_device',
  sync: '__page_pool_dma_sync_for_device',
  ring_full: 'page_pool_return_page',
  bulk_put: 'page_pool_put_page_bulk',
  bulk_ring: 'page_pool_put_page_bulk:produce',
  bulk_unlock: 'page_pool_put_page_bulk:unlock',
  bulk_return: 'page_pool_put_page_bulk:return',
};

export function nextCall(op: number): string {
  return NEXT_CALL[OP_NAMES[op] ?? 'idle'] ?? `op${op}`;
}

function chg(out: string[], what: string, a: unknown, b: unknown): void {
  if (a !== b) out.push(`${what} ${String(a)}→${String(b)}`);
}

const POOL_ST = ['alive', 'destroying', 'freed'];

export function describeChange(prev: PagePoolState, next: PagePoolState): string[] {
  const out: string[] = [];
  prev.pages.forEach((p, i) => {
    const q = next.pages[i];
    chg(out, `page${i} _refcount`, p.ref, q.ref);
    chg(out, `page${i} pp_ref_count`, p.ppRef, q.ppRef);
    if (p.pp !== q.pp) out.push(`page${i} page->pp ${p.pp < 0 ? 'NULL' : 'pool' + p.pp}→${q.pp < 0 ? 'NULL' : 'pool' + q.pp}`);
    chg(out, `page${i} pp_magic`, p.magic, q.magic);
    chg(out, `page${i} dma_mapped`, p.dma, q.dma);
    chg(out, `page${i} pfmemalloc`, p.pfm, q.pfm);
  });
  const a = placesOf(prev);
  const b = placesOf(next);
  a.forEach((l, i) => {
    const x = l.join('+') || 'nowhere';
    const y = b[i].join('+') || 'nowhere';
    if (x !== y) out.push(`page${i} ${x}→${y}`);
  });
  prev.pools.forEach((P, k) => {
    const Q = next.pools[k];
    chg(out, `pool${k} state`, POOL_ST[P.st], POOL_ST[Q.st]);
    chg(out, `pool${k} alloc.count`, P.count, Q.count);
    chg(out, `pool${k} hold_cnt`, P.hold, Q.hold);
    chg(out, `pool${k} release_cnt`, P.release, Q.release);
    chg(out, `pool${k} p.napi`, P.napi < 0 ? 'NULL' : 'napi', Q.napi < 0 ? 'NULL' : 'napi');
    chg(out, `pool${k} cpuid`, P.cpuid, Q.cpuid);
    chg(out, `pool${k} p.nid`, P.nid < 0 ? 'NUMA_NO_NODE' : P.nid, Q.nid < 0 ? 'NUMA_NO_NODE' : Q.nid);
    chg(out, `pool${k} destroy_cnt`, P.destroyCnt, Q.destroyCnt);
    chg(out, `pool${k} frag_users`, P.fragUsers, Q.fragUsers);
    chg(out, `pool${k} producer_lock`, P.lock < 0 ? 'free' : `cpu${Math.floor(P.lock / 3)}`, Q.lock < 0 ? 'free' : `cpu${Math.floor(Q.lock / 3)}`);
    chg(out, `pool${k} release_dw`, P.retry ? 'scheduled' : 'idle', Q.retry ? 'scheduled' : 'idle');
  });
  const n = prev.napi;
  const m = next.napi;
  chg(out, 'napi SCHED', n.sched, m.sched);
  chg(out, 'napi list_owner', n.owner, m.owner);
  chg(out, 'napi disabled', n.disabled, m.disabled);
  chg(out, 'napi irq cpu', n.irq, m.irq);
  chg(out, 'napi pool', `pool${n.pool}`, `pool${m.pool}`);
  prev.skbs.forEach((x, j) => {
    const y = next.skbs[j];
    chg(out, `skb${j}`, SKB_STATE_NAMES[x.st], SKB_STATE_NAMES[y.st]);
    chg(out, `skb${j} pp_recycle`, x.ppr, y.ppr);
    chg(out, `skb${j} cloned`, x.cloned, y.cloned);
    chg(out, `skb${j} on frag_list of`, x.up < 0 ? 'none' : `skb_shared_info${x.up}`, y.up < 0 ? 'none' : `skb_shared_info${y.up}`);
    if (x.sh >= 0 && y.sh >= 0 && x.sh === y.sh) chg(out, `skb${j} dataref`, prev.sh[x.sh].dataref, next.sh[y.sh].dataref);
  });
  prev.actors.forEach((A, id) => {
    const B = next.actors[id];
    chg(out, `cpu${Math.floor(id / 3)} ${CTX_NAMES[id % 3]} next call`, nextCall(A.op), nextCall(B.op));
  });
  chg(out, 'budget', prev.budget, next.budget);
  chg(out, 'device', prev.devUnbound ? 'unbound' : 'bound', next.devUnbound ? 'unbound' : 'bound');
  const g = prev.g;
  const h = next.g;
  for (const key of Object.keys(g) as (keyof typeof g)[]) if (g[key] !== h[key]) out.push(`ghost ${key} ${g[key]}→${h[key]}`);
  return out;
}
