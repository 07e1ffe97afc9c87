/** Lasso traces in every format: text, columns, Mermaid, JSON, ITF (`loop`), and back. */
import { describe, expect, it } from 'vitest';
import { exploreLiveness } from '../../src/engine/explore.ts';
import { printableFromRecorded, printableFromTrace } from '../../src/trace/printable.ts';
import { traceToText } from '../../src/trace/text.ts';
import { traceToColumns } from '../../src/trace/columns.ts';
import { traceToMermaid } from '../../src/trace/mermaid.ts';
import { traceToJsonData } from '../../src/trace/json.ts';
import { itfToRecorded, traceToItf } from '../../src/trace/itf.ts';
import { TraceFileError } from '../../src/trace/errors.ts';
import { graphModel } from './graph-model.ts';

const model = graphModel({ init: [0], edges: { 0: [[1, 'p']], 1: [[2, 'p']], 2: [[1, 'p']] }, from: [0], goal: [] });
const r = exploreLiveness(model);
if (r.kind !== 'violation' || !r.lasso) throw new Error('fixture: expected a lasso');
const lasso = r.lasso;
const pt = { ...printableFromTrace(model, r.trace), loopStart: lasso.loopStart };
const h = { property: r.property, reason: r.reason };
const meta = { model: 'graph', modelVersion: '1', variant: 'v', scenario: 's', bounds: {}, property: r.property, reason: r.reason, loopStart: lasso.loopStart };

describe('lasso traces', () => {
  it('the lasso is 0 -> 1 -> 2 -> 1, its loop starting at step 1', () => {
    expect(r.trace.steps.map((s) => s.state)).toEqual([0, 1, 2, 1]);
    expect(lasso.loopStart).toBe(1);
  });
  it('text, columns and Mermaid mark where the loop starts and closes', () => {
    const text = traceToText(pt, h);
    expect(text).toMatch(/a lasso: 1 steps, then a cycle of 2/);
    expect(text).toMatch(/↻ loop: the steps after 1 repeat forever/);
    expect(text).toMatch(/↻ back to state 1 \(state 3 is state 1\): steps 2\.\.3 repeat forever/);
    expect(traceToColumns(pt, h)).toMatch(/↻ back to state 1/);
    expect(traceToMermaid(pt, h)).toMatch(/Note over .*↻ loop: the steps after 1 repeat forever/);
    expect(traceToText({ ...pt, loopStart: undefined }, h)).not.toMatch(/↻/);
  });
  it('JSON has loopStart; ITF has the top-level loop index, read back into the recorded trace', () => {
    expect(traceToJsonData(pt, h).violation.loopStart).toBe(1);
    const itf = traceToItf(r.trace, meta, model);
    expect(itf.loop).toBe(1);
    const rec = itfToRecorded(JSON.parse(JSON.stringify(itf)));
    expect(rec.loopStart).toBe(1);
    expect(printableFromRecorded(rec).loopStart).toBe(1);
    expect(() => itfToRecorded({ ...JSON.parse(JSON.stringify(itf)), loop: 9 })).toThrow(TraceFileError);
    expect(() => itfToRecorded({ ...JSON.parse(JSON.stringify(itf)), loop: 9 })).toThrow(/loop: is 9, but the trace has states 0\.\.3/);
  });
});
