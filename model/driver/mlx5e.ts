/**
 * A driver that counts frags itself, as mlx5e does for its striding RX queue
 * (drivers/net/ethernet/mellanox/mlx5/core/en_rx.c, Linux 6.12): it takes a whole
 * page from its pool, splits it with page_pool_fragment_page(page, BIAS), keeps the
 * count of frags it handed out (`struct mlx5e_frag_page.frags`), and when it is done
 * with the page drops the bias it did not hand out in one page_pool_unref_page();
 * whoever drops the last reference (the driver here, or the last skb frag through
 * napi_pp_put_page) puts the page. The model's state: `drvFrag` (frag_page->page),
 * `drvFrags` (frag_page->frags). Leaves out: the WQE and stride layout (a page holds
 * FRAGS_PER_PAGE frags), header split, XDP on strides.
 */
import type { Action, Env } from '../env.ts';
import { push } from '../env.ts';
import { page_pool_fragment_page, page_pool_unref_page } from '../kernel/include/net/page_pool/helpers.ts';
import { putUnrefedPage } from '../kernel/net/core/page_pool.ts';
import { allocPageAtomic, touchPool } from '../kernel/net/core/page_pool.ts';
import type { Actor, Ctx, PagePoolState } from '../state.ts';
import { BIAS, FRAGS_PER_PAGE, POOL_ALIVE, TASK } from '../state.ts';

/** MLX5E_PAGECNT_BIAS_MAX, scaled like the frag allocator's BIAS_MAX. */
export const MLX5E_PAGECNT_BIAS_MAX = BIAS;

/**
 * mlx5e_page_alloc_fragmented(): `page = page_pool_dev_alloc_pages(pool)`;
 * `page_pool_fragment_page(page, MLX5E_PAGECNT_BIAS_MAX)`; `frag_page->frags = 0`.
 */
export function mlx5e_page_alloc_fragmented(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = a.a;
  touchPool(t, k);
  t.budget--;
  const pg = allocPageAtomic(t, env, k, a.cpu, a.b);
  if (pg < 0) return; // -ENOMEM: the WQE stays empty
  page_pool_fragment_page(t, pg, MLX5E_PAGECNT_BIAS_MAX);
  t.drvFrag = pg;
  t.drvFrags = 0;
}

/** mlx5e_add_skb_frag() / a stride handed to the stack: `frag_page->frags++`; the frag is a received buffer. */
export function mlx5e_add_skb_frag(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  t.drvFrags++;
  t.rx.push(t.drvFrag);
}

/**
 * mlx5e_page_release_fragmented(): `drain_count = MLX5E_PAGECNT_BIAS_MAX - frag_page->frags`;
 * `if (page_pool_unref_page(page, drain_count) == 0) page_pool_put_unrefed_page(pool, page, -1, true)`.
 */
export function mlx5e_page_release_fragmented(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.drvFrag;
  const drain = MLX5E_PAGECNT_BIAS_MAX - t.drvFrags;
  t.drvFrag = -1;
  t.drvFrags = 0;
  if (page_pool_unref_page(t, pg, drain) === 0) putUnrefedPage(t, env, act, a.cpu, a.ctx, pg, true);
}

// ---- start rules (the NAPI poll)

/** The poll refills its WQE with a fresh fragmented page when it holds none (a packet is still to come). */
export function pollAllocsFragmented(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const pool = s.napi.pool;
  if (s.drvFrag >= 0 || s.budget <= 0 || s.pools[pool].st !== POOL_ALIVE) return;
  for (const pfm of env.pressure ? [0, 1] : [0]) push(out, 'mlx5e_page_alloc_fragmented', cpu, ctx, pool, pfm);
}
/** A packet lands in the next stride of the fragmented page (an RX descriptor slot is free). */
export function pollAddsSkbFrag(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.drvFrag >= 0 && s.drvFrags < FRAGS_PER_PAGE && s.rx.length < env.descs) push(out, 'mlx5e_add_skb_frag', cpu, ctx);
}
/** The WQE is released (all strides consumed, or earlier: a queue flush) while the stack may still hold its frags. */
export function pollReleasesFragmented(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.drvFrag >= 0) push(out, 'mlx5e_page_release_fragmented', cpu, ctx, s.drvFrag);
}
