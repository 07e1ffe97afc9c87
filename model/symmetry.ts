/**
 * Page symmetry: page frames are interchangeable (their node travels with
 * them in `Page.nid`), so a state and any relabelling of its pages behave the
 * same. `canonicalPages` returns the representative whose pages are sorted by a
 * signature made of the page's own fields and every place that names it; two
 * pages with equal signatures are unreferenced and identical, so the order is
 * canonical (the representative is the same for every member of an orbit).
 *
 * Every reference to a page index is relabelled: pool caches (all slots),
 * rings and frag pages, RX descriptors, XDP frames, get_page holders, skb data
 * references, actors' in-flight pages and pending puts, and ghost page indices.
 */
import type { PagePoolState } from './state.ts';
import { cloneState } from './state.ts';

function signatures(s: PagePoolState): string[] {
  const tok: string[][] = s.pages.map((p) => [
    `${p.nid},${p.ref},${p.ppRef},${p.pp},${p.magic ? 1 : 0},${p.pfm ? 1 : 0},${p.dma ? 1 : 0}`,
  ]);
  s.pools.forEach((P, k) => {
    P.cache.forEach((pg, i) => {
      if (pg >= 0) tok[pg].push(`c${k}.${i}`);
    });
    P.ring.forEach((pg, i) => tok[pg].push(`r${k}.${i}`));
    if (P.frag >= 0) tok[P.frag].push(`f${k}`);
  });
  s.rx.forEach((pg, i) => tok[pg].push(`x${i}`));
  s.xdp.forEach((pg, i) => tok[pg].push(`d${i}`));
  s.ext.forEach((pg, i) => tok[pg].push(`e${i}`));
  s.sh.forEach((h, j) => h.refs.forEach((r, i) => tok[r >> 1].push(`s${j}.${i}.${r & 1}`)));
  s.actors.forEach((a, j) => {
    if (a.page >= 0) tok[a.page].push(`a${j}`);
    a.q.forEach((e, i) => tok[e >> 2].push(`q${j}.${i}.${e & 3}`));
  });
  const g = s.g;
  if (g.putFreed >= 0) tok[g.putFreed].push('gP');
  if (g.ppUnderflow >= 0) tok[g.ppUnderflow].push('gU');
  if (g.unmapDeadDev >= 0) tok[g.unmapDeadDev].push('gD');
  return tok.map((t) => t.join(' '));
}

export function canonicalPages(s: PagePoolState): PagePoolState {
  const sig = signatures(s);
  const n = sig.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (sig[a] < sig[b] ? -1 : sig[a] > sig[b] ? 1 : a - b));
  let identity = true;
  for (let i = 0; i < n; i++) if (order[i] !== i) identity = false;
  if (identity) return s;
  return relabelPages(s, order);
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
  t.ext = t.ext.map(m);
  for (const h of t.sh) h.refs = h.refs.map((r) => rel[r >> 1] * 2 + (r & 1));
  for (const a of t.actors) {
    a.page = m(a.page);
    a.q = a.q.map((e) => rel[e >> 2] * 4 + (e & 3));
  }
  t.g.putFreed = m(t.g.putFreed);
  t.g.ppUnderflow = m(t.g.ppUnderflow);
  t.g.unmapDeadDev = m(t.g.unmapDeadDev);
  return t;
}
