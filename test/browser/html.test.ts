/**
 * The HTML report (`show --format html`, `check --html`) in a real headless
 * browser: Debian's chromium, installed by test/browser/setup.sh when missing
 * (as test/conformance/setup.sh installs the kernel source), driven by
 * playwright-core (no browser download). Every corpus trace is generated here
 * (BFS at the bug's default bounds, written as an ITF file like `check --out`,
 * turned into HTML by `show --format html`), loaded in one browser, stepped to
 * its end with the keyboard, and what the page shows is checked against the
 * trace: step count, lanes and kernel functions, culprit markers, changed
 * fields, the final violation; no network request, no script error. A crafted
 * trace must not run a script. Skips, saying why, only when no browser can be
 * installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runShow } from '../../src/cli/show.ts';
import { runCli, type Io } from '../../src/cli/main.ts';
import { explore } from '../../src/engine/explore.ts';
import { readTraceFile, writeTraceFile } from '../../src/trace/itf.ts';
import { printableFromRecorded, type PrintableTrace } from '../../src/trace/printable.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { CORPUS_IDS } from '../../model/variants/corpus.ts';

const SETUP = new URL('./setup.sh', import.meta.url).pathname;

function findBrowser(): { ok: true; path: string } | { ok: false; reason: string } {
  const r = spawnSync('bash', [SETUP], { encoding: 'utf8', timeout: 600_000 });
  const path = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0 && path) return { ok: true, path };
  const why = (r.stderr || '').trim().split('\n').filter((l) => l.includes('SKIP')).pop() ?? `setup.sh exit ${r.status}`;
  return { ok: false, reason: why };
}

const found = findBrowser();
if (!found.ok) {
  const bar = '!'.repeat(78);
  console.warn(`${bar}\nBROWSER TESTS SKIPPED: ${found.reason}\n(no headless browser could be installed; run test/browser/setup.sh to see why)\n${bar}`);
}
const d = found.ok ? describe : describe.skip;

interface Case {
  id: string;
  file: string;
  rec: PrintableTrace;
  reason: string;
  property: string;
  html: string;
}

const dir = mkdtempSync(join(tmpdir(), 'ppcheck-browser-'));

/** The counterexample of a corpus bug, as `check --out` writes it, and as `show --format html` prints it. */
async function corpusCase(id: string): Promise<Case> {
  const v = pagePoolFamily.variants.find((x) => x.id === id)!;
  const scenario = pagePoolFamily.scenarios.find((s) => s.id === v.scenarios[0])!;
  const model = pagePoolFamily.build({ variant: id, scenario: scenario.id, bounds: scenario.bounds });
  const r = explore(model, {});
  if (r.kind !== 'violation') throw new Error(`${id}: expected a violation, got ${r.kind}`);
  const file = join(dir, `${id}.itf.json`);
  const meta = { model: pagePoolFamily.name, modelVersion: pagePoolFamily.version, variant: id, scenario: scenario.id, bounds: scenario.bounds, mode: 'bfs', seed: 0, property: r.property, reason: r.reason, terminal: r.terminal, command: `npx ppcheck check --variant ${id}` };
  writeTraceFile(file, r.trace, meta, model);
  const shown = await runShow(file, { format: 'html' });
  expect(shown.code).toBe(0);
  const html = join(dir, `${id}.html`);
  writeFileSync(html, shown.stdout);
  return { id, file: html, rec: printableFromRecorded(readTraceFile(file)), reason: r.reason, property: r.property, html: shown.stdout };
}

d('the HTML report in headless chromium', () => {
  let browser: Browser;
  const cases: Case[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: (found as { path: string }).path,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    for (const id of CORPUS_IDS) cases.push(await corpusCase(id));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records every network request that is not the file itself, and every error. */
  async function open(file: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('request', (q) => {
      if (q.url() !== url) problems.push(`request ${q.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    await page.goto(url);
    return { page, problems };
  }

  it('loads every corpus trace (13), steps to the end with the keyboard, and shows what the trace says', async () => {
    expect(cases).toHaveLength(CORPUS_IDS.length);
    for (const c of cases) {
      const { page, problems } = await open(c.file);
      const steps = c.rec.steps;
      const n = steps.length - 1;
      expect(await page.getAttribute('body', 'data-steps'), c.id).toBe(String(n));
      expect(await page.textContent('#position'), c.id).toBe(`step 0 of ${n}`);
      // one row per step, in the lane of its CPU and context, naming its kernel function
      const rows = await page.$$eval('tr.step', (trs) =>
        trs.map((tr) => ({ step: tr.getAttribute('data-step'), lane: tr.getAttribute('data-lane'), fn: tr.querySelector('.fn')?.textContent ?? null })),
      );
      expect(rows).toHaveLength(n + 1);
      for (let i = 1; i <= n; i++) {
        const a = steps[i].actor!;
        expect(rows[i], `${c.id} step ${i}`).toEqual({ step: String(i), lane: `${a.actor} ${a.context}`, fn: a.fn });
      }
      const lanes = await page.$$eval('#lanes th', (ths) => ths.slice(1).map((th) => th.textContent));
      expect(new Set(lanes)).toEqual(new Set(steps.slice(1).map((s) => `${s.actor!.actor} ${s.actor!.context}`)));
      // culprit markers: the trace's culprits, each on its step
      const marks = await page.$$eval('.marker', (ms) => ms.map((m) => `${m.getAttribute('data-step')} ${m.getAttribute('data-role')}`));
      expect(marks.sort(), c.id).toEqual((c.rec.culprits ?? []).map((x) => `${x.step} ${x.role}`).sort());
      expect(marks.length, `${c.id} has culprit markers`).toBeGreaterThanOrEqual(2);
      // step through with the keyboard: the panel follows, changed fields are highlighted
      for (let i = 1; i <= n + 1; i++) {
        await page.keyboard.press(i % 2 === 0 ? 'ArrowDown' : 'ArrowRight');
        const at = Math.min(i, n);
        const state = await page.evaluate(() => {
          const cur = document.querySelector('.stepstate.current');
          return {
            current: document.body.dataset.current,
            panel: cur?.getAttribute('data-step'),
            visible: cur ? getComputedStyle(cur).display !== 'none' : false,
            panels: [...document.querySelectorAll('.stepstate')].filter((p) => getComputedStyle(p).display !== 'none').length,
            row: document.querySelector('tr.step.current')?.getAttribute('data-step'),
            changed: cur ? cur.querySelectorAll('tr.changed').length : -1,
          };
        });
        expect(state, `${c.id} after ${i} key presses`).toMatchObject({ current: String(at), panel: String(at), visible: true, panels: 1, row: String(at) });
        // a step whose model changes name a field of the state shows at least one highlighted field
        if (i <= n && steps[at].changes.some((ch) => !ch.startsWith('ghost'))) expect(state.changed, `${c.id} step ${at} highlights a change`).toBeGreaterThan(0);
      }
      expect(await page.textContent('#position')).toBe(`step ${n} of ${n}`);
      expect(await page.textContent('.stepstate.current .final')).toBe(`violated: ${c.property}: ${c.reason}`);
      expect(await page.textContent('#violation')).toContain(c.reason);
      await page.keyboard.press('ArrowUp');
      expect(await page.textContent('#position')).toBe(`step ${n - 1} of ${n}`);
      await page.keyboard.press('Home');
      expect(await page.textContent('#position')).toBe(`step 0 of ${n}`);
      await page.keyboard.press('End');
      expect(await page.textContent('#position')).toBe(`step ${n} of ${n}`);
      expect(problems, c.id).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('check --html FILE writes the page, with the reproduce command and links to the model docs', async () => {
    const file = join(dir, 'check.html');
    let stdout = '';
    const io: Io = { stdout: (s) => void (stdout += s), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    expect(await runCli(['check', '--variant', 'clone-expand-double-recycle', '--html', file], io)).toBe(12);
    const { page, problems } = await open(file);
    const repro = await page.textContent('#reproduce');
    expect(stdout).toContain(`reproduce: ${repro}`);
    const href = await page.getAttribute('tr.step[data-step="7"] a.doc', 'href');
    expect(href).toMatch(/docs\/model\.md#actions-/);
    // the link resolves to the repository's docs/model.md
    const target = new URL(href!, pathToFileURL(file));
    expect(readFileSync(target, 'utf8')).toContain('## Actions');
    await page.click('#culprits a.goto[data-step="7"]');
    expect(await page.textContent('#position')).toBe('step 7 of 9');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a crafted trace cannot inject a script or markup', async () => {
    const src = JSON.parse(readFileSync(join(dir, 'pfmemalloc-recycle.itf.json'), 'utf8'));
    const evil = `</p><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><a href="javascript:window.__pwned=3">x</a>`;
    src['#meta'].reason = evil;
    src['#meta'].command = evil;
    src['#meta'].variant = evil;
    src.states[1]['#meta'].actor.fn = `fn${evil}`;
    src.states[1]['#meta'].actor.context = `ctx"><script>window.__pwned=4</script>`;
    src.states[1]['#meta'].changes = [evil];
    src['#meta'].culprits = [{ step: 1, role: 'cause', why: evil }];
    const itf = join(dir, 'evil.itf.json');
    writeFileSync(itf, JSON.stringify(src));
    const shown = await runShow(itf, { format: 'html' });
    const file = join(dir, 'evil.html');
    writeFileSync(file, shown.stdout);
    expect(shown.stdout.match(/<script/g)).toHaveLength(1);
    const { page, problems } = await open(file);
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.click('tr.step[data-step="1"]');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.$$eval('img', (s) => s.length)).toBe(0);
    expect(await page.textContent('#violation')).toContain('<script>window.__pwned=1</script>');
    expect(await page.textContent('tr.step[data-step="1"] .fn')).toBe(`fn${evil}`);
    expect(problems.filter((p) => !p.startsWith('console'))).toEqual([]);
    await page.close();
  });
});
