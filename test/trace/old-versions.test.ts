/**
 * Old trace files keep replaying: test/trace/fixtures/old/ holds traces
 * written by each earlier page_pool model version (1-3) and by the last
 * version of the trace format before `#meta.varTypes` (model version 4),
 * generated from git history by generate.sh there. Each is read, validates
 * against docs/schemas/trace.schema.json, prints with `show`, and replays on
 * the current model: the recorded violation is reproduced (exit 12).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type Io } from '../../src/cli/main.ts';
import { readTraceFile } from '../../src/trace/itf.ts';
import { REPO } from '../cli/literate.ts';
import { schemaProblems } from '../schemas/validate.ts';

const DIR = join(REPO, 'test/trace/fixtures/old');
const files = readdirSync(DIR).filter((f) => f.endsWith('.itf.json')).sort();

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('trace files of earlier versions', () => {
  it('cover every earlier model version and the trace format before varTypes', () => {
    const versions = files.map((f) => readTraceFile(join(DIR, f)).meta.modelVersion);
    expect([...new Set(versions)].sort()).toEqual(['1', '2', '3', '4']);
    for (const f of files) expect(JSON.parse(readFileSync(join(DIR, f), 'utf8'))['#meta'].varTypes).toBeUndefined();
  });

  for (const f of files) {
    it(`${f}: validates, shows, and replays on the current model (reproduced, exit 12)`, async () => {
      const file = join(DIR, f);
      expect(schemaProblems('trace', JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
      const rec = readTraceFile(file);
      const shown = await cli('show', file);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`violated: ${rec.meta.property}`);
      const r = await cli('replay', file, '--json');
      expect(r.stderr).toBe('');
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(schemaProblems('replay', j)).toEqual([]);
      expect([j.outcome, r.code, j.recordedModelVersion]).toEqual(['reproduced', 12, rec.meta.modelVersion]);
      expect((j.violation as { property: string }).property).toBe(rec.meta.property);
      const text = await cli('replay', file);
      if (rec.meta.modelVersion !== '4') expect(text.stdout).toContain(`recorded by page_pool model version ${rec.meta.modelVersion}, replayed on version 4`);
    });
  }

  it('an old trace whose actions no longer exist does not reproduce: it diverges (exit 0), it is not taken on trust', async () => {
    const file = join(DIR, files[0]);
    const j = JSON.parse(readFileSync(file, 'utf8')) as { states: { '#meta': Record<string, unknown> }[] };
    const m = j.states[1]['#meta'];
    m.action = { fn: 'no_such_function', cpu: 0, ctx: 0, a: -1, b: -1 };
    m['action-label'] = 'cpu0 task no_such_function()';
    const bad = join(mkdtempSync(join(tmpdir(), 'ppcheck-old-')), 'bad.itf.json');
    writeFileSync(bad, JSON.stringify(j));
    const r = await cli('replay', bad, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outcome).toBe('diverged');
  });
});
