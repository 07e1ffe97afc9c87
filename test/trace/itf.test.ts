import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprintOf } from '../../src/engine/fingerprint.ts';
import { TraceFileError } from '../../src/trace/errors.ts';
import {
  checkModelVersion,
  itfToRecorded,
  itfToText,
  parseTraceText,
  traceToItf,
  type Recorded,
} from '../../src/trace/itf.ts';
import { locateJsonError } from '../../src/trace/jsonpos.ts';
import { deepEqual, fromItfValue, toItfValue } from '../../src/trace/values.ts';
import { toolVersion } from '../../src/trace/version.ts';
import type { Model } from '../../src/engine/model.ts';
import { racyTrace, traceOf } from './helpers.ts';
import { itfProblem } from './adr015.ts';

function racyText(): string {
  const { model, trace, meta } = racyTrace();
  return itfToText(traceToItf(trace, meta, model));
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TraceFileError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a TraceFileError');
}

/** Parse, mutate the JSON, and read it back: the error message. */
function corrupt(mutate: (j: any) => void): string {
  const j = JSON.parse(racyText());
  mutate(j);
  return errorOf(() => parseTraceText(JSON.stringify(j), 't.itf.json'));
}

function containsNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  return Object.values(v as object).some(containsNull);
}

describe('ITF writer', () => {
  it('writes vars, states and #meta as ADR-015 and quint expect', () => {
    const { model, trace, meta } = racyTrace();
    const itf = traceToItf(trace, meta, model) as any;
    expect(Object.keys(itf).sort()).toEqual(['#meta', 'states', 'vars']);
    expect(itf.vars).toEqual(['refcount', 'cpus', 'recycled', 'stats']);
    expect(itf['#meta']).toMatchObject({
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: 'ppcheck',
      'tool-version': toolVersion(),
      model: 'toypool',
      'model-version': '1',
      variant: 'racy',
      scenario: 'shared-page',
      bounds: { cpus: 2 },
      mode: 'bfs',
      seed: 0,
      property: 'refcount-balance',
      reason: 'page0 _refcount is 1 but 0 CPUs hold it',
      'state-encoding': 'fields',
    });
    expect(itf.states).toHaveLength(5);
    itf.states.forEach((s: any, i: number) => {
      expect(s['#meta'].index).toBe(i);
      for (const v of itf.vars) expect(s[v]).toBeDefined();
      expect(s['#meta'].fingerprint['#bigint']).toBe(fingerprintOf(model, trace.steps[i].state).toString());
    });
    expect(itf.states[3]['#meta']).toMatchObject({
      action: { fn: 'page_ref_write', cpu: 0 },
      'action-label': 'cpu0 softirq page_ref_write(page0)',
      'action-index': 0,
      actor: { actor: 'cpu0', context: 'softirq', fn: 'page_ref_write', args: 'page0' },
      changes: ['page0 _refcount 2→1', 'cpu0 dropped its reference'],
    });
    expect(itf.states[0]['#meta'].action).toBeUndefined();
    // ITF has no null: nothing in the file may be null
    expect(containsNull(itf)).toBe(false);
    // and the whole file follows ADR-015's grammar (checked independently of our reader)
    expect(itfProblem(JSON.parse(itfToText(itf)))).toBeNull();
  });

  it('the ADR-015 grammar check itself rejects what ITF forbids', () => {
    const ok = { vars: ['x'], states: [{ '#meta': { index: 0 }, x: 1 }] };
    expect(itfProblem(ok)).toBeNull();
    expect(itfProblem({ vars: ['x'], states: [{ x: null }] })).toBe('states[0].x: null is not an ITF expression');
    expect(itfProblem({ vars: ['x'], states: [{ x: 1.5 }] })).toMatch(/not an integer/);
    expect(itfProblem({ vars: ['x'], states: [{ y: 1 }] })).toBe('states[0]: no value for var x');
    expect(itfProblem({ vars: ['x'], states: [{ x: { '#foo': 1 } }] })).toBe("states[0].x: record field #foo starts with '#'");
  });

  it('is deterministic: the same trace gives the same text', () => {
    expect(racyText()).toBe(racyText());
  });

  it('wraps non-record states as one variable "state"', () => {
    const counter: Model<number, number> = {
      name: 'counter',
      init: () => [0],
      actions: (s) => (s < 3 ? [1, 2] : []),
      step: (s, a) => s + a,
      invariants: [{ id: 'small', description: '', check: (s) => (s < 3 ? null : 'big') }],
      encode: (s, w) => w.int(s),
      actionLabel: (a) => `add ${a}`,
      actionKind: () => 'add',
      actionKinds: ['add'],
    };
    const t = traceOf(counter, [2, 2]);
    const itf = traceToItf(t, { model: 'counter', modelVersion: '0', variant: 'v', scenario: 's', bounds: {}, property: 'small', reason: 'big' });
    expect(itf.vars).toEqual(['state']);
    expect(itf['#meta']['state-encoding']).toBe('whole');
    const rec = itfToRecorded(JSON.parse(itfToText(itf)));
    expect(rec.steps.map((s) => s.state)).toEqual([0, 2, 4]);
    expect(rec.steps.map((s) => s.action)).toEqual([null, 2, 2]);
  });
});

describe('ITF values', () => {
  it('writes unsafe integers and bigints as #bigint and null as the None variant', () => {
    expect(toItfValue(2 ** 60, 'x')).toEqual({ '#bigint': (2n ** 60n).toString() });
    expect(toItfValue(12345678901234567890n, 'x')).toEqual({ '#bigint': '12345678901234567890' });
    expect(toItfValue(-5, 'x')).toBe(-5);
    expect(toItfValue(null, 'x')).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(fromItfValue({ '#bigint': '-42' }, 'x')).toBe(-42);
    expect(fromItfValue({ '#bigint': '12345678901234567890' }, 'x')).toBe(12345678901234567890n);
    expect(fromItfValue({ '#tup': [1, { '#set': ['a'] }] }, 'x')).toEqual([1, ['a']]);
  });

  it('rejects what ITF cannot say, naming the place', () => {
    expect(() => toItfValue({ a: [1.5] }, 's')).toThrow('s.a[0]: 1.5 is not an integer');
    expect(() => toItfValue({ '#x': 1 }, 's')).toThrow("s.#x: field names starting with '#' are reserved by ITF");
    expect(() => fromItfValue({ a: { '#map': [] } }, 's')).toThrow('s.a: #map values are not used by ppcheck traces');
    expect(() => fromItfValue({ '#bigint': '1e3' }, 's')).toThrow('s.#bigint: expected a string of digits');
  });

  it('round-trips any plain data (property)', () => {
    const key = fc.string({ maxLength: 6 }).filter((k) => !k.startsWith('#') && k !== '__proto__');
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.maxSafeInteger(),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)),
        fc.string({ maxLength: 8 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(toItfValue(v, 'v'));
        expect(itfProblem({ vars: ['v'], states: [{ v: JSON.parse(text) }] })).toBeNull();
        const back = fromItfValue(JSON.parse(text), 'v');
        expect(deepEqual(back, v)).toBe(true);
        expect(containsNull(JSON.parse(text))).toBe(false);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('ITF reader', () => {
  it('round-trips a trace: states, actions, labels, actors, changes, fingerprints, meta', () => {
    const { model, trace, meta } = racyTrace();
    const rec: Recorded = parseTraceText(itfToText(traceToItf(trace, meta, model)), 't.itf.json');
    expect(rec.meta).toEqual({ ...meta, toolVersion: toolVersion(), terminal: false });
    expect(rec.initIndex).toBe(0);
    expect(rec.steps).toHaveLength(trace.steps.length);
    rec.steps.forEach((r, i) => {
      expect(deepEqual(r.state, trace.steps[i].state)).toBe(true);
      expect(r.fingerprint).toBe(fingerprintOf(model, trace.steps[i].state));
      if (i > 0) {
        expect(r.action).toEqual(trace.steps[i].action);
        expect(r.label).toBe(trace.steps[i].label);
        expect(r.actionIndex).toBe(trace.steps[i].actionIndex);
        expect(r.actor).toEqual(model.actionActor!(trace.steps[i].action!));
      }
    });
  });

  it('a byte-order mark before the JSON is ignored', () => {
    expect(parseTraceText('\ufeff' + racyText(), 'bom.itf.json').steps).toHaveLength(5);
  });

  it('truncated file: malformed JSON at the position where it ends', () => {
    const text = racyText();
    const cut = text.slice(0, 700);
    expect(errorOf(() => parseTraceText(cut, 'trace.itf.json'))).toMatch(
      new RegExp(`^trace\\.itf\\.json: malformed JSON at position ${cut.length} \\(line \\d+, column \\d+\\): unexpected end of input`),
    );
  });

  it('not JSON at all', () => {
    expect(errorOf(() => parseTraceText('counterexample: 3 steps\n', 'x.txt'))).toBe(
      'x.txt: malformed JSON at position 0 (line 1, column 1): unexpected "c"',
    );
    expect(errorOf(() => parseTraceText('', 'x.txt'))).toBe('x.txt: empty file');
  });

  it('foreign JSON and foreign ITF', () => {
    expect(errorOf(() => parseTraceText('[1,2]', 'a.json'))).toBe('a.json: not an ITF trace: the top level is an array, not an object');
    expect(errorOf(() => parseTraceText('{"vars": []}', 'a.json'))).toBe('a.json: not an ITF trace: no "states"');
    // an ITF trace written by quint (shape from quint's own output)
    const quint = {
      '#meta': { format: 'ITF', source: 'bank.qnt', status: 'ok' },
      vars: ['balances'],
      states: [{ '#meta': { index: 0 }, balances: { '#map': [['alice', { '#bigint': '0' }]] } }],
    };
    expect(errorOf(() => parseTraceText(JSON.stringify(quint), 'q.itf.json'))).toBe(
      'q.itf.json: not a ppcheck trace: #meta.source is "bank.qnt"',
    );
    delete (quint as any)['#meta'];
    expect(errorOf(() => parseTraceText(JSON.stringify(quint), 'q.itf.json'))).toBe('q.itf.json: not a ppcheck trace: no "#meta"');
  });

  it('missing or ill-typed fields are named with their place', () => {
    expect(corrupt((j) => delete j.states[3]['#meta'].action)).toBe('t.itf.json: states[3].#meta.action: missing');
    expect(corrupt((j) => delete j.states[2]['#meta'])).toBe('t.itf.json: states[2].#meta: missing');
    expect(corrupt((j) => delete j['#meta'].variant)).toBe('t.itf.json: #meta.variant: missing');
    expect(corrupt((j) => (j['#meta'].bounds = 'cpus=2'))).toBe('t.itf.json: #meta.bounds: expected an object, found string "cpus=2"');
    expect(corrupt((j) => delete j.states[1].cpus)).toBe('t.itf.json: states[1].cpus: missing (listed in "vars")');
    expect(corrupt((j) => (j.states[1].extra = 1))).toBe('t.itf.json: states[1].extra: not listed in "vars"');
    expect(corrupt((j) => (j.states[2]['#meta'].index = 5))).toBe('t.itf.json: states[2].#meta.index: is 5, expected 2 (states out of order?)');
    expect(corrupt((j) => (j.states[4]['#meta']['action-index'] = -1))).toBe(
      't.itf.json: states[4].#meta.action-index: expected an integer ≥ 0, found number -1',
    );
    expect(corrupt((j) => (j.states = []))).toBe('t.itf.json: states: empty: a trace has at least its initial state');
    expect(corrupt((j) => (j.states[1].refcount = 1.5))).toBe('t.itf.json: states[1].refcount: 1.5 is not an integer');
  });

  it('wrong action shape: a value ITF cannot carry is named; a well-formed but wrong one is left to replay', () => {
    expect(corrupt((j) => (j.states[2]['#meta'].action = { '#map': [[1, 2]] }))).toBe(
      't.itf.json: states[2].#meta.action: #map values are not used by ppcheck traces',
    );
    const j = JSON.parse(racyText());
    j.states[2]['#meta'].action = 42;
    expect(parseTraceText(JSON.stringify(j), 't.itf.json').steps[2].action).toBe(42);
  });

  it('another model version or model says so', () => {
    const rec = parseTraceText(racyText(), 't.itf.json');
    expect(() => checkModelVersion(rec.meta, { name: 'toypool', version: '1' })).not.toThrow();
    expect(errorOf(() => checkModelVersion(rec.meta, { name: 'toypool', version: '2' }))).toBe(
      'written by toypool model version 1, this is version 2',
    );
    expect(errorOf(() => checkModelVersion(rec.meta, { name: 'page_pool', version: '1' }))).toBe(
      'written by model "toypool", this is "page_pool"',
    );
  });
});

describe('locateJsonError', () => {
  it('finds the first bad position and agrees with JSON.parse on validity (property)', () => {
    const text = racyText().trimEnd();
    expect(locateJsonError(text)).toBeNull();
    fc.assert(
      fc.property(fc.nat(text.length - 1), (n) => {
        const cut = text.slice(0, n);
        const loc = locateJsonError(cut);
        expect(loc).not.toBeNull();
        expect(loc!.position).toBe(cut.length);
      }),
      { numRuns: 200, seed: 3 },
    );
    expect(locateJsonError('{"a": }')).toMatchObject({ position: 6, line: 1, column: 7 });
    expect(locateJsonError('{\n  "a": 1,\n}')).toMatchObject({ position: 12, line: 3, column: 1 });
  });
});
