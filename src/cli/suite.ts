/**
 * `ppcheck suite` (what `npm run check` runs): every scenario of `mainline` at
 * its default bounds, exhaustively (bfs, no limits), then every other variant
 * under its own scenarios; one row per variant compared with the variant's
 * expectation; mainline's combined coverage must leave no action unfired.
 * Exit 0 iff everything matches, 12 on a mismatch, 255 when a run errs.
 */
import type { Expectation, ModelFamily, VariantInfo } from '../family.ts';
import { planCheck, runPlan, type CheckReport, type RunObserver, type Verdict } from './check.ts';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import type { LoadedFamily } from './load-family.ts';

// the printers of these results are in print/suite.ts (which imports this file's types: no re-export back)

export interface SuiteRow {
  variant: string;
  kind: string;
  expect: Expectation;
  verdict: Verdict;
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
  /** the suite did not run to its end (a signal, the memory limit) */
  stoppedBy?: 'interrupt' | 'memory' | 'time-limit';
}

/** The variants to run, mainline first. */
/**
 * The variants to run, mainline first, then in the family's order: all of
 * them, or those named with --variant, or of the kinds named with --kind.
 */
export function suiteVariants(family: ModelFamily<unknown, unknown>, only?: readonly string[], kinds?: readonly string[]): VariantInfo[] {
  for (const id of only ?? []) {
    if (!family.variants.some((x) => x.id === id)) {
      throw new UsageError(`unknown variant '${id}' (known: ${family.variants.map((x) => x.id).join(', ')})`);
    }
  }
  const known = [...new Set(family.variants.map((v) => v.kind))];
  for (const k of kinds ?? []) {
    if (!known.includes(k as VariantInfo['kind'])) throw new UsageError(`no variant of kind '${k}' (kinds: ${known.join(', ')})`);
  }
  const picked = family.variants.filter(
    (v) => (only === undefined || only.includes(v.id)) && (kinds === undefined || kinds.includes(v.kind)),
  );
  if (picked.length === 0) throw new UsageError('no variant matches both --variant and --kind');
  return [...picked.filter((v) => v.id === 'mainline'), ...picked.filter((v) => v.id !== 'mainline')];
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
  // a deadlock is a violation of the built-in property 'deadlock'
  if ((r.verdict !== 'violation' && r.verdict !== 'deadlock') || !r.violation) return [`expected a violation of ${expect.property}, found none`];
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
    const plan = planCheck(loaded, { variant: v.id, bounds: {}, json: false, liveness: true });
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

/** `stoppedBy`: the suite was interrupted or ran out of memory (the rows run so far are reported; exit 3). */
export function finishSuite(loaded: LoadedFamily, rows: SuiteRow[], stoppedBy?: 'interrupt' | 'memory' | 'time-limit'): SuiteReport {
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
    exitCode: anyError ? EXIT.internal : stoppedBy !== undefined ? EXIT.cutShort : passed ? EXIT.ok : EXIT.violation,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
  };
}
