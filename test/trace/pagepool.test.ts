/**
 * The trace pipeline on real page_pool counterexamples: for a few mutants that
 * the family expects to violate a property, explore, write the counterexample
 * as ITF, read it back, replay it on the same variant (reproduced, same step)
 * and on mainline (which the family expects to be ok: never reproduced).
 * Mutants are taken from the family's own list, so the test follows the model.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { itfToText, parseTraceText, traceToItf } from '../../src/trace/itf.ts';
import { printableFromRecorded, printableFromTrace } from '../../src/trace/printable.ts';
import { replayRecorded } from '../../src/trace/replay.ts';
import { traceToMermaid } from '../../src/trace/mermaid.ts';
import { traceToText } from '../../src/trace/text.ts';
import { pagePoolFamily as family } from '../../model/index.ts';
import { itfProblem } from './adr015.ts';

const mutants = family.variants.filter((v) => v.kind === 'mutant' && v.expect.verdict === 'violation').slice(0, 3);
/** the historical bugs that have a "-fixed" variant: the reviewer's workflow */
const pairs = family.variants
  .filter((v) => v.kind === 'bug' && v.expect.verdict === 'violation')
  .map((bug) => ({ bug, fixed: family.variants.find((f) => f.id === `${bug.id}-fixed` && f.kind === 'fixed') }))
  .filter((p): p is { bug: (typeof family.variants)[number]; fixed: (typeof family.variants)[number] } => p.fixed !== undefined);
const mainline = family.variants.find((v) => v.id === 'mainline');

describe('page_pool counterexamples: ITF round trip and replay', () => {
  it('the family has mutants that expect a violation, and a mainline', () => {
    expect(mutants.length).toBeGreaterThan(0);
    expect(mainline?.expect.verdict).toBe('ok');
  });

  for (const v of mutants) {
    it(`${v.id}: reproduced on its variant, not on mainline`, { timeout: 60_000 }, () => {
      const scenario = family.scenarios.find((s) => s.id === v.scenarios[0])!;
      const req = { variant: v.id, scenario: scenario.id, bounds: scenario.bounds };
      const model = family.build(req);
      const r = explore(model, { mode: 'bfs', maxStates: 500_000, timeLimit: 30 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      const meta = {
        model: family.name,
        modelVersion: family.version,
        variant: v.id,
        scenario: scenario.id,
        bounds: scenario.bounds,
        mode: 'bfs',
        seed: 0,
        property: r.property,
        reason: r.reason,
        terminal: r.terminal,
      };
      const text = itfToText(traceToItf(r.trace, meta, model));
      expect(itfProblem(JSON.parse(text))).toBeNull();
      const rec = parseTraceText(text, `${v.id}.itf.json`);
      const n = r.trace.steps.length - 1;

      const same = replayRecorded(model, rec, { sameVariant: true });
      expect(same).toMatchObject({ kind: 'reproduced', property: r.property, reason: r.reason, step: n });

      const fixed = family.build({ ...req, variant: 'mainline' });
      const other = replayRecorded(fixed, rec, { sameVariant: false });
      expect(['diverged', 'no-longer-violates', 'violates-other']).toContain(other.kind);
      expect(other.kind).not.toBe('reproduced');

      // the printers: every step names who runs it (a CPU, a context) and a kernel function; show = check
      const fromModel = traceToText(printableFromTrace(model, r.trace, r.property), meta, { file: 'f' });
      expect(traceToText(printableFromRecorded(rec), { ...rec.meta }, { file: 'f' })).toBe(fromModel);
      const stepLines = fromModel.split('\n').filter((l) => /^\s+\d+  \S/.test(l)).slice(1);
      expect(stepLines).toHaveLength(n);
      for (const l of stepLines) expect(l).toMatch(/^\s+\d+  [a-z]+\d* +[a-z]+ +(BH on|BH off|IRQs off) +[A-Za-z_][\w:]*\(.*\)(   ◀ (cause|effect|cause, effect))?$/);
      expect(fromModel).toContain(`violated: ${r.property}: ${r.reason}`);
      const mermaid = traceToMermaid(printableFromRecorded(rec), rec.meta);
      expect(mermaid.split('\n').filter((l) => l.includes('->>state: '))).toHaveLength(n);
    });
  }

  it('there are bug/fixed variant pairs', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  for (const { bug, fixed } of pairs) {
    it(`${bug.id}: reproduced on the bug variant; on ${fixed.id} it no longer violates`, { timeout: 60_000 }, () => {
      const scenario = family.scenarios.find((s) => s.id === bug.scenarios[0])!;
      const req = { variant: bug.id, scenario: scenario.id, bounds: scenario.bounds };
      const model = family.build(req);
      const r = explore(model, { mode: 'bfs', maxStates: 500_000, timeLimit: 30 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      const meta = { model: family.name, modelVersion: family.version, ...req, property: r.property, reason: r.reason, terminal: r.terminal };
      const rec = parseTraceText(itfToText(traceToItf(r.trace, meta, model)), `${bug.id}.itf.json`);
      expect(replayRecorded(model, rec, { sameVariant: true })).toMatchObject({ kind: 'reproduced', property: r.property });
      const o = replayRecorded(family.build({ ...req, variant: fixed.id }), rec, { sameVariant: false });
      expect(['diverged', 'no-longer-violates']).toContain(o.kind);
    });
  }
});
