/**
 * The oracle through the CLI: `ppcheck suite --model test/oracle/family.ts
 * --json` runs every configuration of test/oracle/manifest.json (plus DieHard
 * and MissionariesAndCannibals) exhaustively; every row must match its
 * expectation, and the distinct states and depth it reports must be TLC's
 * (depth: stateDepth - 1, see tlc-counts.test.ts), the transitions TLC's
 * totalStates minus the initial states where that is asserted there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOracleModel, type Constants } from './models/index.ts';
import { ppcheckInProcess } from '../cli/literate.ts';

interface Entry {
  id: string;
  spec: string;
  constants: Constants;
  distinctStates: number;
  totalStates: number | null;
  totalStatesNotAsserted?: string;
  stateDepth: number | null;
}

interface SuiteRow {
  variant: string;
  verdict: string;
  property: string | null;
  traceLength: number | null;
  complete: boolean;
  distinctStates: number;
  maxDepth: number;
  matches: boolean;
  problems: string[];
  stats: { transitions: number };
}

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as { entries: Entry[] };
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('ppcheck suite on the TLA+ Examples family', () => {
  it('every row as expected, with TLC numbers', async () => {
    // the CLI's entry (runCli) in this process: its parsing, output and exit code (test/cli/literate.ts)
    const r = await ppcheckInProcess(['suite', '--model', 'test/oracle/family.ts', '--json'], root);
    if (r.status !== 0) throw new Error(`ppcheck suite exited ${r.status}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
    const out = r.stdout;
    const report = JSON.parse(out) as { passed: boolean; rows: SuiteRow[] };
    const rows = new Map(report.rows.map((r) => [r.variant, r]));
    expect(report.rows.every((r) => r.matches)).toBe(true);
    expect(report.passed).toBe(true);

    for (const e of manifest.entries) {
      const row = rows.get(e.id);
      expect(row, e.id).toBeDefined();
      if (!row) continue;
      expect(row.verdict, e.id).toBe('ok');
      expect(row.complete, e.id).toBe(true);
      expect(row.distinctStates, e.id).toBe(e.distinctStates);
      if (e.stateDepth !== null) expect(row.maxDepth, e.id).toBe(e.stateDepth - 1);
      if (e.totalStates !== null && e.totalStatesNotAsserted === undefined) {
        const inits = buildOracleModel(e.spec, e.constants).init().length;
        expect(row.stats.transitions + inits, e.id).toBe(e.totalStates);
      }
    }

    const dieHard = rows.get('DieHard');
    expect(dieHard?.verdict).toBe('violation');
    expect(dieHard?.property).toBe('NotSolved');
    expect(dieHard?.traceLength).toBe(6);
    const mc = rows.get('MissionariesAndCannibals');
    expect(mc?.verdict).toBe('violation');
    expect(mc?.property).toBe('Solution');
    expect(mc?.traceLength).toBe(11);
  }, 120_000);
});
