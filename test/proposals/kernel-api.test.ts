/**
 * The proposal API a step and a property see (model/proposal.ts): k.mainline()
 * is an independent state, properties receive the run's bounds, a write to a
 * field the state does not have fails at the writing line, and the constants a
 * step needs are exported.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import * as P from '../../model/proposal.ts';
import type { PagePoolState, PpAction } from '../../model/proposal.ts';
import type { Model } from '../../src/engine/model.ts';

const bounds = (over: Record<string, number> = {}): Record<string, number> => ({ ...pagePoolFamily.scenarios.find((s) => s.id === 'rx-recycle')!.bounds, budget: 1, ...over });

function firstStep<S>(m: Model<S, PpAction>, fn: string): { before: S; after: S } {
  const before = m.init()[0];
  const a = m.actions(before).find((x) => x.fn === fn);
  if (!a) throw new Error(`${fn} not enabled`);
  return { before, after: m.step(before, a) };
}

describe('the proposal API', () => {
  it('k.mainline() returns a state independent of k.before (also its x fields)', () => {
    const fam = P.defineProposal<{ log: number[] }>({
      id: 'mainline-independent',
      description: 'napi_schedule() as mainline, then a note in x.log of the copy',
      scenarios: ['rx-recycle'],
      state: { log: { init: [] } },
      replace: {
        napi_schedule(_t, _a, k) {
          const m = k.mainline();
          m.x.log.push(1);
          m.napi.irq = 1;
          return m;
        },
      },
    });
    const m = fam.build({ variant: 'mainline-independent', scenario: 'rx-recycle', bounds: bounds() });
    const { before, after } = firstStep(m, 'napi_schedule');
    expect(after.x.log).toEqual([1]);
    expect(before.x.log).toEqual([]);
    expect(before.napi.irq).toBe(0);
    expect(after.napi.sched).toBe(true);
  });

  it("a proposal's property receives the run's bounds", () => {
    const seen: number[] = [];
    const fam = P.defineProposal({
      id: 'property-bounds',
      description: 'mainline with a property that reads the bounds',
      scenarios: ['rx-recycle'],
      properties: [
        {
          id: 'pages-within-bounds',
          description: 'the state has as many page frames as the bounds say',
          check(s, b) {
            seen.push(b.pages);
            return s.pages.length === b.pages ? null : `${s.pages.length} pages, bounds say ${b.pages}`;
          },
        },
      ],
    });
    const r = explore(fam.build({ variant: 'property-bounds', scenario: 'rx-recycle', bounds: bounds({ pages: 3 }) }), { mode: 'bfs', maxStates: 50 });
    expect(r.kind).toBe('ok');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([3]));
  });

  it('writing a field the state does not have throws at the writing line (plain JavaScript too)', () => {
    const fam = P.defineProposal({
      id: 'typo',
      description: 'napi_schedule() writes napi.sheduled',
      scenarios: ['rx-recycle'],
      replace: {
        napi_schedule(t) {
          (t.napi as unknown as Record<string, unknown>).sheduled = true;
        },
      },
    });
    const m = fam.build({ variant: 'typo', scenario: 'rx-recycle', bounds: bounds() });
    expect(() => firstStep(m, 'napi_schedule')).toThrow(/kernel-api\.test\.ts:\d+:\d+: in replace\.napi_schedule: TypeError: state\.napi has no field 'sheduled'/);
    // the proposal's own x fields: only declared ones
    const fam2 = P.defineProposal<{ n: number }>({
      id: 'typo-x',
      description: 'writes x.m instead of x.n',
      scenarios: ['rx-recycle'],
      state: { n: { init: 0 } },
      replace: {
        napi_schedule(t) {
          (t.x as unknown as Record<string, number>).m = 1;
        },
      },
    });
    const m2 = fam2.build({ variant: 'typo-x', scenario: 'rx-recycle', bounds: bounds() });
    expect(() => firstStep(m2, 'napi_schedule')).toThrow(/x has no field 'm'/);
  });

  it('exports every constant a step needs', () => {
    const s: PagePoolState = pagePoolFamily.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: bounds() }).init()[0] as PagePoolState;
    expect(s.actors.length).toBe(P.actorId(bounds().cpus - 1, P.HARDIRQ) + 1);
    expect([P.TASK, P.SOFTIRQ, P.HARDIRQ]).toEqual([0, 1, 2]);
    expect(P.CTX_NAMES[P.SOFTIRQ]).toBe('softirq');
    expect(P.OP_NAMES[P.OP_NONE]).toBeDefined();
    for (const c of [P.POOL_ALIVE, P.POOL_DESTROYING, P.POOL_FREED, P.SKB_FREE, P.SKB_LIVE, P.KIND_PAGE, P.KIND_PP, P.OP_PUSH_READ, P.OP_RING, P.OP_RELEASE_SCRUB])
      expect(Number.isInteger(c)).toBe(true);
    expect(s.pools[0].st).toBe(P.POOL_ALIVE);
  });
});
