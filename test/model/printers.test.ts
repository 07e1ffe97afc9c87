/**
 * Printers: every action kind has a label and an actor; describeChange speaks
 * kernel terms for the ring/cache moves of a counterexample.
 */
import { describe, expect, it } from 'vitest';
import { FNS, type PpAction } from '../../model/registry.ts';
import { actionActor, actionLabel } from '../../model/printers.ts';
import { buildModel } from '../../model/build.ts';
import { explore } from '../../src/engine/explore.ts';
import * as S from '../../model/state.ts';

describe('printers', () => {
  it('label and actor for every action kind', () => {
    for (const fn of FNS) {
      const a: PpAction = { fn, cpu: 1, ctx: 1, a: 0, b: 1 };
      const label = actionLabel(a);
      expect(label.startsWith(`cpu1 softirq ${fn}(`)).toBe(true);
      const actor = actionActor(a);
      expect(actor).toMatchObject({ actor: 'cpu1', context: 'softirq', fn });
    }
    expect(actionLabel({ fn: 'kfree_skb', cpu: 0, ctx: 0, a: 2, b: 1 })).toBe('cpu0 task kfree_skb(skb2, BH off)');
    expect(actionLabel({ fn: 'skb_try_coalesce', cpu: 0, ctx: 1, a: 0, b: 1 })).toBe('cpu0 softirq skb_try_coalesce(to=skb0, from=skb1)');
    expect(actionLabel({ fn: 'napi_pp_put_page', cpu: 1, ctx: 1, a: 0, b: -1 })).toBe('cpu1 softirq napi_pp_put_page(page0)');
  });

  it('names every skb state (SKB_* of model/state.ts) once, by its value', () => {
    const states = Object.entries(S).filter(([k, v]) => /^SKB_[A-Z]+$/.test(k) && typeof v === 'number');
    expect(states.length).toBeGreaterThan(4);
    expect(S.SKB_STATE_NAMES.length).toBe(states.length);
    for (const [k, v] of states) expect(S.SKB_STATE_NAMES[v as number], k).toBe(k.slice(4).toLowerCase());
  });

  it('describeChange narrates a ring publish and the producer unlock in kernel terms', () => {
    const m = buildModel({ variant: 'mutant-release-no-producer-barrier', scenario: 'teardown', bounds: {} });
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    const lines: string[] = [];
    for (let i = 1; i < r.trace.steps.length; i++) {
      const st = r.trace.steps[i];
      lines.push(...m.describeChange!(r.trace.steps[i - 1].state, st.state, st.action!));
    }
    expect(lines.some((l) => /^page\d .*→.*pool0\.ring/.test(l))).toBe(true);
    expect(lines.some((l) => /^pool0 producer_lock free→cpu\d$/.test(l))).toBe(true);
    expect(lines).toContain('pool0 state destroying→freed');
  });
});
