import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { itfToText, parseTraceText, traceToItf, type Recorded } from '../../src/trace/itf.ts';
import { replayRecorded } from '../../src/trace/replay.ts';
import { LOST_UPDATE, metaFor, poolModel, racyTrace, traceOf } from './helpers.ts';

/** The racy counterexample as written to and read back from a file. */
function recordedRacy(mutate?: (j: any) => void): Recorded {
  const { model, trace, meta } = racyTrace();
  const j = JSON.parse(itfToText(traceToItf(trace, meta, model)));
  mutate?.(j);
  return parseTraceText(JSON.stringify(j), 't.itf.json');
}

describe('replay on the recorded variant', () => {
  it('reproduces the violation at the recorded step', () => {
    const o = replayRecorded(poolModel('racy'), recordedRacy(), { sameVariant: true });
    expect(o.kind).toBe('reproduced');
    if (o.kind !== 'reproduced') return;
    expect(o.property).toBe('refcount-balance');
    expect(o.reason).toBe('page0 _refcount is 1 but 0 CPUs hold it');
    expect(o.step).toBe(4);
    expect(o.recordedSteps).toBe(4);
    expect(o.divergence).toBeUndefined();
    expect(o.trace.steps.map((s) => s.label)).toEqual([
      'initial state',
      'cpu0 softirq page_ref_read(page0)',
      'cpu1 softirq page_ref_read(page0)',
      'cpu0 softirq page_ref_write(page0)',
      'cpu1 softirq page_ref_write(page0)',
    ]);
  });

  it('finds each recorded action among the enabled ones by value: the key order of the recorded action is irrelevant (the one replay: src/engine had a second, replayActions)', () => {
    const permuted = recordedRacy((j) => {
      for (const st of j.states.slice(1)) {
        const a = st['#meta'].action as Record<string, unknown>;
        st['#meta'].action = Object.fromEntries(Object.entries(a).reverse());
      }
    });
    expect(Object.keys(permuted.steps[1].action as object)).toEqual(Object.keys(recordedRacy().steps[1].action as object).reverse());
    const o = replayRecorded(poolModel('racy'), permuted, { sameVariant: true });
    expect(o.kind === 'reproduced' && o.step).toBe(4);
  });

  it('a recorded state the model does not reach is a state mismatch (the model changed)', () => {
    const o = replayRecorded(poolModel('racy'), recordedRacy((j) => (j.states[3].refcount = 7)), { sameVariant: true });
    expect(o).toEqual({
      kind: 'state-mismatch',
      step: 3,
      label: 'cpu0 softirq page_ref_write(page0)',
      details: ['refcount: recorded 7, replayed 1'],
    });
  });

  it('a wrong action shape is not enabled: a state mismatch naming the step', () => {
    const o = replayRecorded(poolModel('racy'), recordedRacy((j) => (j.states[2]['#meta'].action = { fn: 'page_ref_read', cpu: '1' })), {
      sameVariant: true,
    });
    expect(o.kind).toBe('state-mismatch');
    if (o.kind !== 'state-mismatch') return;
    expect(o.step).toBe(2);
    expect(o.details[0]).toBe('recorded action {"fn":"page_ref_read","cpu":"1"} is not enabled');
  });

  it('an initial state index the model does not have', () => {
    const o = replayRecorded(poolModel('racy'), recordedRacy((j) => (j['#meta']['init-index'] = 3)), { sameVariant: true });
    expect(o).toMatchObject({ kind: 'state-mismatch', step: 0 });
  });

  it('a property the model does not check', () => {
    const o = replayRecorded(poolModel('racy'), recordedRacy((j) => (j['#meta'].property = 'no-such')), { sameVariant: true });
    expect(o).toEqual({ kind: 'unknown-property', property: 'no-such', known: ['refcount-balance', 'recycled-at-end'] });
  });

  it('any recorded path replays exactly on its own variant (property)', () => {
    // random interleavings of the racy puts with 3 CPUs, as long as they go
    const model = poolModel('racy', 3);
    fc.assert(
      fc.property(fc.array(fc.nat(5), { maxLength: 6 }), (choices) => {
        const actions = [];
        let s = model.init()[0];
        for (const c of choices) {
          const en = model.actions(s);
          if (en.length === 0) break;
          actions.push(en[c % en.length]);
          s = model.step(s, en[c % en.length]);
        }
        const t = traceOf(model, actions);
        const meta = { ...metaFor('racy', 'recycled-at-end', 'recorded'), bounds: { cpus: 3 } };
        const rec = parseTraceText(itfToText(traceToItf(t, meta, model)), 'p.itf.json');
        const o = replayRecorded(model, rec, { sameVariant: true });
        expect(['reproduced', 'violates-other', 'no-longer-violates']).toContain(o.kind);
        if (o.kind === 'no-longer-violates') expect(o.divergence).toBeUndefined();
        if (o.kind === 'reproduced' || o.kind === 'violates-other' || o.kind === 'no-longer-violates') {
          expect(o.trace.steps.length).toBeLessThanOrEqual(actions.length + 1);
        }
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('replay against another variant', () => {
  it('the fixed variant: the first recorded step is no longer enabled', () => {
    const o = replayRecorded(poolModel('fixed'), recordedRacy(), { sameVariant: false });
    expect(o.kind).toBe('diverged');
    if (o.kind !== 'diverged') return;
    expect(o.divergence).toEqual({
      step: 1,
      how: 'not-enabled',
      label: 'cpu0 softirq page_ref_read(page0)',
      details: [
        'recorded action {"fn":"page_ref_read","cpu":0} is not enabled',
        'enabled: cpu0 softirq page_ref_dec_and_test(page0), cpu1 softirq page_ref_dec_and_test(page0)',
      ],
    });
    expect(o.trace.steps).toHaveLength(1);
    expect(o.stop).toBe(o.divergence);
  });

  it('leads elsewhere first, then a recorded step is not enabled: both are reported', () => {
    // replay racy's lost update on atomic-write, with one more recorded step that atomic-write cannot take
    const { model, trace, meta } = racyTrace();
    const j = JSON.parse(itfToText(traceToItf(trace, meta, model)));
    const extra = JSON.parse(JSON.stringify(j.states[4]));
    extra['#meta'].index = 5;
    extra['#meta'].action = { fn: 'page_ref_write', cpu: 1 };
    j.states.push(extra);
    const rec = parseTraceText(JSON.stringify(j), 'x.itf.json');
    const o = replayRecorded(poolModel('atomic-write'), rec, { sameVariant: false });
    expect(o.kind).toBe('diverged');
    if (o.kind !== 'diverged') return;
    expect(o.divergence).toMatchObject({ step: 4, how: 'leads-elsewhere' });
    expect(o.stop).toMatchObject({ step: 5, how: 'not-enabled', details: ['recorded action {"fn":"page_ref_write","cpu":1} is not enabled', 'no action is enabled here'] });
  });

  it('same steps, atomic write: leads elsewhere at step 4 and no longer violates', () => {
    const o = replayRecorded(poolModel('atomic-write'), recordedRacy(), { sameVariant: false });
    expect(o.kind).toBe('no-longer-violates');
    if (o.kind !== 'no-longer-violates') return;
    expect(o.property).toBe('refcount-balance');
    expect(o.divergence).toEqual({
      step: 4,
      how: 'leads-elsewhere',
      label: 'cpu1 softirq page_ref_write(page0)',
      // in the model's terms (toypool has describeChange)
      details: ['recorded → replayed:', '  page0: _refcount 1→0, recycled into the pool'],
    });
    expect(o.trace.steps).toHaveLength(5);
  });

  it('a variant that leads elsewhere early may still reproduce the violation', () => {
    const o = replayRecorded(poolModel('racy-nostats'), recordedRacy(), { sameVariant: false });
    expect(o.kind).toBe('reproduced');
    if (o.kind !== 'reproduced') return;
    expect(o.step).toBe(4);
    // describeChange says nothing about stats: the structural difference is shown
    expect(o.divergence).toMatchObject({ step: 3, how: 'leads-elsewhere', details: ['stats.puts: recorded 1, replayed 0'] });
  });

  it('a variant that violates another property along the recorded prefix says so', () => {
    const o = replayRecorded(poolModel('strict'), recordedRacy(), { sameVariant: false });
    expect(o).toMatchObject({
      kind: 'violates-other',
      property: 'no-concurrent-read',
      recordedProperty: 'refcount-balance',
      step: 2,
      reason: 'two CPUs read _refcount at once',
      terminal: false,
    });
  });

  it('a renamed action is not enabled', () => {
    const o = replayRecorded(poolModel('renamed'), recordedRacy(), { sameVariant: false });
    expect(o).toMatchObject({ kind: 'diverged', divergence: { step: 1, how: 'not-enabled' } });
  });

  it('on the recorded variant the same differences are a mismatch, not a divergence', () => {
    const rec = recordedRacy((j) => (j['#meta'].variant = 'racy-nostats'));
    // the trace claims racy-nostats but was written by racy: replaying on racy-nostats as "same" must refuse
    const o = replayRecorded(poolModel('racy-nostats'), rec, { sameVariant: true });
    expect(o).toMatchObject({ kind: 'state-mismatch', step: 3 });
  });

  it('terminal properties: reproduced at the final state; a fix that recycles no longer violates', () => {
    const lenient = poolModel('lenient');
    const t = traceOf(lenient, LOST_UPDATE);
    const meta = metaFor('lenient', 'recycled-at-end', 'page0 was never recycled (_refcount 1)', { terminal: true });
    const rec = parseTraceText(itfToText(traceToItf(t, meta, lenient)), 'l.itf.json');
    expect(rec.meta.terminal).toBe(true);
    const same = replayRecorded(lenient, rec, { sameVariant: true });
    expect(same).toMatchObject({ kind: 'reproduced', property: 'recycled-at-end', terminal: true, step: 4 });
    // on racy, refcount-balance fires first at the same step
    expect(replayRecorded(poolModel('racy'), rec, { sameVariant: false })).toMatchObject({
      kind: 'violates-other',
      property: 'refcount-balance',
      step: 4,
    });
    expect(replayRecorded(poolModel('atomic-write'), rec, { sameVariant: false })).toMatchObject({
      kind: 'no-longer-violates',
      property: 'recycled-at-end',
      divergence: { step: 4 },
    });
  });

  it('a terminal property on a prefix whose last state is not terminal here: a note says it was not checked', () => {
    const lenient = poolModel('lenient');
    const t = traceOf(lenient, LOST_UPDATE.slice(0, 3));
    const rec = parseTraceText(
      itfToText(traceToItf(t, metaFor('lenient', 'recycled-at-end', 'x', { terminal: true }), lenient)),
      'l.itf.json',
    );
    const o = replayRecorded(lenient, rec, { sameVariant: true });
    expect(o).toMatchObject({ kind: 'no-longer-violates' });
    if (o.kind === 'no-longer-violates') expect(o.note).toMatch(/not terminal/);
  });

  it('a model that throws is reported with its step', () => {
    const racy = poolModel('racy');
    const broken = {
      ...racy,
      step: (s: any, a: any) => {
        if (a.fn === 'page_ref_write') throw new Error('boom');
        return racy.step(s, a);
      },
    };
    expect(replayRecorded(broken, recordedRacy(), { sameVariant: true })).toEqual({ kind: 'model-error', step: 3, message: 'boom' });
  });
});
