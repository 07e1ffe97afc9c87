/**
 * Page symmetry: page frames are interchangeable (their node travels with
 * them in `Page.nid`), so a state and any relabelling of its pages behave the
 * same. `canonicalOrder` sorts pages by their own fields and a hash of every
 * place that names them; pages that tie are unreferenced and identical (or
 * collide in a 32-bit hash, which costs reduction, not soundness), so the
 * representative is the same for every member of an orbit. The model's
 * `encode` is `encodeCanonical`: the encoding of that representative.
 *
 * Every reference to a page index is relabelled: pool caches (all slots),
 * rings and frag pages, RX descriptors, XDP frames, get_page holders, skb data
 * references, actors' in-flight pages and pending puts, and ghost page indices.
 */
import type { PagePoolState, StateWriterLike } from './state.ts';
import { cloneState, encodeState } from './state.ts';

/** A well-mixed 32-bit hash of a position token (order-independent sums of these identify a page's places). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

// the arrays of the last canonical order (reused from one state to the next: no allocation per state)
let attr: number[] = [];
let pos: number[] = [];
let ord: number[] = [];
let relab: number[] = [];

/** Add a place (its token) to page `pg`'s position hash. */
function add(pg: number, token: number): void {
  pos[pg] = (pos[pg] + mix(token)) >>> 0;
}

/**
 * The canonical page order: pages sorted by (own fields, hash of the places
 * that name them), ties by index. Ties between different pages need a 32-bit
 * hash collision; they only cost reduction (the result is still a relabelling
 * of `s`), never soundness.
 */
export function canonicalOrder(s: PagePoolState): number[] {
  return orderOf(s).slice();
}

/** canonicalOrder(s) in an array reused by the next call (read it before then). */
function orderOf(s: PagePoolState): number[] {
  const n = s.pages.length;
  if (attr.length !== n) {
    attr = new Array<number>(n).fill(0);
    pos = new Array<number>(n).fill(0);
    ord = new Array<number>(n).fill(0);
  }
  for (let i = 0; i < n; i++) {
    const p = s.pages[i];
    let v = p.nid;
    v = v * 64 + p.ref;
    v = v * 64 + (p.ppRef + 16);
    v = v * 8 + (p.pp + 1);
    v = v * 2 + (p.magic ? 1 : 0);
    v = v * 2 + (p.pfm ? 1 : 0);
    v = v * 2 + (p.dma ? 1 : 0);
    v = v * 2 + (p.dmaIdx !== 0 ? 1 : 0);
    attr[i] = v * 2 + (p.dmaAddr !== 0 ? 1 : 0);
    pos[i] = 0;
  }
  for (let k = 0; k < s.pools.length; k++) {
    const P = s.pools[k];
    for (let i = 0; i < P.cache.length; i++) if (P.cache[i] >= 0) add(P.cache[i], 1_000_000 + k * 1000 + i);
    for (let i = 0; i < P.ring.length; i++) add(P.ring[i], 2_000_000 + k * 1000 + i);
    if (P.frag >= 0) add(P.frag, 3_000_000 + k);
  }
  for (let i = 0; i < s.rx.length; i++) add(s.rx[i], 4_000_000 + i);
  for (let i = 0; i < s.xdp.length; i++) add(s.xdp[i], 5_000_000 + i);
  for (let i = 0; i < s.xdpFrag.length; i++) if (s.xdpFrag[i] >= 0) add(s.xdpFrag[i], 5_500_000 + i);
  for (let i = 0; i < s.ext.length; i++) add(s.ext[i], 6_000_000 + i);
  if (s.drvFrag >= 0) add(s.drvFrag, 6_500_000);
  for (let j = 0; j < s.sh.length; j++) {
    const refs = s.sh[j].refs;
    for (let i = 0; i < refs.length; i++) add(refs[i] >> 1, 7_000_000 + j * 1000 + i * 10 + (refs[i] & 1));
  }
  for (let j = 0; j < s.actors.length; j++) {
    const a = s.actors[j];
    if (a.page >= 0) add(a.page, 8_000_000 + j);
    for (let i = 0; i < a.q.length; i++) add(a.q[i] >> 2, 9_000_000 + j * 1000 + i * 10 + (a.q[i] & 3));
    for (let i = 0; i < a.bq.length; i++) add(a.bq[i] >> 1, 11_000_000 + j * 1000 + i * 10 + (a.bq[i] & 1));
  }
  const g = s.g;
  if (g.putFreed >= 0) add(g.putFreed, 10_000_001);
  if (g.ppUnderflow >= 0) add(g.ppUnderflow, 10_000_002);
  if (g.unmapDeadDev >= 0) add(g.unmapDeadDev, 10_000_003);
  if (g.syncUnmapped >= 0) add(g.syncUnmapped, 10_000_004);
  if (g.niovPut >= 0) add(g.niovPut, 10_000_005);
  if (g.foreign >= 0) add(g.foreign, 10_000_006);
  if (g.badPage >= 0) add(g.badPage, 10_000_007);
  if (g.dmaBad >= 0) add(g.dmaBad, 10_000_008);
  if (g.niovAsPage >= 0) add(g.niovAsPage, 10_000_009);
  // sorted by (attr, pos, index): an insertion sort (a handful of pages; Array.prototype.sort
  // with a comparator costs more than the sorting here), the same total order
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && (attr[ord[j - 1]] > attr[i] || (attr[ord[j - 1]] === attr[i] && pos[ord[j - 1]] > pos[i]))) {
      ord[j] = ord[j - 1];
      j--;
    }
    ord[j] = i;
  }
  return ord;
}

/** The canonical representative of `s` under page relabelling. */
export function canonicalPages(s: PagePoolState): PagePoolState {
  const order = canonicalOrder(s);
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return relabelPages(s, order);
  return s;
}

/** encodeState(canonicalPages(s)) without building the relabelled state. */
export function encodeCanonical(s: PagePoolState, w: StateWriterLike): void {
  const order = orderOf(s);
  let identity = true;
  for (let i = 0; i < order.length; i++) if (order[i] !== i) identity = false;
  if (identity) return encodeState(s, w);
  if (relab.length !== order.length) relab = new Array<number>(order.length).fill(0);
  for (let i = 0; i < order.length; i++) relab[order[i]] = i;
  encodeState(s, w, order, relab);
}

/** The state with page `order[i]` renamed to page `i` (every reference relabelled). */
export function relabelPages(s: PagePoolState, order: readonly number[]): PagePoolState {
  const n = order.length;
  const rel = new Array<number>(n);
  for (let i = 0; i < n; i++) rel[order[i]] = i;
  const t = cloneState(s);
  const m = (pg: number) => (pg >= 0 ? rel[pg] : pg);
  t.pages = order.map((o) => t.pages[o]);
  for (const P of t.pools) {
    P.cache = P.cache.map(m);
    P.ring = P.ring.map(m);
    P.frag = m(P.frag);
  }
  t.rx = t.rx.map(m);
  t.xdp = t.xdp.map(m);
  t.xdpFrag = t.xdpFrag.map(m);
  t.ext = t.ext.map(m);
  t.drvFrag = m(t.drvFrag);
  for (const h of t.sh) h.refs = h.refs.map((r) => rel[r >> 1] * 2 + (r & 1));
  for (const a of t.actors) {
    a.page = m(a.page);
    a.q = a.q.map((e) => rel[e >> 2] * 4 + (e & 3));
    a.bq = a.bq.map((e) => rel[e >> 1] * 2 + (e & 1));
  }
  t.g.putFreed = m(t.g.putFreed);
  t.g.ppUnderflow = m(t.g.ppUnderflow);
  t.g.unmapDeadDev = m(t.g.unmapDeadDev);
  t.g.syncUnmapped = m(t.g.syncUnmapped);
  t.g.niovPut = m(t.g.niovPut);
  t.g.foreign = m(t.g.foreign);
  t.g.badPage = m(t.g.badPage);
  t.g.dmaBad = m(t.g.dmaBad);
  t.g.niovAsPage = m(t.g.niovAsPage);
  return t;
}
