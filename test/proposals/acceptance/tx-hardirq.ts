/**
 * Acceptance: a proposal that adds a scenario and a hard-IRQ driver step.
 * A driver completes TX skbs from its hard IRQ handler by calling
 * napi_consume_skb(skb, budget) (napi_safe) instead of dev_consume_skb_irq()
 * (which defers the free to net_tx_action). Its skbs carry page_pool pages
 * (XDP_TX, or RX skbs forwarded out of the same device). The scenario is new:
 * one CPU, the NAPI softirq allocating and freeing, the hard IRQ freeing too.
 * The reviewer's property: the ptr_ring's producer lock (spin_lock_bh) is
 * never taken in a hard IRQ (local_bh_enable() there WARNs: BH cannot be
 * re-enabled with hard IRQs off).
 * Expected: diff exit 12, the proposal's own no-bh-lock-in-hardirq violated:
 * between polls in_softirq() is false in the hard IRQ, page_pool_napi_local()
 * too, so the page goes to the ring, under spin_lock_bh. Mainline's
 * napi-local-only and frag-accounting fail too: a hard IRQ that interrupts the
 * NAPI softirq sees in_softirq() true (preempt_count's softirq bits) and writes
 * the alloc cache the interrupted poll is using.
 */
import { actorId, defaultBounds, defineProposal, HARDIRQ, NAPI, OP_RING_UNLOCK, RX, SKB_LIVE } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'tx-hardirq',
  description: "the driver's hard IRQ handler frees TX skbs with napi_consume_skb(skb, budget)",
  scenarios: [
    {
      id: 'tx-irq',
      description: 'one CPU: the NAPI softirq allocates, builds and consumes skbs; the driver frees TX skbs in its hard IRQ handler',
      bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 1, budget: 2, cacheSize: 2, ringSize: 1 }),
      kinds: [...NAPI, ...RX, 'napi_consume_skb'],
      script: [],
      poolNid: -1,
      bhFrees: false,
    },
  ],
  add: [
    {
      fn: 'drv_tx_irq',
      description: "the driver's hard IRQ handler: TX completion, napi_consume_skb(skb, 64) on a sent skb",
      enabled: (s) => s.skbs.flatMap((x, j) => (x.st === SKB_LIVE && x.ppr ? [{ cpu: 0, ctx: HARDIRQ, a: j }] : [])),
      step(_t, a, k) {
        k.consumeSkb(a.a, { napiSafe: true }); // napi_consume_skb(skb, budget): skb_release_all(skb, .., napi_safe = true)
      },
    },
  ],
  properties: [
    {
      id: 'no-bh-lock-in-hardirq',
      description: "a pool's ptr_ring producer lock (spin_lock_bh) is never held by a hard IRQ",
      check(s, bounds) {
        for (let cpu = 0; cpu < bounds.cpus; cpu++) {
          const act = s.actors[actorId(cpu, HARDIRQ)];
          if (act.op === OP_RING_UNLOCK) return `cpu${cpu} hardirq holds pool${act.pool}'s producer lock (spin_lock_bh in a hard IRQ)`;
        }
        return null;
      },
    },
  ],
  expect: { verdict: 'violation', property: 'no-bh-lock-in-hardirq' },
});
