/**
 * Printers of a DiffReport (pure functions): text for reviewers, JSON for tools.
 */
import { culpritLines, formatBounds, runLines, stepLines, violationLine } from '../trace/text.ts';
import { toolVersion } from '../trace/version.ts';
import { withoutGhosts } from '../trace/printable.ts';
import type { Counterexample, DiffReport, PropertyRow } from './run.ts';

export interface DiffTextOptions {
  /** where the family came from, e.g. "proposals/x.ts" */
  model?: string;
  /** the command that re-runs this diff */
  command?: string;
  /** property → the trace file written for its counterexample (--out-dir) */
  traceFiles?: Record<string, string>;
}

function verdictCell(p: PropertyRow, side: 'base' | 'variant'): string {
  const v = side === 'base' ? p.base : p.variant;
  const cex = side === 'base' ? p.baseCounterexample : p.counterexample;
  if (v === 'violation' && cex) return `VIOLATED (${cex.length} steps, ${cex.scenario})`;
  if (v === 'violation') return 'VIOLATED';
  if (v === 'absent') return '-';
  return v;
}

const CHANGE: Record<PropertyRow['change'], string> = {
  same: '',
  'newly-fails': 'NEW FAILURE',
  'newly-holds': 'now holds',
  added: 'added property',
  removed: 'not checked',
};

function table(rows: string[][]): string[] {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd());
}

export function counterexampleText(c: Counterexample, h: { family: string; familyVersion: string; variant: string }): string[] {
  const n = c.length;
  return [
    `counterexample: ${n} step${n === 1 ? '' : 's'} to ${c.property}`,
    ...runLines({ model: h.family, modelVersion: h.familyVersion, variant: h.variant, scenario: c.scenario, bounds: c.bounds }).map((l) => `  ${l}`),
    '',
    ...stepLines(withoutGhosts(c.trace)),
    '',
    violationLine({ property: c.property, reason: c.reason, terminal: c.terminal }),
    ...culpritLines(c.trace),
  ];
}

export function formatDiffText(r: DiffReport, o: DiffTextOptions = {}): string {
  const L: string[] = [];
  L.push(`ppcheck diff: ${r.variant} against ${r.base}`);
  L.push(`  model      ${r.family} v${r.familyVersion}${o.model ? ` (${o.model})` : ''}`);
  L.push(`  scenarios  ${r.scenarios.map((s) => s.scenario).join(', ')} (exhaustive BFS, the same bounds for both)`);
  for (const s of r.scenarios) L.push(`  bounds     ${s.scenario}: ${formatBounds(s.bounds)}`);
  L.push('');
  L.push('properties');
  L.push(
    ...table([
      ['  property', r.base, r.variant, ''],
      ...r.properties.map((p) => [`  ${p.id}`, verdictCell(p, 'base'), verdictCell(p, 'variant'), CHANGE[p.change]]),
    ]),
  );
  L.push('');
  L.push('state space (distinct states, transitions; the final exploration of each side)');
  L.push(
    ...table([
      ['  scenario', r.base, r.variant],
      ...r.scenarios.map((s) => [
        `  ${s.scenario}`,
        `${s.base.distinctStates} / ${s.base.transitions}${s.base.complete ? '' : ` (incomplete: ${s.base.incompleteReason ?? 'cut'})`}`,
        `${s.variant.distinctStates} / ${s.variant.transitions}${s.variant.complete ? '' : ` (incomplete: ${s.variant.incompleteReason ?? 'cut'})`}`,
      ]),
    ]),
  );
  L.push('');
  L.push('actions (kinds)');
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');
  L.push(`  added in ${r.variant}: ${list(r.actions.added)}`);
  L.push(`  removed in ${r.variant}: ${list(r.actions.removed)}`);
  L.push(`  fired only in ${r.variant}: ${list(r.actions.firedOnlyInVariant)}`);
  L.push(`  fired only in ${r.base}: ${list(r.actions.firedOnlyInBase)}`);
  L.push('');
  if (!r.behaviours.available) {
    L.push('behaviours: the model family does not describe behaviours (no `behaviours` hook)');
  } else {
    L.push(`behaviours (what a transition does to a page, by kernel function and context; ${r.behaviours.common} in both)`);
    L.push(`  reachable in ${r.variant}, never in ${r.base}:${r.behaviours.onlyInVariant.length ? '' : ' none'}`);
    for (const b of r.behaviours.onlyInVariant) L.push(`    ${b.behaviour}   (${b.scenarios.join(', ')})`);
    L.push(`  reachable in ${r.base}, never in ${r.variant}:${r.behaviours.onlyInBase.length ? '' : ' none'}`);
    for (const b of r.behaviours.onlyInBase) L.push(`    ${b.behaviour}   (${b.scenarios.join(', ')})`);
  }
  // shortest counterexample first: the one a reviewer reads first
  const failing = r.properties.filter((x) => x.change === 'newly-fails' && x.counterexample).sort((a, b) => a.counterexample!.length - b.counterexample!.length);
  for (const p of failing) {
    L.push('');
    L.push(`newly failing: ${p.id} (${p.description})`);
    L.push(...counterexampleText(p.counterexample!, { family: r.family, familyVersion: r.familyVersion, variant: r.variant }).map((l) => (l ? `  ${l}` : l)));
  }
  L.push('');
  for (const e of r.errors) L.push(`error: ${e.side}/${e.scenario}: ${e.error}: ${e.message}`);
  const ownFailing = r.properties.filter((p) => p.change === 'added' && p.variant === 'violation').map((p) => p.id);
  if (ownFailing.length > 0) L.push(`note: ${r.variant} violates its own added propert${ownFailing.length === 1 ? 'y' : 'ies'} ${ownFailing.join(', ')} (not a regression against ${r.base}, which does not have ${ownFailing.length === 1 ? 'it' : 'them'})`);
  if (!r.complete) L.push('complete: no (a bound cut some exploration: a property that "holds" was not checked everywhere)');
  if (r.verdict === 'regression') L.push(`verdict: REGRESSION: ${r.variant} violates ${r.regressions.join(', ')}, which ${r.base} keeps`);
  else if (r.verdict === 'error') L.push('verdict: ERROR (see above)');
  else L.push(`verdict: no regression: ${r.variant} violates no property that ${r.base} keeps`);
  for (const [prop, file] of Object.entries(o.traceFiles ?? {})) L.push(`trace: ${prop}: ${file} (replay: npx ppcheck replay ${file}${o.model && o.model !== 'model/index.ts' ? ` --model ${o.model}` : ''})`);
  if (Object.keys(o.traceFiles ?? {}).length > 1)
    L.push('note: each trace was found with the properties that failed on shorter traces switched off; replay reports the first property a trace violates');
  if (o.command) L.push(`re-run: ${o.command}`);
  return L.join('\n') + '\n';
}

function cexJson(c: Counterexample | undefined): unknown {
  if (!c) return undefined;
  return {
    scenario: c.scenario,
    bounds: c.bounds,
    property: c.property,
    reason: c.reason,
    terminal: c.terminal,
    length: c.length,
    steps: c.trace.steps.map((s) => ({ index: s.index, label: s.label, actor: s.actor, changes: s.changes, actionIndex: s.actionIndex })),
    initIndex: c.raw.initIndex,
  };
}

/** The report as a plain JSON value (traces as steps with labels and changes; states left out). */
export function diffJsonData(r: DiffReport, o: DiffTextOptions = {}): Record<string, unknown> {
  return {
    format: 1,
    command: 'diff',
    toolVersion: toolVersion(),
    model: o.model ?? null,
    family: r.family,
    familyVersion: r.familyVersion,
    base: r.base,
    variant: r.variant,
    verdict: r.verdict,
    regressions: r.regressions,
    complete: r.complete,
    scenarios: r.scenarios,
    properties: r.properties.map((p) => ({
      id: p.id,
      description: p.description,
      base: p.base,
      variant: p.variant,
      change: p.change,
      baseViolatedIn: p.baseViolatedIn,
      variantViolatedIn: p.variantViolatedIn,
      counterexample: cexJson(p.counterexample) ?? null,
      baseCounterexample: cexJson(p.baseCounterexample) ?? null,
    })),
    actions: r.actions,
    behaviours: r.behaviours,
    errors: r.errors,
    traceFiles: o.traceFiles ?? {},
    rerun: o.command ?? null,
  };
}

export function formatDiffJson(r: DiffReport, o: DiffTextOptions = {}): string {
  return JSON.stringify(diffJsonData(r, o)) + "\n";
}
