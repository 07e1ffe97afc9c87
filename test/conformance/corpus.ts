/**
 * Corpus counterexamples through the model and the real page_pool.c.
 *
 * For every historical bug of the corpus (variant kind 'bug' with its
 * '<id>-fixed' twin), BFS finds the shortest counterexample on the bug
 * variant. That trace is then replayed on the 6.12 model (v6.12-debian, or
 * mainline standing for it) and, when the fixed twin has 6.12's configuration,
 * on the fixed variant too, each time side by side with the harness.
 *
 * The harness is sequential, so the trace is *serialized* first: when an actor
 * starts a kernel function its remaining steps of that function are taken at
 * once (in the order the counterexample took them), later occurrences are
 * skipped. Where the counterexample's next step is not enabled on the 6.12
 * model (the fix blocks it) the replay stops there and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolve as resolveBuild, buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import { mainlineConfig } from '../../model/config.ts';
import { VARIANTS } from '../../model/variants/index.ts';
import type { PagePoolState } from '../../model/state.ts';
import { explore } from '../../src/engine/explore.ts';
import type { Model } from '../../src/engine/model.ts';
import type { Bounds } from '../../src/family.ts';
import { CONFORMANCE_DIR } from './harness.ts';
import { EXCLUDED_SCENARIOS, type TraceCase, anyBusy, debianVariant, prepare, runPrepared } from './model-compare.ts';

/** the corpus manifest (read as data: rows of variant, scenario, bounds) */
const MANIFEST_PATH = join(CONFORMANCE_DIR, '..', 'corpus', 'manifest.json');

const actorOf = (a: PpAction): number => a.cpu * 3 + a.ctx;
const same = (x: PpAction, y: PpAction): boolean =>
  x.fn === y.fn && x.cpu === y.cpu && x.ctx === y.ctx && x.a === y.a && x.b === y.b;
const busyActor = (s: PagePoolState, id: number): boolean => s.actors[id]!.op !== 0 || s.actors[id]!.q.length > 0;

/** Serialize `trace` on `m`: returns the replayable prefix and where/why it stopped. */
export function serializeOn(
  m: Model<PagePoolState, PpAction>,
  trace: readonly PpAction[],
): { actions: PpAction[]; stoppedAt: number | null; reason?: string } {
  let s = m.init()[0]!;
  const out: PpAction[] = [];
  const used = new Array<boolean>(trace.length).fill(false);
  for (let i = 0; i < trace.length; i++) {
    if (used[i]) continue;
    const a = trace[i]!;
    const enabled = m.actions(s);
    const hit = enabled.find((x) => same(x, a));
    if (!hit) {
      // a continuation already taken by serialization is gone from the trace; anything else stops the replay
      return { actions: out, stoppedAt: i, reason: `step ${i} (${m.actionLabel(a)}) is not enabled here` };
    }
    used[i] = true;
    out.push(hit);
    s = m.step(s, hit);
    const id = actorOf(hit);
    let guard = 0;
    while (busyActor(s, id) && guard++ < 64) {
      const mine = m.actions(s).filter((x) => actorOf(x) === id);
      if (!mine.length) return { actions: out, stoppedAt: i, reason: `actor of step ${i} cannot finish its kernel function` };
      // prefer the continuation the counterexample took next for this actor
      let pick = mine[0]!;
      for (let j = i + 1; j < trace.length; j++) {
        if (used[j] || actorOf(trace[j]!) !== id) continue;
        const c = mine.find((x) => same(x, trace[j]!));
        if (c) {
          used[j] = true;
          pick = c;
        }
        break;
      }
      out.push(pick);
      s = m.step(s, pick);
    }
  }
  if (anyBusy(s)) return { actions: out, stoppedAt: trace.length, reason: 'ends inside a kernel function' };
  return { actions: out, stoppedAt: null };
}

export interface CorpusReplay {
  bug: string;
  target: string;
  scenario: string;
  counterexample: number;
  replayed: number;
  note?: string;
  compared: number;
  mismatch?: string;
}

function boundsFor(variant: string, scenario: string): Partial<Bounds> {
  if (!existsSync(MANIFEST_PATH)) return {};
  const m = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as {
    rows?: { variant: string; scenario: string; bounds: Bounds }[];
  };
  const row = (m.rows ?? []).find((r) => r.variant === variant && r.scenario === scenario);
  return row ? row.bounds : {};
}

/** Replay every corpus counterexample that applies to 6.12. */
export function corpusReplays(log: (s: string) => void, gcov = false): CorpusReplay[] {
  const out: CorpusReplay[] = [];
  const target612 = debianVariant();
  const bugs = VARIANTS.filter((v) => v.kind === 'bug' && VARIANTS.some((f) => f.id === `${v.id}-fixed`));
  for (const bug of bugs) {
    const scenario = bug.scenarios[0]!;
    if (scenario in EXCLUDED_SCENARIOS) {
      log(`corpus ${bug.id}: skipped (${scenario}: ${EXCLUDED_SCENARIOS[scenario]})`);
      continue;
    }
    const req = { variant: bug.id, scenario, bounds: boundsFor(bug.id, scenario) };
    const full = resolveBuild(req).bounds;
    const res = explore(buildModel(req), { mode: 'bfs', maxStates: 500_000, timeLimit: 20 });
    if (res.kind !== 'violation') {
      log(`corpus ${bug.id}: no counterexample found on the bug variant (${res.kind}); nothing to replay`);
      continue;
    }
    const cex = res.trace.steps.filter((st) => st.action !== null).map((st) => st.action as PpAction);
    const fixed = `${bug.id}-fixed`;
    const fixedCfg = resolveBuild({ variant: fixed, scenario, bounds: full }).cfg;
    const targets = [target612];
    if (JSON.stringify({ ...mainlineConfig, ...fixedCfg }) === JSON.stringify({ ...mainlineConfig }) && fixed !== target612)
      targets.push(fixed); // the fixed twin is 6.12's code
    for (const target of targets) {
      let m: Model<PagePoolState, PpAction>;
      try {
        m = buildModel({ variant: target, scenario, bounds: full });
      } catch (e) {
        log(`corpus ${bug.id} on ${target}: cannot build (${e instanceof Error ? e.message : String(e)})`);
        continue;
      }
      const ser = serializeOn(m, cex);
      const c: TraceCase = {
        label: `corpus ${bug.id} counterexample on ${target}/${scenario}`,
        variant: target,
        scenario,
        bounds: full,
        actions: ser.actions,
      };
      const { results } = runPrepared([prepare(c)], gcov);
      const r = results[0]!;
      out.push({
        bug: bug.id,
        target,
        scenario,
        counterexample: cex.length,
        replayed: ser.actions.length,
        note: ser.reason,
        compared: r.compared,
        mismatch: r.mismatch?.report,
      });
    }
  }
  return out;
}
