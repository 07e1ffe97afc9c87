/**
 * Acceptance proposals whose check needs a printed command run again:
 * the `reproduce:` line of a check with proposal bounds and a flag equal to
 * the scenario's default reruns that very run (same bounds, same counts), and
 * `show`'s `replay:` line of a proposal trace is a command that works (exit 12).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ppcheckInProcess } from '../cli/literate.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'ppcheck-acceptance-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/**
 * Run a printed `npx ppcheck …` command line (words split on blanks, no shell) with the repository's
 * CLI, in this process (runCli: its parsing, output and exit code; test/cli/literate.ts).
 */
async function run(words: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const args = words[0] === 'npx' && words[1] === 'ppcheck' ? words.slice(2) : words;
  return ppcheckInProcess(args, REPO);
}

const line = (out: string, prefix: string): string => {
  const l = out.split('\n').find((x) => x.startsWith(prefix));
  if (l === undefined) throw new Error(`no line '${prefix}' in:\n${out}`);
  return l.slice(prefix.length);
};

describe('acceptance: printed commands rerun what ran', async () => {
  it('proposal bounds + a flag equal to the default: the flag wins, reproduce: reruns it with the same counts', async () => {
    const first = await run(['check', '--model', 'test/proposals/acceptance/bounds.ts', '--budget', '5']);
    expect(first.status).toBe(12);
    const reproduce = line(first.stdout, 'reproduce: ');
    expect(reproduce).toContain('--budget 5');
    expect(first.stdout).toContain('budget 5→4');
    const again = await run(reproduce.split(' '));
    expect(again.status).toBe(12);
    expect(line(again.stdout, '  states     ')).toBe(line(first.stdout, '  states     '));
    expect(line(again.stdout, '  scenario   ')).toBe(line(first.stdout, '  scenario   '));
    // and the proposal's own bound is what runs without the flag: another run
    const own = await run(['check', '--model', 'test/proposals/acceptance/bounds.ts']);
    expect(line(own.stdout, '  scenario   ')).toContain('budget=1');
    expect(line(own.stdout, '  states     ')).not.toBe(line(first.stdout, '  states     '));
  });

  it("show of a proposal trace prints a replay command that works (exit 12), and replay finds the model from the trace", async () => {
    const file = join(TMP, 'direct.itf.json');
    const c = await run(['check', '--model', 'test/proposals/acceptance/direct-in-softirq.ts', '--out', file]);
    expect(c.status).toBe(12);
    const shown = await run(['show', file]);
    expect(shown.status).toBe(0);
    const replay = line(shown.stdout, 'replay: ');
    expect(replay).toContain('--model test/proposals/acceptance/direct-in-softirq.ts');
    const r = await run(replay.split(' '));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(/reproduced: napi-local-only/);
    // without --model: the trace's recorded model file
    expect((await run(['replay', file])).status).toBe(12);
    // a recorded model file that is gone: one clear line, exit 2
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j['#meta']['model-path'] = 'test/proposals/acceptance/no-such-file.ts';
    const moved = join(TMP, 'moved.itf.json');
    writeFileSync(moved, JSON.stringify(j));
    const gone = await run(['replay', moved]);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toMatch(/^ppcheck: .*moved\.itf\.json: the trace was found with --model test\/proposals\/acceptance\/no-such-file\.ts, which does not exist .*give --model <file>\n$/);
  });
});
