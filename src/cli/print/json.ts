/**
 * JSON printers: pure functions of the reports. `--json` prints exactly one
 * object (one line) on stdout and nothing else.
 */
import type { Stats } from '../../engine/result.ts';
import type { CheckReport } from '../check.ts';
import { traceToJsonData } from '../../trace/json.ts';
import { endingFields, searchEnding } from '../endings.ts';
import { toolVersion } from '../../trace/version.ts';

/**
 * The version of the JSON output contracts (docs/schemas/*.schema.json); bumped
 * when a field is removed or changes meaning (adding a field is not a change).
 */
export const JSON_FORMAT = 1;

/** The first keys of every `--json` object: which contract (`command`), its version, the tool's version. */
export function jsonEnvelope(command: string): { format: number; command: string; toolVersion: string } {
  return { format: JSON_FORMAT, command, toolVersion: toolVersion() };
}

/** JSON text of any report value: bigints as decimal strings, non-finite numbers as null. */
export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === 'bigint') return x.toString();
    if (typeof x === 'number' && !Number.isFinite(x)) return null;
    return x;
  });
}

export function statsJson(s: Stats): Record<string, unknown> {
  const out: Record<string, unknown> = {
    distinctStates: s.distinctStates,
    transitions: s.transitions,
    maxDepth: s.maxDepth,
    seconds: s.seconds,
    statesPerSecond: s.statesPerSecond,
    peakHeapBytes: s.peakHeapBytes,
    collisionProbability: s.collisionProbability,
    coverage: s.coverage.map((c) => ({ action: c.action, fired: c.fired, newStates: c.newStates })),
    neverFired: s.neverFired,
  };
  if (s.runs !== undefined) out.runs = s.runs;
  if (s.steps !== undefined) out.steps = s.steps;
  return out;
}

export function checkReportJson(r: CheckReport): Record<string, unknown> {
  const v = r.violation;
  return {
    ...jsonEnvelope('check'),
    verdict: r.verdict,
    // ending, exitCode, complete, stoppedBy (src/cli/endings.ts)
    ...endingFields(searchEnding({ ...r, mode: r.params.mode })),
    incompleteReason: r.incompleteReason ?? null,
    property: v?.property ?? null,
    propertyDescription: v?.propertyDescription ?? null,
    reason: v?.reason ?? null,
    terminal: v?.terminal ?? null,
    waiting: v?.deadlock?.waiting ?? null,
    loopStart: v?.lasso?.loopStart ?? null,
    fairness: v?.lasso?.fairness ?? null,
    scenario: v?.scenario ?? r.error?.scenario ?? null,
    trace: v
      ? {
          initIndex: v.initIndex,
          length: v.trace.steps.length - 1,
          steps: traceToJsonData(v.trace, { property: v.property, reason: v.reason }).steps,
          culprits: v.trace.culprits ?? [],
        }
      : null,
    error: r.error ?? null,
    warnings: r.warnings ?? [],
    params: r.params,
    stats: statsJson(r.stats),
    random: r.random ?? null,
    scenarios: r.scenarios.map((s) => ({
      scenario: s.scenario,
      bounds: s.bounds,
      verdict: s.verdict,
      complete: s.complete,
      incompleteReason: s.incompleteReason ?? null,
      stats: statsJson(s.stats),
      random: s.random ?? null,
      liveness: s.liveness ?? null,
    })),
    skipped: r.skipped,
    rerun: r.rerun,
    replay: r.replay ?? null,
    outFile: r.outFile ?? null,
  };
}

export function formatCheckJson(r: CheckReport): string {
  return stringify(checkReportJson(r)) + '\n';
}
