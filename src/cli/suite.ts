/**
 * `ppcheck suite` (what `npm run check` runs): every scenario of `mainline` at
 * its default bounds, exhaustively (bfs, no limits), then every other variant
 * under its own scenarios; one row per variant compared with the variant's
 * expectation; mainline's combined coverage must leave no action unfired.
 * Exit 0 iff everything matches, 12 on a mismatch, 255 when a run errs.
 */
import type { Expectation, ModelFamily, VariantInfo } from '../family.ts';
import { planCheck, runPlan, type CheckReport, type RunObserver } from './check.ts';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import type { LoadedFamily } from './load-family.ts';
import { expectationText } from './list.ts';
import { statsJson, stringify } from './print/json.ts';
import { plain, type Palette } from './print/text.ts';

export interface SuiteRow {
  variant: string;
  kind: string;
  expect: Expectation;
  verdict: 'ok' | 'violation' | 'error';
  property: string | null;
  /** steps of the counterexample, on a violation */
  traceLength: number | null;
  complete: boolean;
  distinctStates: number;
  maxDepth: number;
  seconds: number;
  scenarios: string[];
  /** empty when the row matches its expectation */
  problems: string[];
  /** the check report (absent when the variant could not even be built) */
  report?: CheckReport;
}

export interface SuiteReport {
  model: string;
  family: string;
  familyVersion: string;
  rows: SuiteRow[];
  /** mainline's never-fired actions; null when mainline was not run */
  mainlineNeverFired: string[] | null;
  passed: boolean;
  exitCode: ExitCode;
}

/** The variants to run, mainline first. */
export function suiteVariants(family: ModelFamily<unknown, unknown>, only?: string): VariantInfo[] {
  if (only !== undefined) {
    const v = family.variants.find((x) => x.id === only);
    if (!v) throw new UsageError(`unknown variant '${only}' (known: ${family.variants.map((x) => x.id).join(', ')})`);
    return [v];
  }
  const main = family.variants.filter((v) => v.id === 'mainline');
  return [...main, ...family.variants.filter((v) => v.id !== 'mainline')];
}

/** Compares a check report with a variant's expectation; the list of mismatches. */
export function judge(expect: Expectation, r: CheckReport): string[] {
  const problems: string[] = [];
  if (r.verdict === 'error') return [`error: ${r.error?.error}: ${r.error?.message}`];
  if (expect.verdict === 'ok') {
    if (r.verdict !== 'ok') problems.push(`expected ok, found a violation of ${r.violation?.property}`);
    else if (!r.complete) problems.push(`incomplete (${r.incompleteReason ?? 'bound'})`);
    return problems;
  }
  if (r.verdict !== 'violation' || !r.violation) return [`expected a violation of ${expect.property}, found none`];
  if (r.violation.property !== expect.property) {
    problems.push(`expected a violation of ${expect.property}, found ${r.violation.property}`);
  }
  const len = r.violation.trace.steps.length - 1;
  if (expect.maxTraceLength !== undefined && len > expect.maxTraceLength) {
    problems.push(`trace of ${len} steps, expected ≤ ${expect.maxTraceLength}`);
  }
  return problems;
}

export function runVariant(loaded: LoadedFamily, v: VariantInfo, observer?: RunObserver): SuiteRow {
  const base = {
    variant: v.id,
    kind: v.kind,
    expect: v.expect,
    scenarios: v.scenarios,
  };
  let report: CheckReport;
  try {
    const plan = planCheck(loaded, { variant: v.id, bounds: {}, json: false });
    report = runPlan(plan, observer);
  } catch (e) {
    // default bounds that do not build are a bug in the family, not the user's input
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      ...base,
      verdict: 'error',
      property: null,
      traceLength: null,
      complete: false,
      distinctStates: 0,
      maxDepth: 0,
      seconds: 0,
      problems: [`error: ${msg}`],
    };
  }
  return {
    ...base,
    verdict: report.verdict,
    property: report.violation?.property ?? null,
    traceLength: report.violation ? report.violation.trace.steps.length - 1 : null,
    complete: report.complete,
    distinctStates: report.stats.distinctStates,
    maxDepth: report.stats.maxDepth,
    seconds: report.stats.seconds,
    problems: judge(v.expect, report),
    report,
  };
}

export function finishSuite(loaded: LoadedFamily, rows: SuiteRow[]): SuiteReport {
  const main = rows.find((r) => r.variant === 'mainline');
  const mainlineNeverFired = main?.report ? main.report.stats.neverFired : null;
  const anyError = rows.some((r) => r.verdict === 'error');
  const passed = rows.every((r) => r.problems.length === 0) && (mainlineNeverFired ?? []).length === 0;
  return {
    model: loaded.source,
    family: loaded.family.name,
    familyVersion: loaded.family.version,
    rows,
    mainlineNeverFired,
    passed,
    exitCode: anyError ? EXIT.internal : passed ? EXIT.ok : EXIT.violation,
  };
}

/** Column layout, fixed before the first row so rows can be printed as they finish. */
export interface SuiteLayout {
  widths: number[];
}

const HEADERS = ['VARIANT', 'EXPECT', 'VERDICT', 'PROPERTY', 'STATES', 'DEPTH', 'SECONDS', 'RESULT'];
const RIGHT = new Set([4, 5, 6]);

export function suiteLayout(family: ModelFamily<unknown, unknown>, variants: VariantInfo[]): SuiteLayout {
  const props = [...family.properties.map((p) => p.id), ...variants.map((v) => (v.expect.verdict === 'violation' ? v.expect.property : ''))];
  return {
    widths: [
      Math.max(7, ...variants.map((v) => v.id.length)),
      Math.max(6, ...variants.map((v) => expectText(v.expect).length)),
      9,
      Math.max(8, ...props.map((p) => p.length)),
      10,
      5,
      8,
      6,
    ],
  };
}

function expectText(e: Expectation): string {
  return e.verdict === 'ok' ? 'ok' : `violation${e.maxTraceLength !== undefined ? ` ≤${e.maxTraceLength}` : ''}`;
}

function cells(layout: SuiteLayout, values: string[]): string {
  return values
    .map((v, i) => (i === values.length - 1 ? v : RIGHT.has(i) ? v.padStart(layout.widths[i]) : v.padEnd(layout.widths[i])))
    .join('  ')
    .trimEnd();
}

export function formatSuiteHeader(loaded: LoadedFamily, variants: VariantInfo[], layout: SuiteLayout, c: Palette = plain): string {
  return (
    `${c.bold('ppcheck suite')}: ${loaded.family.name} v${loaded.family.version} (${loaded.source}), ${variants.length} variant${variants.length === 1 ? '' : 's'}, ` +
    `bfs, exhaustive at each scenario's default bounds\n\n` +
    cells(layout, HEADERS) +
    '\n'
  );
}

export function formatSuiteRow(row: SuiteRow, layout: SuiteLayout, c: Palette = plain): string {
  const ok = row.problems.length === 0;
  const line = cells(layout, [
    row.variant,
    expectText(row.expect),
    row.verdict + (row.complete || row.verdict === 'error' ? '' : '?'),
    row.property ?? '-',
    String(row.distinctStates),
    String(row.maxDepth),
    row.seconds.toFixed(2),
    ok ? c.green('ok') : c.red(`MISMATCH: ${row.problems.join('; ')}`),
  ]);
  return line + '\n';
}

export function formatSuiteFooter(r: SuiteReport, c: Palette = plain): string {
  let out = '\n';
  if (r.mainlineNeverFired && r.mainlineNeverFired.length > 0) {
    out += c.red(`mainline coverage: never fired: ${r.mainlineNeverFired.join(', ')}`) + '\n';
  } else if (r.mainlineNeverFired) {
    out += 'mainline coverage: every action fired\n';
  }
  const bad = r.rows.filter((x) => x.problems.length > 0).length;
  const total = r.rows.reduce((a, x) => a + x.seconds, 0);
  out += r.passed
    ? c.green(`suite passed: ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'} as expected`) + ` (${total.toFixed(2)}s)\n`
    : c.red(`suite FAILED: ${bad} of ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'} not as expected${r.mainlineNeverFired?.length ? ', mainline coverage incomplete' : ''}`) +
      ` (${total.toFixed(2)}s)\n`;
  return out;
}

export function suiteJson(r: SuiteReport): string {
  return (
    stringify({
      format: 1,
      command: 'suite',
      verdict: r.passed ? 'ok' : r.rows.some((x) => x.verdict === 'error') ? 'error' : 'mismatch',
      passed: r.passed,
      model: r.model,
      family: r.family,
      familyVersion: r.familyVersion,
      mainlineNeverFired: r.mainlineNeverFired,
      rows: r.rows.map((x) => ({
        variant: x.variant,
        kind: x.kind,
        expect: x.expect,
        expectation: expectationText(x.expect),
        verdict: x.verdict,
        property: x.property,
        traceLength: x.traceLength,
        complete: x.complete,
        distinctStates: x.distinctStates,
        maxDepth: x.maxDepth,
        seconds: x.seconds,
        scenarios: x.scenarios,
        matches: x.problems.length === 0,
        problems: x.problems,
        rerun: x.report?.rerun ?? null,
        stats: x.report ? statsJson(x.report.stats) : null,
      })),
    }) + '\n'
  );
}
