/**
 * Fairness assumptions of the liveness check, per scenario (docs/model.md
 * "Liveness and fairness"), and the deadlock hook (Model.blocked).
 *
 * - Weak fairness per execution context: on every CPU, the task, softirq
 *   and hardirq contexts are each weakly fair: a context that can run (some
 *   action of it is enabled) from some point on does run. The kernel's
 *   scheduler runs a runnable task, pending softirqs run on irq_exit() or in
 *   ksoftirqd, an asserted interrupt is delivered; a context that is
 *   preempted (a softirq over a task, a hardirq over both) is not enabled
 *   meanwhile, so weak fairness never forces a step that the nesting rules
 *   (canRun) forbid.
 * - Weak fairness of the NAPI poll: while a NAPI is scheduled, its poll (the
 *   driver's poll function: RX allocations, build_skb, XDP, and at the end
 *   napi_complete_done) runs. net_rx_action() polls every NAPI on its CPU's
 *   poll list in turn, and leaves the rest to ksoftirqd when it runs out of
 *   netdev_budget or netdev_budget_usecs; the threaded NAPI kthread polls in
 *   a loop. Per-context fairness alone is not enough: other softirq work of
 *   the same context (the stack cloning and freeing skbs) could run forever
 *   while the poll never does.
 * - Strong fairness of the workqueue in scenarios whose driver destroys a
 *   pool: page_pool_release_retry() is delayed work (schedule_delayed_work,
 *   DEFER_TIME); the model offers it only when a rerun can change something,
 *   so it is enabled intermittently (a page comes back, the worker runs,
 *   ...). The kernel's workqueue runs scheduled work: a work item scheduled
 *   again and again runs again and again (strong fairness), even when other
 *   steps keep disabling it in between.
 */
import type { Fairness } from '../src/engine/model.ts';
import { POLL_KINDS, type PpAction } from './registry.ts';
import type { Scenario } from './scenario.ts';
import * as S from './state.ts';
import type { PagePoolState } from './state.ts';

const { CTX_NAMES, OP_NAMES, OP_NONE, OP_RING, OP_RING_UNLOCK, OP_RELEASE_FREE } = S;

export const WORKQUEUE = 'workqueue';

/** The actions only a NAPI poll takes (model/registry.ts: the kinds whose start rules are all `poll`). */
const POLL_FNS = POLL_KINDS;

/** The fairness constraints of a scenario with `cpus` CPUs. */
export function fairnessFor(scen: Scenario, cpus: number): Fairness<PpAction>[] {
  const out: Fairness<PpAction>[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    for (let ctx = 0; ctx < 3; ctx++) {
      out.push({
        id: `cpu${cpu} ${CTX_NAMES[ctx]}`,
        kind: 'weak',
        description: `cpu${cpu}'s ${CTX_NAMES[ctx]} context runs when it can run continuously`,
        includes: (a) => a.cpu === cpu && a.ctx === ctx && a.fn !== 'page_pool_release_retry',
      });
    }
  }
  out.push({
    id: 'napi poll',
    kind: 'weak',
    description: 'the poll of a scheduled NAPI runs (net_rx_action, or the threaded NAPI kthread)',
    includes: (a) => POLL_FNS.has(a.fn),
  });
  if (scen.script.some((x) => x.fn === 'page_pool_destroy')) {
    out.push({
      id: WORKQUEUE,
      kind: 'strong',
      description: 'the workqueue runs page_pool_release_retry() when it is scheduled infinitely often',
      includes: (a) => a.fn === 'page_pool_release_retry',
    });
  }
  return out;
}

/** "cpu1 softirq" for actor id cpu*3+ctx. */
export function actorName(id: number): string {
  return `cpu${Math.floor(id / 3)} ${CTX_NAMES[id % 3]}`;
}

/**
 * The contexts still waiting in a terminal state (Model.blocked): an actor
 * mid-operation (it can never finish: it waits on a lock, or a context that
 * preempted it can never finish). null: a proper end. A driver script step
 * that never becomes enabled is not a deadlock: the script stands for a
 * driver's choices (e.g. it destroys the pool only where its NAPI contract
 * allows), not for a context that waits.
 */
export function blockedContexts(s: PagePoolState): string[] | null {
  const out: string[] = [];
  for (let id = 0; id < s.actors.length; id++) {
    const a = s.actors[id];
    if (a.op === OP_NONE && a.q.length === 0) continue;
    const who = actorName(id);
    if ((a.op === OP_RING || a.op === OP_RELEASE_FREE) && a.pool >= 0 && s.pools[a.pool].lock >= 0) {
      const holder = s.pools[a.pool].lock;
      const h = s.actors[holder];
      const state = holder === id ? 'itself (taken in an earlier put and never released)' : h.op === OP_NONE && h.q.length === 0 ? `${actorName(holder)}, which is idle: the lock was never released` : actorName(holder);
      out.push(`${who} waits for pool${a.pool} ring.producer_lock held by ${state}`);
    } else if (a.op === OP_RING_UNLOCK) {
      out.push(`${who} holds pool${a.pool} ring.producer_lock and never runs again to release it`);
    } else if (a.op !== OP_NONE) {
      out.push(`${who} is stuck mid-operation (${OP_NAMES[a.op]}${a.pool >= 0 ? ` pool${a.pool}` : ''})`);
    } else {
      out.push(`${who} is stuck with ${a.q.length} page put(s) pending`);
    }
  }
  return out.length > 0 ? out : null;
}
