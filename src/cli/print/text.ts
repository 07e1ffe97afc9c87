/**
 * Text printers for `check`: pure functions of the report (and a colour
 * palette, plain when stdout is not a terminal).
 */
import { completeText, searchEnding } from '../endings.ts';
import pc from 'picocolors';
import type { Stats } from '../../engine/result.ts';
import { type CheckReport, type RunParams, violationHeader } from '../check.ts';
import { withoutGhosts } from '../../trace/printable.ts';
import { traceToText } from '../../trace/text.ts';
import { formatTable } from './table.ts';
import { formatRandomInfo } from '../../random/index.ts';

export type Palette = ReturnType<typeof pc.createColors>;
export const plain: Palette = pc.createColors(false);

const unbounded = (n: number | null, unit = ''): string => (n === null ? 'unbounded' : `${n}${unit}`);

export function formatBounds(b: Record<string, number>): string {
  return Object.entries(b)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The header every check prints first: its effective parameters. */
export function formatParams(p: RunParams, c: Palette = plain): string {
  const lines = [
    `${c.bold('ppcheck check')}`,
    `  model      ${p.family} v${p.familyVersion} (${p.model})`,
    `  variant    ${p.variant}`,
  ];
  if (p.properties) lines.push(`  properties ${p.properties.join(', ')} (only)`);
  p.scenarios.forEach((s, i) => {
    const cap = p.capped?.[s] ? ` (capped at the scenario's limit: ${formatBounds(p.capped[s] as Record<string, number>)})` : '';
    lines.push(`  ${i === 0 ? (p.scenarios.length > 1 ? 'scenarios ' : 'scenario  ') : '          '} ${s}: ${formatBounds(p.bounds[s])}${cap}`);
  });
  let mode = `  mode       ${p.mode}, seed ${p.seed}`;
  if (p.runs !== null) mode += `, runs ${p.runs}`;
  lines.push(mode);
  lines.push(`  limits     max-depth ${unbounded(p.maxDepth)}, max-states ${unbounded(p.maxStates)}, time-limit ${unbounded(p.timeLimit, 's')}`);
  if (p.liveness) lines.push(`  liveness   on: liveness properties under fairness, ${p.mode === 'random' ? 'on walks that revisit a state (lassos)' : 'on the whole state graph'}`);
  return lines.join('\n') + '\n';
}

export interface TextOptions {
  /** print the coverage table (one row per action kind); otherwise a one-line summary */
  coverage?: boolean;
  /** counterexample: print the fields each step read */
  reads?: boolean;
  /** counterexample: print the model's ghost fields (hidden by default: not kernel state) */
  ghosts?: boolean;
}

export function formatStats(s: Stats, c: Palette = plain, o: TextOptions = {}): string {
  const lines = [
    `  states     ${s.distinctStates} distinct, ${s.transitions} transitions, depth ${s.maxDepth}`,
    `  time       ${s.seconds.toFixed(2)}s, ${Math.round(s.statesPerSecond)} states/s, peak heap ${(s.peakHeapBytes / 2 ** 20).toFixed(1)} MiB`,
    `  collisions probability ${s.collisionProbability.toExponential(1)}`,
  ];
  if (s.runs !== undefined) lines.push(`  walks      ${s.runs} runs, ${s.steps ?? 0} steps`);
  if (s.coverage.length > 0 && !o.coverage) {
    const fired = s.coverage.filter((x) => x.fired > 0).length;
    lines.push(`  coverage   ${fired} of ${s.coverage.length} actions fired (--coverage for the table)`);
  } else if (s.coverage.length > 0) {
    const w = Math.max(6, ...s.coverage.map((x) => x.action.length));
    lines.push(`  coverage   ${'action'.padEnd(w)}  ${'fired'.padStart(8)}  ${'new states'.padStart(10)}`);
    for (const x of s.coverage) {
      const row = `             ${x.action.padEnd(w)}  ${String(x.fired).padStart(8)}  ${String(x.newStates).padStart(10)}`;
      lines.push(x.fired === 0 ? c.yellow(row) : row);
    }
  }
  let out = lines.join('\n') + '\n';
  if (s.neverFired.length > 0) {
    out += c.yellow(`warning: never fired: ${s.neverFired.join(', ')} (the model or its bounds may be too narrow)`) + '\n';
  }
  return out;
}

/** Everything after the header: the counterexample, if any, then the result and statistics. */
export function formatCheckReport(r: CheckReport, c: Palette = plain, o: TextOptions = {}): string {
  let out = '\n';
  if (r.violation) {
    const v = r.violation;
    out += traceToText(
      o.ghosts ? v.trace : withoutGhosts(v.trace),
      violationHeader(r),
      {
        ...(r.outFile !== undefined ? { file: r.outFile, ...(r.replayArgs ? { replayArgs: r.replayArgs } : {}) } : {}),
        ...(o.reads ? { reads: true } : {}),
      },
    );
    if (v.deadlock) {
      out += `\n  result     ${c.red(c.bold('DEADLOCK'))} in scenario ${v.scenario}\n`;
      v.deadlock.waiting.forEach((w, i) => (out += `  ${i === 0 ? 'waiting   ' : '          '} ${w}\n`));
    } else out += `\n  result     ${c.red(c.bold('VIOLATION'))} of ${v.property} in scenario ${v.scenario}\n`;
    if (v.lasso && v.lasso.loopStart >= v.trace.steps.length - 1) out += `  fairness   the run stops: no action is enabled in its last state\n`;
    else if (v.lasso) out += `  fairness   a fair cycle: it takes steps of ${v.lasso.fairness.length > 0 ? v.lasso.fairness.join(', ') : 'no fairness constraint'}; every other fair context or work is disabled in some state of it\n`;
  } else if (r.error) {
    out += `  result     ${c.red(c.bold('ERROR'))} in scenario ${r.error.scenario}: ${r.error.error}: ${r.error.message}\n`;
    out += `  re-run     ${r.rerun}\n`;
  } else {
    const n = r.scenarios.length;
    const scenarios = `${n} scenario${n === 1 ? '' : 's'}`;
    out += r.complete
      ? `  result     ${c.green(c.bold('OK'))}: no violation in ${scenarios}\n`
      : `  result     ${c.yellow(c.bold('CUT SHORT'))}: no violation found in ${scenarios}, but the search was not complete\n`;
  }
  out += `  complete   ${completeText(r.complete, searchEnding({ ...r, verdict: 'ok', mode: r.params.mode }).stoppedBy)}\n`;
  if (r.skipped.length > 0) out += `  not run    ${r.skipped.join(', ')}\n`;
  if (r.outNotWritten !== undefined) {
    out += `  trace file ${r.outNotWritten} not written${r.violation ? ' (see the error below)' : ': no counterexample'}\n`;
  }
  if (r.htmlNotWritten !== undefined) out += `  html file  ${r.htmlNotWritten} not written: no counterexample\n`;
  if (r.random) out += formatRandomInfo(r.random);
  if (r.params.liveness) out += formatLivenessLine(r);
  out += formatStats(r.stats, c, o);
  if (r.scenarios.length > 1) out += formatScenarioTable(r);
  for (const w of r.warnings ?? []) out += c.yellow(`warning: ${w}`) + '\n';
  return out;
}

/** --liveness: what the liveness phase checked, in one or two lines. */
export function formatLivenessLine(r: CheckReport): string {
  const ls = r.scenarios.map((s) => s.liveness).filter((x) => x !== undefined);
  const checked = ls.filter((l) => l.checked);
  const props = [...new Set(checked.flatMap((l) => l.properties))];
  let out = `  liveness   ${checked.length} of ${r.scenarios.length} scenario${r.scenarios.length === 1 ? '' : 's'} checked${props.length ? `: ${props.join(', ')}` : ''}\n`;
  const skipped = r.scenarios.filter((s) => s.liveness && !s.liveness.checked);
  if (skipped.length > 0) out += `  not live   ${skipped.map((s) => `${s.scenario} (${s.liveness?.skipped})`).join(', ')}\n`;
  return out;
}

/** One row per scenario run, when a check ran several: where the states and the time went. */
export function formatScenarioTable(r: CheckReport): string {
  const table = formatTable(
    ['SCENARIO', 'VERDICT', 'STATES', 'DEPTH', 'SECONDS'],
    r.scenarios.map((s) => [
      s.scenario,
      s.verdict + (s.complete || s.verdict === 'error' ? '' : '?'),
      String(s.stats.distinctStates),
      String(s.stats.maxDepth),
      s.stats.seconds.toFixed(2),
    ]),
    new Set([2, 3, 4]),
  );
  return '\n' + table.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}
