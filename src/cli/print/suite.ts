/**
 * Printers of the suite's results (src/cli/suite.ts): the table, streamed one
 * row per variant as it finishes, its footer, and the one JSON object of
 * `suite --json`. Pure functions of the results.
 */
import { endingFields, endingOfCode } from '../endings.ts';
import type { Expectation, ModelFamily, VariantInfo } from '../../family.ts';
import type { LoadedFamily } from '../load-family.ts';
import type { SuiteReport, SuiteRow } from '../suite.ts';
import { expectationText } from '../list.ts';
import { jsonEnvelope, statsJson, stringify } from './json.ts';
import { plain, type Palette } from './text.ts';

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
  if (r.stoppedBy !== undefined) {
    // not a pass, not a mismatch: the suite did not run to its end
    return out + c.yellow(`suite CUT SHORT: stopped by ${r.stoppedBy} after ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'}`) + ` (${total.toFixed(2)}s)\n`;
  }
  out += r.passed
    ? c.green(`suite passed: ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'} as expected`) + ` (${total.toFixed(2)}s)\n`
    : c.red(`suite FAILED: ${bad} of ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'} not as expected${r.mainlineNeverFired?.length ? ', mainline coverage incomplete' : ''}`) +
      ` (${total.toFixed(2)}s)\n`;
  return out;
}

export function suiteJson(r: SuiteReport): string {
  return (
    stringify({
      ...jsonEnvelope('suite'),
      verdict: r.passed ? 'ok' : r.rows.some((x) => x.verdict === 'error') ? 'error' : 'mismatch',
      // ending, exitCode, complete, stoppedBy (src/cli/endings.ts): complete = every variant ran
      ...endingFields({ ending: endingOfCode(r.exitCode), exitCode: r.exitCode, complete: r.stoppedBy === undefined, stoppedBy: r.stoppedBy ?? null }),
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
