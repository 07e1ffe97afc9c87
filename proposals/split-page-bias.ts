/**
 * Split-page design (1): a separate split-page pool type with a driver-held
 * refcount bias, hns3 style, and page_pool_atomic_sub_if_positive() deciding
 * who may recycle (Yunsheng Lin's 2021 proposal; the separate pool type is
 * what Ilias Apalodimas preferred in the seed thread, "I would prefer a
 * different page pool type if we wanted to support the split page model").
 * See ../shared/kernel/split-page-proposals.md §0-§1 and docs/split-page.md.
 *
 * How it works (our reading of the proposal; the RFC's exact code is not in
 * the notes):
 * - The driver allocates a whole page from the pool (page_pool_dev_alloc_pages:
 *   _refcount 1, page->pp set), then takes a bias of references up front,
 *   hns3_alloc_buffer(): page_ref_add(page, BIAS - 1); pagecnt_bias = BIAS.
 * - Each half page it posts to the RX ring is one of those references handed
 *   to the stack: pagecnt_bias--; when the bias runs out it tops it up
 *   (page_ref_add(page, BIAS); pagecnt_bias = BIAS).
 * - When its offset wraps, the driver reuses the page if the stack holds no
 *   reference, hns3_can_reuse_page(): page_count(page) == pagecnt_bias (and the
 *   page is not pfmemalloc); otherwise it gives the page up:
 *   page_pool_atomic_sub_if_positive(page, pagecnt_bias).
 * - The stack frees a pp_recycle skb's page with
 *   page_pool_atomic_sub_if_positive(page, 1) instead of the pp_ref_count unref.
 * - page_pool_atomic_sub_if_positive(page, nr): atomically drop nr references
 *   unless that would take _refcount to 0; if it would, the caller holds the
 *   last nr references: it drops nr - 1 of them and calls
 *   page_pool_put_full_page() with the pool's one reference (_refcount 1), so
 *   the usual recycle-or-release decision runs exactly once.
 * - The stack's references are page references (_refcount), so coalescing from
 *   a cloned skb takes page references (__skb_frag_ref, as in 2021), not
 *   pp_ref_count ones; pp_ref_count stays 1 and is not used.
 *
 * Model: bounded BIAS = 2 (USHRT_MAX in hns3), two halves per page, the frag
 * scenario's workload with the driver's allocation replaced.
 *
 *   npx ppcheck check --model proposals/split-page-bias.ts
 *   npx ppcheck diff  --model proposals/split-page-bias.ts
 */
import { defineProposal, pollStarts, type PagePoolState, type Start } from '../model/proposal.ts';

/** pagecnt_bias refill (USHRT_MAX in hns3, scaled down). */
const BIAS = 2;
/** halves per page (hns3 with 4K pages and 2K buffers). */
const HALVES = 2;

interface Driver {
  /** pagecnt_bias: references the driver holds on the page (0: not the driver's) */
  bias: number[];
  /** the page is the driver's current RX buffer page (desc_cb->priv) */
  cur: number[];
  /** halves of the current page posted since the offset last wrapped */
  off: number[];
  /** ghost: the driver reused a page (the NIC will write it again) while another holder still had a reference */
  reusedWhileHeld: boolean;
}

type S = PagePoolState & { x: Driver };

/**
 * page_pool_atomic_sub_if_positive(page, nr) on _refcount: true when it dropped
 * nr references and others still hold the page; false when the caller held the
 * last nr: then nr - 1 are dropped and the caller must page_pool_put_full_page().
 */
function subIfPositive(t: S, page: number, nr: number): boolean {
  const p = t.pages[page];
  if (p.ref - nr > 0) {
    p.ref -= nr;
    return true;
  }
  p.ref -= nr - 1;
  return false;
}

/** Every reference held outside the driver and the pool: RX descriptors, skb data, other subsystems, pending puts. */
function othersHolding(s: S, page: number): number {
  let n = 0;
  for (const r of s.rx) if (r === page) n++;
  for (const h of s.sh) if (h.dataref > 0) for (const r of h.refs) if (r >> 1 === page) n++;
  for (const r of s.ext) if (r === page) n++;
  for (const a of s.actors) for (const e of a.q) if (e >> 2 === page) n++;
  return n;
}

export const family = defineProposal<Driver>({
  id: 'split-page-bias',
  description:
    'split-page pool type (hns3 style): the driver holds a _refcount bias and reuses half pages itself; page_pool_atomic_sub_if_positive() decides who calls page_pool_put_full_page()',
  base: 'mainline',
  scenarios: ['frag'],
  // the stack's references are page references: coalescing takes __skb_frag_ref() (2021 behaviour)
  config: { coalesceClonedPp: 'page_ref' },
  state: {
    bias: { perPage: 0 },
    cur: { perPage: 0 },
    off: { perPage: 0 },
    reusedWhileHeld: { init: false },
  },
  remove: ['page_pool_alloc_frag'],
  add: [
    {
      fn: 'hns3_alloc_buffer',
      description: 'the driver posts a half page to the RX ring: next half, reuse, or a new page with a bias',
      enabled(s, env) {
        const P = s.pools[s.napi.pool];
        if (!env.kinds.has('page_pool_alloc_frag') || s.budget <= 0 || s.rx.length >= env.descs || P.st !== 0) return [];
        const out: Start[] = [];
        for (const st of pollStarts(s, env)) for (const pfm of env.pressure ? [0, 1] : [0]) out.push({ ...st, a: s.napi.pool, b: pfm });
        return out;
      },
      step(t, a, k) {
        const x = t.x;
        t.budget--;
        k.touchPool(a.a);
        let pg = x.cur.findIndex((c) => c === 1);
        if (pg >= 0 && x.off[pg] >= HALVES) {
          // offset wrapped: hns3_can_reuse_page(): page_count(page) == pagecnt_bias, and dev_page_is_reusable()
          const p = t.pages[pg];
          if (p.ref === x.bias[pg] && !p.pfm) {
            if (othersHolding(t as S, pg) > 0) x.reusedWhileHeld = true;
            x.off[pg] = 0;
          } else {
            // give the page up: the stack's last put (or this one) recycles it
            const bias = x.bias[pg];
            x.bias[pg] = 0;
            x.cur[pg] = 0;
            x.off[pg] = 0;
            if (!subIfPositive(t as S, pg, bias)) k.putFullPage(pg, true);
            pg = -1;
          }
        }
        if (pg < 0) {
          if (k.act.op !== 0) {
            // the give-up above started a recycle into the cache: the new page comes next time
            t.budget++;
            return;
          }
          // page_pool_dev_alloc_pages() + page_ref_add(page, BIAS - 1)
          pg = k.allocPage(a.a, a.b === 1);
          if (pg < 0) return;
          t.pages[pg].ref += BIAS - 1;
          x.bias[pg] = BIAS;
          x.cur[pg] = 1;
          x.off[pg] = 0;
        }
        // post one half: one of the driver's references goes with it
        x.off[pg]++;
        x.bias[pg]--;
        if (x.bias[pg] === 0) {
          t.pages[pg].ref += BIAS; // page_ref_add(page, USHRT_MAX)
          x.bias[pg] = BIAS;
        }
        t.rx.push(pg);
      },
      args: (a) => `pool${a.a}${a.b === 1 ? ', pfmemalloc' : ''}`,
    },
  ],
  replace: {
    // skb_page_unref() -> napi_pp_put_page(): page_pool_atomic_sub_if_positive(page, 1) first
    napi_pp_put_page(t, a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (!viaPagePool || !k.isPpPage(page)) {
        k.putPage(page); // put_netmem()
        return;
      }
      if (subIfPositive(t as S, page, 1)) return; // not the last holder
      k.putFullPage(page, false); // the last complete reference: recycle or release
    },
    // driver RX ring teardown (hns3_free_buffer): every posted half goes back through the put path,
    // then the driver drops its bias on its current page
    page_pool_put_full_page(t, a, k) {
      const keep: number[] = [];
      for (const pg of t.rx) {
        if (t.pages[pg].pp === a.a) k.act.q.push(pg * 4 + 0 * 2 + 1);
        else keep.push(pg);
      }
      t.rx = keep;
      t.drv++;
      const x = t.x;
      const pg = x.cur.findIndex((c) => c === 1);
      if (pg >= 0) {
        const bias = x.bias[pg];
        x.bias[pg] = 0;
        x.cur[pg] = 0;
        x.off[pg] = 0;
        if (!subIfPositive(t as S, pg, bias)) k.putFullPage(pg, false);
      }
    },
  },
  // frag-accounting is about pp_ref_count, which this design does not use (it stays 1); its
  // _refcount counterpart is split-bias-accounting below
  removeProperties: ['frag-accounting'],
  properties: [
    {
      id: 'split-bias-accounting',
      description:
        'for a pool-owned page: _refcount == pagecnt_bias + references held by the stack and others (+1 for the pool while stored or being recycled)',
      check(s) {
        for (let pg = 0; pg < s.pages.length; pg++) {
          const p = s.pages[pg];
          if (p.pp < 0) continue;
          const stored = s.pools.some((P) => P.ring.includes(pg) || P.cache.slice(0, P.count).includes(pg));
          const inPut = s.actors.some((a) => a.page === pg && a.op !== 0);
          const want = s.x.bias[pg] + othersHolding(s, pg) + (stored || inPut ? 1 : 0);
          if (p.ref !== want) return `page${pg} _refcount ${p.ref} but pagecnt_bias ${s.x.bias[pg]} + ${othersHolding(s, pg)} holder(s)${stored || inPut ? ' + the pool' : ''} = ${want}`;
        }
        return null;
      },
    },
    {
      id: 'driver-page-not-recycled',
      description: "the driver's current page (pagecnt_bias > 0) is never in the pool's cache or ring",
      check(s) {
        for (let pg = 0; pg < s.pages.length; pg++) {
          if (s.x.bias[pg] === 0 && s.x.cur[pg] === 0) continue;
          if (s.pools.some((P) => P.ring.includes(pg) || P.cache.slice(0, P.count).includes(pg)))
            return `page${pg} is recycled while the driver still holds it (pagecnt_bias ${s.x.bias[pg]})`;
        }
        return null;
      },
    },
    {
      id: 'no-reuse-while-held',
      description: 'the driver reuses a page (the NIC writes it again) only when nobody else holds a reference to it',
      check: (s) => (s.x.reusedWhileHeld ? 'the driver reused a page while an skb or another subsystem still referenced it' : null),
    },
  ],
  behaviours(prev, next, a) {
    const out: string[] = [];
    for (let pg = 0; pg < next.pages.length; pg++) {
      if (prev.x.cur[pg] === 1 && next.x.cur[pg] === 1 && next.x.off[pg] < prev.x.off[pg]) out.push(`driver reuses a half page via ${a.fn}`);
      if (prev.x.cur[pg] === 1 && next.x.cur[pg] === 0) out.push(`driver gives its page up via ${a.fn}`);
    }
    return out;
  },
});
