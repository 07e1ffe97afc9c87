/**
 * net/core/filter.c (Linux 6.12 mainline): XDP_REDIRECT, and the XDP
 * program's bpf_xdp_adjust_tail() shrinking a multi-buffer packet. Leaves out:
 * the redirect maps and targets (a frame is in flight until xdp_return_frame()).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { returnPages } from './xdp.ts';

/** xdp_do_redirect() has `a.b` 1: the packet spans two RX buffers (a multi-buffer xdp_buff). */
export const REDIRECT_MULTI_BUFFER = 1;

/**
 * xdp_do_redirect(): the RX buffer leaves the driver as an XDP frame (xdp_convert_buff_to_frame()
 * keeps the xdp_buff's flags). With `a.b` REDIRECT_MULTI_BUFFER the driver built a multi-buffer
 * xdp_buff first (mvneta_swbm_add_rx_fragment(), mlx5e, bnxt: xdp_buff_set_frags_flag(), the next
 * RX buffer's page in `sinfo->frags[sinfo->nr_frags++]`): the frame holds both buffers' references.
 */
export function xdp_do_redirect(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const pg = t.rx.shift() as number;
  t.xdp.push(pg);
  t.xdpFrag.push(a.b === REDIRECT_MULTI_BUFFER ? (t.rx.shift() as number) : -1);
}

/**
 * The XDP program calls bpf_xdp_adjust_tail(xdp, -len) on a multi-buffer packet (its first two
 * RX buffers) with len at least its last frag's size: bpf_xdp_frags_shrink_tail() ->
 * bpf_xdp_shrink_data(): `release = skb_frag_size(frag) == shrink` -> __xdp_return(page_address(page),
 * &xdp->rxq->mem, false, NULL); `sinfo->nr_frags -= n_frags_free`; with no frag left
 * xdp_buff_clear_frags_flag(xdp): the packet goes on as a single-buffer one (its head buffer).
 */
export function bpf_xdp_adjust_tail(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const frag = t.rx.splice(1, 1)[0]; // sinfo->nr_frags -= n_frags_free
  returnPages(t, env, act, a.cpu, a.ctx, [frag], false);
}
