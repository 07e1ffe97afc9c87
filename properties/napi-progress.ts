import type { LivenessProperty } from '../src/engine/model.ts';
import type { PpAction } from '../model/registry.ts';
import type { PagePoolState } from '../model/state.ts';

/**
 * napi-progress (liveness; checked by `check --liveness`)
 *
 * Statement: a scheduled, enabled NAPI instance eventually completes its
 * poll (napi_complete_done() clears NAPI_STATE_SCHED): `sched /\ !disabled ~>
 * !sched`, under weak fairness of every context. Nothing in page_pool may
 * keep the poll from finishing: not a recycle that spins, not a context that
 * waits forever on the CPU that runs the poll.
 *
 * Kernel rationale: net_rx_action() polls a scheduled NAPI in softirq (or
 * the threaded-NAPI kthread) and the driver completes it when it has no more
 * work (napi_complete_done(), then re-enables its IRQ). A poll that never
 * completes keeps NAPI_STATE_SCHED set: napi_disable() (queue restart,
 * page_pool swap, device removal) waits for it forever, and the softirq
 * keeps the CPU. page_pool relies on it too: direct recycling into the
 * alloc cache is only safe while the NAPI is owned by one CPU, and
 * page_pool_destroy() callers disable the NAPI first.
 */
export const napiProgress: LivenessProperty<PagePoolState, PpAction> = {
  id: 'napi-progress',
  description: 'a scheduled NAPI eventually completes its poll (napi_complete_done)',
  from: (s) => s.napi.sched && !s.napi.disabled,
  to: (s) => !s.napi.sched,
};
