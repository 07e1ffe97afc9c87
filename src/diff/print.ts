/**
 * Printers of a DiffReport (pure functions): text for reviewers, JSON for tools.
 */
import { culpritLines, formatBounds, runLines, stepLines, violationLine } from '../trace/text.ts';
import { toolVersion } from '../trace/version.ts';
import { withoutGhosts } from '../trace/printable.ts';
import type { BoundSource, Counterexample, DiffReport, PropertyRow, SideSummary } from './run.ts';

export interface DiffTextOptions {
  /** where the family came from, e.g. "proposals/x.ts" */
  model?: string;
  /** where the base's family came from (`--base-model`), when not `model` */
  baseModel?: string;
  /** text: print each side's per-action coverage table */
  coverage?: boolean;
  /** the command that checks the variant alone (`check …`), for the reproduce lines */
  checkCommand?: (c: Counterexample) => string;
  /** the command that re-runs this diff */
  command?: string;
  /** property → the trace file written for its counterexample (--out-dir) */
  traceFiles?: Record<string, string>;
  /** JSON: how the run ends (src/cli/endings.ts: ending, exitCode, stoppedBy) */
  ending?: { ending: string; exitCode: number; stoppedBy: string | null };
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
  L.push(...headerLines(r, o));
  L.push('');
  L.push('properties');
  L.push(
    ...table([
      ['  property', r.base, r.variant, ''],
      ...r.properties.map((p) => [`  ${p.id}`, verdictCell(p, 'base'), verdictCell(p, 'variant'), CHANGE[p.change]]),
    ]),
  );
  L.push('');
  if (r.errors.length > 0) {
    // an exploration stopped at an exception: nothing below would compare like with like
    for (const e of r.errors) L.push(`error: ${e.side}/${e.scenario}: ${e.error}: ${e.message}`);
    L.push('complete: no (an exploration stopped at an error; no state space, action or behaviour is compared)');
    L.push('verdict: ERROR (see above)');
    if (o.command) L.push(`re-run: ${o.command}`);
    return L.join('\n') + '\n';
  }
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
  if (o.coverage) L.push(...coverageLines(r), '');
  L.push('actions (kinds)');
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');
  L.push(`  added in ${r.variant}: ${list(r.actions.added)}`);
  L.push(`  removed in ${r.variant}: ${list(r.actions.removed)}`);
  L.push(`  fired only in ${r.variant}: ${list(r.actions.firedOnlyInVariant)}`);
  L.push(`  fired only in ${r.base}: ${list(r.actions.firedOnlyInBase)}`);
  L.push('');
  if (!r.behaviours.available) {
    L.push('behaviours: not compared (the model family has no `behaviours` hook, or --workers explored without recording them)');
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
  // the proposal's own properties that fail: they are part of the verdict
  const own = r.properties.filter((x) => x.change === 'added' && x.variant === 'violation' && x.counterexample).sort((a, b) => a.counterexample!.length - b.counterexample!.length);
  for (const p of own) {
    L.push('');
    L.push(`failing (${r.variant}'s own property): ${p.id} (${p.description})`);
    L.push(...counterexampleText(p.counterexample!, { family: r.family, familyVersion: r.familyVersion, variant: r.variant }).map((l) => (l ? `  ${l}` : l)));
  }
  L.push('');
  for (const w of r.warnings) L.push(`warning: ${w}`);
  if (!r.complete) L.push(`complete: no (${cutText(r)})`);
  L.push(`verdict: ${verdictText(r)}`);
  for (const [prop, file] of Object.entries(o.traceFiles ?? {})) L.push(`trace: ${prop}: ${file} (replay: npx ppcheck replay ${file}${o.model && o.model !== 'model/index.ts' ? ` --model ${o.model}` : ''})`);
  if (Object.keys(o.traceFiles ?? {}).length > 1)
    L.push('note: each trace was found with the properties that failed on shorter traces switched off; replay reports the first property a trace violates');
  if (o.command) L.push(`re-run: ${o.command}`);
  return L.join('\n') + '\n';
}

function headerLines(r: DiffReport, o: DiffTextOptions): string[] {
  const L: string[] = [];
  L.push(`  model      ${r.family} v${r.familyVersion}${o.model ? ` (${o.model})` : ''}`);
  if (o.baseModel !== undefined && o.baseModel !== o.model) L.push(`  base model ${o.baseModel} (variant ${r.base})`);
  L.push(`  scenarios  ${r.scenarios.map((s) => s.scenario).join(', ')} (exhaustive BFS; both sides under the bounds below)`);
  for (const s of r.scenarios) L.push(`  bounds     ${s.scenario}: ${formatBounds(s.bounds)}${boundSourceText(s.sources, r.variant)}`);
  const l = r.limits;
  L.push(`  limits     each exploration: ${l.maxStates} states, ${l.timeLimit} s, depth ${l.maxDepth} (--max-states, --time-limit, --max-depth)`);
  return L;
}

/** " (budget from the command line; pages from <variant>; the rest the scenario's)" */
function boundSourceText(sources: Record<string, BoundSource> | undefined, variant: string): string {
  if (!sources) return '';
  const of = (k: BoundSource) => Object.keys(sources).filter((b) => sources[b] === k);
  const parts: string[] = [];
  if (of('flag').length) parts.push(`${of('flag').join(', ')} from the command line`);
  if (of('variant').length) parts.push(`${of('variant').join(', ')} from ${variant}`);
  if (parts.length === 0) return " (the scenario's defaults)";
  return ` (${parts.join('; ')}; the rest the scenario's)`;
}

function cutText(r: DiffReport): string {
  const bad = r.scenarios.flatMap((s) =>
    (['base', 'variant'] as const).filter((side) => !s[side].complete && !s[side].error).map((side) => `${side === 'base' ? r.base : r.variant}/${s.scenario}: ${s[side].incompleteReason ?? 'cut'}`),
  );
  const flag: Record<string, string> = { 'max-states': '--max-states', 'time-limit': '--time-limit', 'max-depth': '--max-depth' };
  const flags = [...new Set(r.scenarios.flatMap((s) => [s.base.incompleteReason, s.variant.incompleteReason]).filter((x) => x !== undefined).map((x) => flag[x!]))];
  return `a limit cut ${bad.join(', ')}: a property that "holds" there was not checked everywhere; raise ${flags.join(', ') || 'the limits'} to go further`;
}

function verdictText(r: DiffReport): string {
  if (r.verdict === 'error') return 'ERROR (see above)';
  if (r.verdict === 'regression') {
    const parts: string[] = [];
    if (r.regressions.length) parts.push(`${r.regressions.join(', ')}, which ${r.base} keeps`);
    if (r.ownViolations.length) parts.push(`its own propert${r.ownViolations.length === 1 ? 'y' : 'ies'} ${r.ownViolations.join(', ')}`);
    return `REGRESSION: ${r.variant} violates ${parts.join('; and ')}`;
  }
  return `no regression: ${r.variant} violates no property that ${r.base} keeps, nor one of its own`;
}

function coverageLines(r: DiffReport): string[] {
  const L: string[] = ['coverage (times fired / new states, the final exploration of each side)'];
  for (const s of r.scenarios) {
    const kinds = [...new Set([...s.base.coverage, ...s.variant.coverage].map((c) => c.action))];
    const cell = (side: SideSummary, k: string) => {
      const c = side.coverage.find((x) => x.action === k);
      return c ? `${c.fired} / ${c.newStates}` : '-';
    };
    L.push(`  ${s.scenario}`);
    L.push(...table([['    action', r.base, r.variant], ...kinds.map((k) => [`    ${k}`, cell(s.base, k), cell(s.variant, k)])]));
  }
  return L;
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
    ...(o.ending ? { ending: o.ending.ending, exitCode: o.ending.exitCode, stoppedBy: o.ending.stoppedBy } : {}),
    regressions: r.regressions,
    ownViolations: r.ownViolations,
    identical: r.identical,
    warnings: r.warnings,
    complete: r.complete,
    incompleteReason: r.incompleteReason ?? null,
    limits: r.limits,
    baseModel: o.baseModel ?? o.model ?? null,
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
