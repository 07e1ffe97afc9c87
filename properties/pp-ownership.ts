import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { KIND_PP, POOL_FREED } = St;

/**
 * pp-ownership
 *
 * Statement: every pp reference held by a user (an RX descriptor, an skb data
 * reference recorded as a pp reference, an XDP frame, a pending put of such a
 * reference) names a page that a pool still owns: page->pp is a pool that is not
 * freed and pp_magic carries PP_SIGNATURE; and every page in a pool's alloc cache
 * or ring has page->pp == that pool.
 *
 * Kernel rationale: napi_pp_put_page() trusts `page->pp` and the pp_magic
 * signature (is_pp_netmem) to route a page back to its pool. If one holder's
 * release makes the page leave the pool (page_pool_return_netmem clears pp info
 * and puts the pool's page reference) while another holder still owns a pp
 * reference, that holder's later put is accounted against a page the pool no
 * longer owns: two owners for one page.
 *
 * Motivating commit: 2cc3aeb5eccc "skbuff: Fix a potential race while
 * recycling page_pool packets" (only the last dataref holder may recycle:
 * skb_release_data clears pp_recycle) and 57f05bc2ab24 "page_pool: keep pp info
 * as long as page pool owns the page".
 */
export const ppOwnership: Invariant<PagePoolState> = {
  id: 'pp-ownership',
  description: 'every pp reference a user holds names a page its live pool still owns; cache/ring pages belong to their pool',
  check(s) {
    for (let i = 0; i < s.rx.length; i++) {
      if (!owned(s, s.rx[i])) return notOwned(s, s.rx[i], `rx desc ${i}`);
    }
    for (let i = 0; i < s.xdp.length; i++) {
      if (!owned(s, s.xdp[i])) return notOwned(s, s.xdp[i], `xdp frame ${i}`);
    }
    for (let h = 0; h < s.sh.length; h++) {
      const sh = s.sh[h];
      if (sh.dataref === 0) continue;
      for (const ref of sh.refs) {
        if ((ref & 1) !== KIND_PP) continue;
        if (!owned(s, ref >> 1)) return notOwned(s, ref >> 1, dataHolder(s, h));
      }
    }
    for (let a = 0; a < s.actors.length; a++) {
      for (const e of s.actors[a].q) {
        if (((e >> 1) & 1) !== KIND_PP) continue;
        if (!owned(s, e >> 2)) return notOwned(s, e >> 2, `cpu${Math.floor(a / 3)} (pending put)`);
      }
    }
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st === POOL_FREED) continue;
      for (let i = 0; i < P.count && i < P.cache.length; i++) {
        const pg = P.cache[i];
        if (pg >= 0 && s.pages[pg].pp !== k) return `pool${k}.cache[${i}] holds page${pg} whose page->pp is ${poolName(s.pages[pg].pp)}`;
      }
      for (const pg of P.ring) if (s.pages[pg].pp !== k) return `pool${k}.ring holds page${pg} whose page->pp is ${poolName(s.pages[pg].pp)}`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};

/** page->pp as the kernel prints a pointer: NULL or the pool. */
function poolName(pp: number): string {
  return pp < 0 ? 'NULL' : `pool${pp}`;
}

/** The skbs whose data (skb_shared_info h) holds a reference, in kernel words: "skb1" or "skb0 and skb1 (shared data)". */
function dataHolder(s: PagePoolState, h: number): string {
  const skbs: string[] = [];
  s.skbs.forEach((x, j) => {
    if (x.sh === h && x.st !== 0) skbs.push(`skb${j}`);
  });
  if (skbs.length === 0) return `an skb's shared info`;
  return skbs.length === 1 ? skbs[0] : `${skbs.join(' and ')} (shared data)`;
}

/** page->pp is set, pp_magic carries PP_SIGNATURE, and that pool is not freed. */
function owned(s: PagePoolState, pg: number): boolean {
  const p = s.pages[pg];
  return p.pp >= 0 && p.magic && s.pools[p.pp].st !== POOL_FREED;
}

/** Why `who`'s pp reference to page `pg` is not owned (when !owned(s, pg)). */
function notOwned(s: PagePoolState, pg: number, who: string): string {
  const p = s.pages[pg];
  if (p.pp < 0 || !p.magic) return `${who} holds a pp reference to page${pg} but page->pp is NULL (the page left its pool)`;
  return `${who} holds page${pg} of freed pool${p.pp}`;
}
