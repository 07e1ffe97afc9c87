import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/model.ts';
import { itfToText, parseTraceText, traceToItf } from '../../src/trace/itf.ts';
import { traceToJson } from '../../src/trace/json.ts';
import { mermaidText, traceToMermaid } from '../../src/trace/mermaid.ts';
import { printableFromRecorded, printableFromTrace, type PrintableTrace } from '../../src/trace/printable.ts';
import { traceToText, type TextHeader } from '../../src/trace/text.ts';
import { racyTrace, traceOf, LOST_UPDATE, type PoolModel } from './helpers.ts';

function header(): TextHeader {
  const { meta } = racyTrace();
  return { ...meta };
}

describe('text printer', () => {
  it('prints one line per step with CPU, context and function, then only the changes', () => {
    const { model, trace, meta } = racyTrace();
    const text = traceToText(printableFromTrace(model, trace), meta, { file: 'racy.itf.json' });
    expect(text).toBe(
      [
        'counterexample: 4 steps to refcount-balance',
        '  model toypool v1, variant racy, scenario shared-page, bounds cpus=2',
        '',
        '  0  initial state',
        '  1  cpu0 softirq  page_ref_read(page0)',
        '                     cpu0 read _refcount = 2',
        '  2  cpu1 softirq  page_ref_read(page0)',
        '                     cpu1 read _refcount = 2',
        '  3  cpu0 softirq  page_ref_write(page0)',
        '                     page0 _refcount 2→1',
        '                     cpu0 dropped its reference',
        '  4  cpu1 softirq  page_ref_write(page0)',
        '                     cpu1 dropped its reference',
        '',
        'violated: refcount-balance: page0 _refcount is 1 but 0 CPUs hold it',
        'replay: npx ppcheck replay racy.itf.json',
        'found by: npx ppcheck check --model test/trace/fixtures/toypool.ts --variant racy',
        '',
      ].join('\n'),
    );
  });

  it('without actionActor/describeChange: the label and a structural diff', () => {
    const { model } = racyTrace();
    const plain: PoolModel = { ...model, actionActor: undefined, describeChange: undefined };
    const t = traceOf(plain, LOST_UPDATE);
    const text = traceToText(printableFromTrace(plain, t), { property: 'p', reason: 'r' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('counterexample: 4 steps to p');
    expect(lines).toContain('  3  cpu0 softirq page_ref_write(page0)');
    expect(lines).toContain('       refcount 2→1');
    expect(lines).toContain('       cpus[0].pc 1→2');
    expect(lines).toContain('       stats.puts 0→1');
    expect(text).not.toContain('replay:');
    expect(lines).toContain('violated: p: r');
  });

  it('a model whose describeChange throws falls back to the structural diff', () => {
    const { model, trace } = racyTrace();
    const bad: PoolModel = {
      ...model,
      describeChange: () => {
        throw new Error('no');
      },
    };
    expect(printableFromTrace(bad, trace).steps[3].changes).toContain('refcount 2→1');
  });

  it('the file keeps what the model said: show (from the file) prints what check printed', () => {
    const { model, trace, meta } = racyTrace();
    const fromModel = traceToText(printableFromTrace(model, trace), meta, { file: 'f' });
    const rec = parseTraceText(itfToText(traceToItf(trace, meta, model)), 'f');
    const fromFile = traceToText(printableFromRecorded(rec), { ...rec.meta }, { file: 'f' });
    expect(fromFile).toBe(fromModel);
  });

  it('terminal violations say where they hold', () => {
    const { model, trace } = racyTrace();
    const text = traceToText(printableFromTrace(model, trace), { property: 'recycled-at-end', reason: 'never', terminal: true });
    expect(text).toContain('violated: recycled-at-end: never (in the final state, where no action is enabled)');
  });
});

describe('Mermaid printer', () => {
  it('one lane per CPU and context, a state lane, a message per step, changes as notes', () => {
    const { model, trace } = racyTrace();
    const m = traceToMermaid(printableFromTrace(model, trace), header());
    const lines = m.trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines.filter((l) => l.trim().startsWith('participant'))).toEqual([
      '    participant cpu0_softirq as cpu0 softirq',
      '    participant cpu1_softirq as cpu1 softirq',
      '    participant state as toypool state',
    ]);
    const messages = lines.filter((l) => l.includes('->>'));
    expect(messages).toEqual([
      '    cpu0_softirq->>state: 1. page_ref_read(page0)',
      '    cpu1_softirq->>state: 2. page_ref_read(page0)',
      '    cpu0_softirq->>state: 3. page_ref_write(page0)',
      '    cpu1_softirq->>state: 4. page_ref_write(page0)',
    ]);
    expect(lines).toContain('    Note over state: page0 _refcount 2→1<br/>cpu0 dropped its reference');
    expect(lines[lines.length - 1]).toBe(
      '    Note over cpu0_softirq,state: violated: refcount-balance: page0 _refcount is 1 but 0 CPUs hold it',
    );
    // every line after the header is a participant, a message or a note
    for (const l of lines.slice(1)) expect(l).toMatch(/^    (participant \w+ as .+|\w+->>\w+: .+|Note over [\w,]+: .+)$/);
  });

  it('escapes what Mermaid would misread and orders lanes naturally', () => {
    expect(mermaidText('a;b #1 <x>')).toBe('a#59;b #35;1 #60;x#62;');
    const step = (i: number, actor: string, context?: string) => ({
      index: i,
      label: `s${i}`,
      actor: { actor, ...(context ? { context } : {}), fn: 'f', args: 'x;y' },
      changes: [],
      action: i,
      actionIndex: 0,
      state: null,
    });
    const pt: PrintableTrace = {
      steps: [
        { index: 0, label: 'initial state', changes: [], action: null, actionIndex: 0, state: null },
        step(1, 'cpu10', 'napi'),
        step(2, 'cpu2', 'softirq'),
        step(3, 'cpu2', 'process'),
        step(4, 'wq'),
      ],
    };
    const m = traceToMermaid(pt, { property: 'p', reason: 'r' });
    expect(m.split('\n').filter((l) => l.includes('participant'))).toEqual([
      '    participant cpu2_softirq as cpu2 softirq',
      '    participant cpu2_process as cpu2 process',
      '    participant cpu10_napi as cpu10 napi',
      '    participant wq as wq',
      '    participant state as state',
    ]);
    expect(m).toContain('cpu10_napi->>state: 1. f(x#59;y)');
  });

  it('a model without actors gets one system lane', () => {
    const counter: Model<number, number> = {
      name: 'c',
      init: () => [0],
      actions: () => [1],
      step: (s, a) => s + a,
      invariants: [],
      encode: (s, w) => w.int(s),
      actionLabel: (a) => `add ${a}`,
      actionKind: () => 'add',
      actionKinds: ['add'],
    };
    const m = traceToMermaid(printableFromTrace(counter, traceOf(counter, [1, 1])), { property: 'p', reason: 'r' });
    expect(m).toContain('    participant system as system');
    expect(m).toContain('    system->>state: 2. add 1');
    expect(m).toContain('    Note over state: (state) 1→2');
  });
});

describe('JSON printer', () => {
  it('is the trace as plain data', () => {
    const { model, trace, meta } = racyTrace();
    const j = JSON.parse(traceToJson(printableFromTrace(model, trace), meta));
    expect(j.violation).toEqual({ property: 'refcount-balance', reason: 'page0 _refcount is 1 but 0 CPUs hold it', terminal: false });
    expect(j.meta).toMatchObject({ model: 'toypool', variant: 'racy', bounds: { cpus: 2 } });
    expect(j.steps).toHaveLength(5);
    expect(j.steps[3]).toMatchObject({
      index: 3,
      label: 'cpu0 softirq page_ref_write(page0)',
      action: { fn: 'page_ref_write', cpu: 0 },
      changes: ['page0 _refcount 2→1', 'cpu0 dropped its reference'],
      state: { refcount: 1 },
    });
  });
});

describe('columns printer', () => {
  it('puts each step in its CPU column, in time order', async () => {
    const { traceToColumns } = await import('../../src/trace/columns.ts');
    const { model, trace, meta } = racyTrace();
    const lines = traceToColumns(printableFromTrace(model, trace), meta).split('\n');
    expect(lines[0]).toBe('  CPU0                               CPU1');
    expect(lines[1]).toBe('  ----                               ----');
    expect(lines.slice(2, 6)).toEqual([
      '  [softirq] page_ref_read(page0)',
      '                                     [softirq] page_ref_read(page0)',
      '  [softirq] page_ref_write(page0)',
      '                                     [softirq] page_ref_write(page0)',
    ]);
    expect(lines).toContain('violated: refcount-balance: page0 _refcount is 1 but 0 CPUs hold it');
  });
});

describe('changes grouped per object', () => {
  it('joins the changes of one object, keeps first-appearance order, leaves single changes as they are', async () => {
    const { groupedLines, wrapGrouped } = await import('../../src/trace/group.ts');
    expect(
      groupedLines(['page1 _refcount 1→2', 'page0 skb0+skb1→skb1', 'page1 skb0+skb1→skb0(page ref)+skb1', 'budget 3→2', 'odd']),
    ).toEqual(['page1: _refcount 1→2, skb0+skb1→skb0(page ref)+skb1', 'page0 skb0+skb1→skb1', 'budget 3→2', 'odd']);
    expect(wrapGrouped('page0: a 1→2, b 2→3, c 3→4', 14, 7)).toEqual(['page0: a 1→2,', '       b 2→3,', '       c 3→4']);
    expect(wrapGrouped('short', 14, 7)).toEqual(['short']);
  });

  it('the text printer wraps long groups under the object name', () => {
    const pt: PrintableTrace = {
      steps: [
        { index: 0, label: 'initial state', changes: [], action: null, actionIndex: 0, state: null },
        {
          index: 1,
          label: 'x',
          actor: { actor: 'cpu0', context: 'softirq', fn: 'napi_pp_put_page', args: 'page1' },
          changes: [
            'page1 _refcount 2→1',
            'page1 pp_ref_count 1→0',
            'page1 page->pp pool0→NULL',
            'page1 pp_magic true→false',
            'page1 dma_mapped true→false',
            'pool0 release_cnt 0→1',
          ],
          action: 1,
          actionIndex: 0,
          state: null,
        },
      ],
    };
    const lines = traceToText(pt, { property: 'p', reason: 'r' }).split('\n');
    expect(lines.slice(3, 7)).toEqual([
      '  1  cpu0 softirq  napi_pp_put_page(page1)',
      '                     page1: _refcount 2→1, pp_ref_count 1→0, page->pp pool0→NULL,',
      '                            pp_magic true→false, dma_mapped true→false',
      '                     pool0 release_cnt 0→1',
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });
});
