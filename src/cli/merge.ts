/**
 * `ppcheck merge FILE… [--json]`: combine the JSON results of random-mode
 * shards (`check --mode random --shard i/N --json > shard-i.json`) into one
 * verdict with summed statistics (src/random/merge.ts does the work; this file
 * reads the files and prints). Exit codes as for check (src/cli/endings.ts):
 * 3 no violation found (random mode is never complete: cut short), 12 a
 * violation in some shard, 255 a shard ended in an internal/model error, 2 bad
 * input (unreadable, malformed JSON, shards of different checks, a shard twice).
 * `--out FILE` writes the JSON result whole (never over one of the inputs).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mergeResults, MergeInputError, type MergedResult, type MergeInput } from '../random/merge.ts';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import { endingFields, searchEnding } from './endings.ts';
import { checkOutputTarget, writeFileWhole } from './files.ts';

/** What main.ts may pass (duck-typed, optional, as for replay/show). */
export interface MergeCliContext {
  io?: { stdout(s: string): void };
  exitCode?: ExitCode;
}

export function readResultFile(file: string): MergeInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read ${file}: ${code}`);
  }
  try {
    return { file, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw new UsageError(`${file}: malformed JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Merged random-mode shards are never a complete search: ok is cut short (exit 3). */
export function mergeExitCode(m: Pick<MergedResult, 'verdict'>): ExitCode {
  return m.verdict === 'ok' ? EXIT.cutShort : m.verdict === 'violation' ? EXIT.violation : EXIT.internal;
}

function mergeEnding(m: MergedResult): ReturnType<typeof endingFields> {
  return endingFields(searchEnding({ verdict: m.verdict as 'ok' | 'violation' | 'error', complete: false, mode: 'random' }));
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function traceLines(trace: unknown): string[] {
  if (typeof trace !== 'object' || trace === null || !Array.isArray((trace as { steps?: unknown }).steps)) return [];
  const steps = (trace as { steps: unknown[] }).steps;
  return steps.map((st, i) => {
    const o = (typeof st === 'object' && st !== null ? st : {}) as { label?: unknown; changes?: unknown };
    const label = typeof o.label === 'string' ? o.label : '?';
    const changes = Array.isArray(o.changes) && o.changes.length > 0 ? `   ${o.changes.join('; ')}` : '';
    return `  ${String(i).padStart(3)}  ${label}${changes}`;
  });
}

/** The text report of a merge (pure). */
export function formatMerged(m: MergedResult): string {
  const out: string[] = [];
  const p = m.params;
  const what = [p.variant !== undefined ? `variant ${String(p.variant)}` : null, Array.isArray(p.scenarios) ? `scenarios ${p.scenarios.join(', ')}` : null]
    .filter((x) => x !== null)
    .join(', ');
  out.push(`merged ${m.shards.length} of ${m.shardCount} shards: seed ${m.seed}, ${m.runs} runs${m.depth !== null ? `, depth ${m.depth}` : ''}${what ? ` (${what})` : ''}`);
  for (const s of m.shards) {
    const detail =
      s.verdict === 'violation'
        ? `${s.property} in run ${s.runIndex ?? '?'}, trace ${s.traceLength} steps`
        : s.verdict === 'error'
          ? 'error'
          : 'no violation';
    out.push(`  shard ${pad(s.shard + ':', 6)} ${s.runsExecuted} runs, ${s.steps} steps, ${s.distinctStates} states: ${detail}  (${s.file})`);
  }
  if (m.missingShards.length > 0) {
    out.push(`warning: shards ${m.missingShards.join(', ')} are missing: these results do not cover the seed space`);
  }
  const st = m.stats;
  out.push(
    `total: ${st.runs ?? 0} runs, ${st.steps ?? st.transitions} steps, ≤ ${st.distinctStates} distinct states (summed over shards), ${st.seconds.toFixed(2)} s of shard time`,
  );
  if (st.neverFired.length > 0) out.push(`warning: actions never fired in any shard: ${st.neverFired.join(', ')}`);
  if (m.verdict === 'violation') {
    out.push(`verdict: VIOLATION of ${m.property}${m.terminal ? ' (at a terminal state)' : ''} — from ${m.from}`);
    out.push(...traceLines(m.trace));
    out.push(`violated: ${m.property}: ${m.reason}`);
  } else if (m.verdict === 'error') {
    const err = m.error as { message?: unknown } | null;
    out.push(`verdict: ERROR in ${m.from}: ${typeof err?.message === 'string' ? err.message : 'see the shard result'}`);
  } else {
    out.push('verdict: no violation found (random exploration: not exhaustive)');
  }
  if (m.rerun !== null) out.push(`${m.verdict === 'ok' ? 're-run' : 'replay'}: ${m.rerun}`);
  if (m.shorter !== null) {
    const sh = m.shorter;
    out.push(`shorter: ${sh.traceLength} steps to ${sh.property} in shard ${sh.shard} (run ${sh.runIndex ?? '?'}, ${sh.from})${sh.rerun !== null ? `; replay: ${sh.rerun}` : ''}`);
  }
  return out.join('\n') + '\n';
}

export interface MergeCliOptions {
  json?: boolean;
  out?: string;
}

/** Merge the files; returns exit code and output (input errors are thrown as UsageError). */
export function runMerge(files: readonly string[], opts: MergeCliOptions): { code: ExitCode; stdout: string } {
  if (opts.out !== undefined) checkOutputTarget(opts.out, 'merge result', files);
  const inputs = files.map(readResultFile);
  let merged: MergedResult;
  try {
    merged = mergeResults(inputs);
  } catch (e) {
    if (e instanceof MergeInputError) throw new UsageError(e.message);
    throw e;
  }
  const json = JSON.stringify({ ...merged, ...mergeEnding(merged) }) + '\n';
  if (opts.out !== undefined) {
    try {
      writeFileWhole(opts.out, json);
    } catch (e) {
      throw new UsageError(`cannot write merge result ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  const stdout = opts.json ? json : formatMerged(merged);
  return { code: mergeExitCode(merged), stdout };
}

export function registerMerge(program: Command, ctx?: MergeCliContext): Command {
  return program
    .command('merge')
    .description(
      'combine the JSON results of random-mode shards (check --mode random --shard i/N --json) into one verdict: a violation if any shard found one (that of the earliest failing run, as one unsharded run reports; a shorter one is named), statistics summed',
    )
    .argument('<files...>', 'JSON result files of the shards, one per shard')
    .option('--json', 'print one JSON object (verdict, shards, trace, summed stats) and nothing else')
    .option('--out <file>', 'also write the JSON result to this file (whole: a temporary file renamed)')
    .action((files: string[], opts: MergeCliOptions) => {
      const r = runMerge(files, opts);
      (ctx?.io?.stdout ?? ((s: string) => void process.stdout.write(s)))(r.stdout);
      if (ctx) ctx.exitCode = r.code;
      else process.exitCode = r.code;
    });
}
