/**
 * net/core/filter.c (Linux 6.12 mainline): XDP_REDIRECT. Leaves out: the
 * redirect maps and targets (a frame is in flight until xdp_return_frame()).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** xdp_do_redirect(): the RX buffer leaves the driver as an XDP frame. */
export function xdp_do_redirect(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  const pg = t.rx.shift() as number;
  t.xdp.push(pg);
}
