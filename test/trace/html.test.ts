/**
 * The HTML printer without a browser (test/browser has the browser test):
 * every string escaped, the one inline script allowed by its hash, links only
 * to safe places, the docs anchor of the page_pool family a heading of
 * docs/model.md; and `show --step N` (the whole state after a step, in kernel
 * terms for page_pool, raw for a family that cannot name its fields).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runShow } from '../../src/cli/show.ts';
import { explore } from '../../src/engine/explore.ts';
import { esc, traceToHtml } from '../../src/trace/html.ts';
import { writeTraceFile } from '../../src/trace/itf.ts';
import { printableFromTrace } from '../../src/trace/printable.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { metaFor, poolModel, traceOf } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ppcheck-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function pagePoolTrace(variant: string): string {
  const v = pagePoolFamily.variants.find((x) => x.id === variant)!;
  const scenario = pagePoolFamily.scenarios.find((s) => s.id === v.scenarios[0])!;
  const model = pagePoolFamily.build({ variant, scenario: scenario.id, bounds: scenario.bounds });
  const r = explore(model, {});
  if (r.kind !== 'violation') throw new Error('expected a violation');
  const file = join(dir, `${variant}.itf.json`);
  writeTraceFile(file, r.trace, { model: 'page_pool', modelVersion: pagePoolFamily.version, variant, scenario: scenario.id, bounds: scenario.bounds, property: r.property, reason: r.reason }, model);
  return file;
}

describe('traceToHtml', () => {
  const model = poolModel('racy');
  const trace = traceOf(model, [
    { fn: 'page_ref_read', cpu: 0 },
    { fn: 'page_ref_read', cpu: 1 },
    { fn: 'page_ref_write', cpu: 0 },
    { fn: 'page_ref_write', cpu: 1 },
  ]);
  const evil = `<script>alert(1)</script>"'&`;
  const pt = printableFromTrace(model, trace);
  pt.culprits = [{ step: 2, role: 'cause', why: evil }];
  pt.steps[1].changes = [evil];
  const html = traceToHtml(pt, { ...metaFor('racy', 'refcount-balance', evil), command: evil }, { actionDoc: () => 'javascript:alert(1)' });

  it('escapes every string of the trace', () => {
    expect(esc(evil)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(esc(evil));
    expect(html).not.toContain('alert(1)</script>');
  });
  it('allows its one inline script by hash and nothing from the network', () => {
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
  it('links no javascript: URL', () => {
    expect(html).not.toContain('javascript:');
  });
  it('has one row per step, the culprit marker on its step', () => {
    expect(html.match(/<tr class="step[^"]*" data-step=/g)).toHaveLength(5);
    expect(html).toMatch(/<tr class="step cause" data-step="2"/);
    expect(html).toContain('data-steps="4"');
  });
});

describe('the page_pool family links steps to docs/model.md', () => {
  it('its anchor is a heading of docs/model.md that lists the actions', () => {
    const [path, anchor] = pagePoolFamily.actionDocs!.split('#');
    const md = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const headings = [...md.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]);
    const h = headings.find((x) => githubSlug(x) === anchor);
    expect(h, `a heading with anchor #${anchor}`).toBeDefined();
    const section = md.slice(md.indexOf(`# ${h}`)).split(/\n## /)[0];
    for (const fn of ['napi_pp_put_page', 'page_pool_recycle_in_cache', 'pskb_expand_head', 'page_pool_destroy']) expect(section).toContain(`\`${fn}\``);
  });
});

describe('show --step N', () => {
  it('page_pool: the whole state in kernel terms, what the step changed marked', async () => {
    const file = pagePoolTrace('clone-expand-double-recycle');
    const r = await runShow(file, { step: '7' });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^state after step 7 of 9: cpu0 softirq \(BH off\) pskb_expand_head\(skb0\)   ◀ cause\n/);
    for (const g of ['\npools\n', '\npages\n', '\nnapi\n', '\nskbs\n']) expect(out).toContain(g);
    expect(out).toMatch(/page1 +owner skb0\(page ref\) \+ skb1 \(was skb0 \+ skb1\), _refcount 2 \(was 1\), pp_ref_count 1,\n +page->pp pool0,/);
    expect(out).toContain('pp_recycle true');
    expect(out).not.toMatch(/page->pp -1|ghost|nonLocalPush/);
  });
  it('a family that cannot name its fields: the raw state', async () => {
    const model = poolModel('racy');
    const trace = traceOf(model, [{ fn: 'page_ref_read', cpu: 0 }]);
    const file = join(dir, 'toy.itf.json');
    writeTraceFile(file, trace, metaFor('racy', 'refcount-balance', 'r'), model);
    const r = await runShow(file, { step: '1' });
    expect(r.stdout).toContain('state after step 1 of 1: cpu0 softirq page_ref_read(page0)');
    expect(r.stdout).toContain('"refcount": 2');
  });
  it('a step outside the trace or not a number is an input error', async () => {
    const file = join(dir, 'toy.itf.json');
    await expect(runShow(file, { step: '2' })).rejects.toThrow('--step 2: the trace has steps 0..1');
    await expect(runShow(file, { step: '-1' })).rejects.toThrow("--step must be a step number (0, 1, …), not '-1'");
  });
});
