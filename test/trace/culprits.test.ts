/**
 * Explained counterexamples (issue #20): for every corpus bug, `ppcheck check
 * --variant ID` marks culprit steps, and the marked steps are the ones
 * docs/bugs.md names as the cause and the effect ("**Culprits**" paragraph of
 * the bug's section: "cause step 7 `pskb_expand_head()`: …"). Also the generic
 * walk backwards (src/trace/culprits.ts) and the recorded reads
 * (src/trace/reads.ts) on small models.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, type Io } from '../../src/cli/main.ts';
import type { Model } from '../../src/engine/model.ts';
import { heldSince, lastChange, normalizeCulprits } from '../../src/trace/culprits.ts';
import { readsOf } from '../../src/trace/reads.ts';
import { CORPUS_IDS } from '../../model/variants/corpus.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { POOL_ALIVE } from '../../model/state.ts';

const BUGS_MD = readFileSync(new URL('../../docs/bugs.md', import.meta.url), 'utf8');

interface Mark {
  step: number;
  role: string;
  fn: string;
}

const key = (m: Mark): string => `${m.role} step ${m.step} ${m.fn}`;

/** The culprits docs/bugs.md names in the section of `id`. */
function namedInDocs(id: string): Mark[] {
  const start = BUGS_MD.indexOf(`\n## ${id}\n`);
  expect(start, `docs/bugs.md has a section "## ${id}"`).toBeGreaterThanOrEqual(0);
  const end = BUGS_MD.indexOf('\n## ', start + 5);
  const section = BUGS_MD.slice(start, end < 0 ? undefined : end);
  const para = /\*\*Culprits\*\*[^\n]*(?:\n(?!\n)[^\n]*)*/.exec(section);
  expect(para, `docs/bugs.md names the culprits of ${id}`).not.toBeNull();
  return [...para![0].matchAll(/(cause|effect) step (\d+) `([\w:]+)\(\)`/g)].map((m) => ({ role: m[1], step: Number(m[2]), fn: m[3] }));
}

/** The steps `check` marks in its text output: "  7  cpu0 softirq  BH off  pskb_expand_head(skb0)   ◀ cause". */
function markedInOutput(out: string): Mark[] {
  const marks: Mark[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s+(\d+)  cpu\d+ +\S+ +.*?([A-Za-z_][\w:]*)\(.*\)\s+◀ ([a-z, ]+)$/.exec(line);
    if (!m) continue;
    for (const role of m[3].split(', ')) marks.push({ step: Number(m[1]), role, fn: m[2] });
  }
  return marks;
}

async function check(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
  const code = await runCli(['check', ...args], io);
  return { code, stdout };
}

describe('culprit markers of the corpus bugs (check --variant ID) are the steps docs/bugs.md names', () => {
  it('covers all 13 corpus bugs', () => {
    expect(CORPUS_IDS).toHaveLength(13);
  });
  for (const id of CORPUS_IDS) {
    it(id, async () => {
      const r = await check(['--variant', id]);
      expect(r.code).toBe(12);
      const marked = markedInOutput(r.stdout);
      expect(marked.some((m) => m.role === 'cause'), 'a cause is marked').toBe(true);
      expect(marked.some((m) => m.role === 'effect'), 'an effect is marked').toBe(true);
      expect(marked.map(key).sort()).toEqual(namedInDocs(id).map(key).sort());
      // and explained after the violation, one line per culprit
      const block = r.stdout.slice(r.stdout.indexOf('\nculprits:\n'));
      for (const m of marked) expect(block).toMatch(new RegExp(`step +${m.step} \\(${m.role}\\)`));
    });
  }
});

describe('walking the states backwards (src/trace/culprits.ts)', () => {
  const states = [{ x: 0, y: [0] }, { x: 1, y: [0] }, { x: 1, y: [1] }, { x: 2, y: [1] }, { x: 2, y: [1] }];
  it('lastChange finds the last step that changed a field, optionally to a value', () => {
    expect(lastChange(states, (s) => s.x)).toBe(3);
    expect(lastChange(states, (s) => s.x, 2)).toBe(1);
    expect(lastChange(states, (s) => s.y)).toBe(2);
    expect(lastChange(states, (s) => s.x, 4, (v) => v === 1)).toBe(1);
    expect(lastChange(states, () => 0)).toBe(-1);
  });
  it('heldSince finds the step since which a condition holds', () => {
    expect(heldSince(states, (s) => s.x >= 1)).toBe(1);
    expect(heldSince(states, (s) => s.y[0] === 1, 3)).toBe(2);
    expect(heldSince(states, (s) => s.x === 0)).toBe(-1);
    expect(heldSince(states, () => true)).toBe(0);
  });
  it('normalizeCulprits drops steps outside the trace and duplicates, and sorts', () => {
    expect(
      normalizeCulprits(
        [
          { step: 3, role: 'effect', why: 'b' },
          { step: 0, role: 'cause', why: 'init is no step' },
          { step: 1, role: 'cause', why: 'a' },
          { step: 3, role: 'effect', why: 'dup' },
          { step: 9, role: 'cause', why: 'beyond' },
        ],
        5,
      ),
    ).toEqual([
      { step: 1, role: 'cause', why: 'a' },
      { step: 3, role: 'effect', why: 'b' },
    ]);
  });
});

describe('--reads: what a step read, by re-executing it behind a Proxy (src/trace/reads.ts)', () => {
  type S = { a: number; b: number; c: number[] };
  const counter: Model<S, 'copy' | 'bump'> = {
    name: 'reads',
    init: () => [{ a: 1, b: 2, c: [5, 6] }],
    actions: () => ['copy', 'bump'],
    // copy: b = a + c[1]; bump: writes a, then reads it back (not a read of the old state)
    step: (s, x) => (x === 'copy' ? { ...s, b: s.a + s.c[1] } : { ...s, a: s.a + 1 }),
    stepInPlace(t, x) {
      if (x === 'copy') t.b = t.a + t.c[1];
      else {
        t.a = 7;
        t.b = t.a;
      }
    },
    invariants: [],
    encode: () => {},
    actionLabel: String,
    actionKind: String,
    actionKinds: ['copy', 'bump'],
    describeRead: (path, v) => `${path.join('.')}=${String(v)}`,
  };
  counter.inPlaceStepOf = counter.step;
  it('records the fields read with their values, not those written first', () => {
    expect(readsOf(counter, counter.init()[0], 'copy')).toEqual(['a=1', 'c.1=6']);
    expect(readsOf(counter, counter.init()[0], 'bump')).toEqual([]);
  });
  it('page_pool: the push of the lost-update race reads alloc.count, the epilogue (dead-slot scrub) does not count', () => {
    const m = pagePoolFamily.build({ variant: 'mainline', scenario: 'xdp', bounds: pagePoolFamily.scenarios.find((s) => s.id === 'xdp')!.bounds });
    let s = m.init()[0];
    // run the NAPI until some context is about to read alloc.count for a push
    for (let i = 0; i < 30; i++) {
      const acts = m.actions(s);
      const push = acts.find((a) => a.fn === 'page_pool_recycle_in_cache');
      if (push) {
        const reads = readsOf(m, s, push);
        expect(reads).toContain('pool0 alloc.count=0');
        expect(reads.every((r) => !r.startsWith('ghost'))).toBe(true);
        return;
      }
      s = m.step(s, acts.find((a) => a.fn !== 'napi_complete_done') ?? acts[0]);
    }
    throw new Error('no push reached');
  });
  it('a step that reads nothing but the epilogue shows no reads', () => {
    const m = pagePoolFamily.build({ variant: 'mainline', scenario: 'xdp', bounds: pagePoolFamily.scenarios.find((s) => s.id === 'xdp')!.bounds });
    const s = m.init()[0];
    expect(s.pools[0].st).toBe(POOL_ALIVE);
    const sched = m.actions(s).find((a) => a.fn === 'napi_schedule');
    expect(sched).toBeDefined();
    expect(readsOf(m, s, sched!)).toEqual([]);
  });
});

describe('the markers in every printer', () => {
  const v = pagePoolFamily.variants.find((x) => x.id === 'napi-local-destroy-window')!;
  const scenario = pagePoolFamily.scenarios.find((s) => s.id === v.scenarios[0])!;
  const model = pagePoolFamily.build({ variant: v.id, scenario: scenario.id, bounds: scenario.bounds });
  const header = { property: 'napi-local-only', reason: 'r', model: 'page_pool' };
  it('text, columns and Mermaid mark the same steps (7, 8 cause; 9 effect), ghosts only on request', async () => {
    const { explore } = await import('../../src/engine/explore.ts');
    const { printableFromTrace, withoutGhosts } = await import('../../src/trace/printable.ts');
    const { traceToText } = await import('../../src/trace/text.ts');
    const { traceToColumns } = await import('../../src/trace/columns.ts');
    const { traceToMermaid } = await import('../../src/trace/mermaid.ts');
    const r = explore(model, {});
    if (r.kind !== 'violation') throw new Error('expected a violation');
    const pt = printableFromTrace(model, r.trace, r.property);
    expect(pt.culprits?.map((c) => `${c.step} ${c.role}`)).toEqual(['7 cause', '8 cause', '9 effect']);
    const text = traceToText(withoutGhosts(pt), header);
    expect(markedInOutput(text).map(key)).toEqual(['cause step 7 napi_pp_put_page', 'cause step 8 page_pool_destroy', 'effect step 9 page_pool_recycle_in_cache']);
    expect(text).not.toContain('ghost');
    expect(traceToText(pt, header)).toContain('ghost nonLocalPush -1→0');
    const cols = traceToColumns(pt, header, { changes: true }).split('\n');
    expect(cols.filter((l) => l.includes('◀ cause'))).toHaveLength(2);
    expect(cols.filter((l) => l.includes('◀ effect'))).toHaveLength(1);
    expect(cols.find((l) => l.includes('◀ effect'))).toContain('page_pool_recycle_in_cache(page0)');
    const mm = traceToMermaid(pt, header).split('\n');
    // each culprit step: a highlighted box around its message and notes, with the reason
    const rects = mm.map((l, i) => [l, i] as const).filter(([l]) => l.trim().startsWith('rect '));
    expect(rects).toHaveLength(3);
    for (const [, i] of rects) {
      const end = mm.indexOf('    end', i);
      expect(end).toBeGreaterThan(i);
      expect(mm.slice(i, end).some((l) => /->>state: [789]\. /.test(l))).toBe(true);
      expect(mm.slice(i, end).some((l) => /Note over \w+: ◀ (cause|effect): /.test(l))).toBe(true);
    }
  });
});
