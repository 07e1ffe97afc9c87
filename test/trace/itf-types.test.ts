/**
 * Typed ITF values (#meta.varTypes): enums by name and NULL pointers as the
 * variant None, so that generic ITF viewers (quint, the ITF Trace Viewer)
 * show `"destroying"` and `None` instead of `1` and `-1`. The page_pool
 * types (model/itf-types.ts) cover every field of the state; typed files
 * round-trip exactly; a file without varTypes (trace format 1) still reads.
 */
import { describe, expect, it } from 'vitest';
import type { ItfType } from '../../src/engine/model.ts';
import { explore } from '../../src/engine/explore.ts';
import { itfToRecorded, traceToItf } from '../../src/trace/itf.ts';
import { deepEqual, fromTypedItf, itfTypeProblem, toTypedItf } from '../../src/trace/values.ts';
import { pagePoolFamily as family } from '../../model/index.ts';
import { PAGE_POOL_ITF_TYPES } from '../../model/itf-types.ts';
import { schemaProblems } from '../schemas/validate.ts';
import { itfProblem } from './adr015.ts';

/** Fields of `v` (deep) that `t` does not type, and typed fields `v` does not have. */
function coverage(v: unknown, t: ItfType, where: string, out: string[]): void {
  if (typeof t === 'string' || 'enum' in t || 'nullable' in t) return;
  if ('list' in t) {
    if (Array.isArray(v)) v.forEach((x, i) => coverage(x, t.list, `${where}[${i}]`, out));
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(k in t.record)) out.push(`${where}.${k}: no type`);
  for (const k of Object.keys(t.record)) if (!(k in o)) out.push(`${where}.${k}: typed but not in the state`);
  for (const k of Object.keys(t.record)) if (k in o) coverage(o[k], t.record[k], `${where}.${k}`, out);
}

function counterexample(variant: string) {
  const v = family.variants.find((x) => x.id === variant)!;
  const scenario = family.scenarios.find((s) => s.id === v.scenarios[0])!;
  const model = family.build({ variant, scenario: scenario.id, bounds: scenario.bounds });
  const r = explore(model, { mode: 'bfs', maxStates: 200_000 });
  if (r.kind !== 'violation') throw new Error(`${variant}: expected a violation`);
  const meta = { model: family.name, modelVersion: family.version, variant, scenario: scenario.id, bounds: scenario.bounds, property: r.property, reason: r.reason };
  return { model, trace: r.trace, itf: traceToItf(r.trace, meta, model) };
}

describe('page_pool varTypes', () => {
  it('type every field of the state, in every scenario', () => {
    const problems: string[] = [];
    for (const s of family.scenarios) {
      const init = family.build({ variant: 'mainline', scenario: s.id, bounds: s.bounds }).init()[0] as unknown as Record<string, unknown>;
      coverage(init, { record: PAGE_POOL_ITF_TYPES }, s.id, problems);
    }
    expect(problems).toEqual([]);
  });

  // a trace that takes the pool through destroy (enum states, ops, the lock, ghosts)
  const { trace, itf } = counterexample('recycle-in-ring-pool-uaf');

  it('write enums by name and -1 pointers as None: no pool state, skb state or op is an int, no pointer is -1', () => {
    const m = itf['#meta'];
    expect(m['trace-format']).toBe(2);
    expect(m.varTypes).toEqual(PAGE_POOL_ITF_TYPES);
    expect(schemaProblems('trace', itf)).toEqual([]);
    expect(itfProblem(itf)).toBeNull();
    const last = itf.states[itf.states.length - 1] as Record<string, { st?: unknown; op?: unknown; pp?: unknown; lock?: unknown }[]>;
    expect(last.pools.map((p) => p.st)).toEqual(['freed']);
    expect(last.skbs.every((k) => typeof k.st === 'string')).toBe(true);
    expect(last.actors.every((a) => typeof a.op === 'string')).toBe(true);
    const text = JSON.stringify(itf.states);
    expect(text).not.toMatch(/"(pp|lock|napi|frag|run|pool|page|poolUaf|putFreed|nonLocalPush)":-1\b/);
    expect(text).toContain('{"tag":"None","value":{"#tup":[]}}');
    expect(text).toContain('{"tag":"Some","value":0}');
  });

  it('round-trip: the states read back equal the states written', () => {
    const rec = itfToRecorded(JSON.parse(JSON.stringify(itf)));
    expect(rec.steps.length).toBe(trace.steps.length);
    rec.steps.forEach((s, i) => expect(deepEqual(s.state, trace.steps[i].state), `state ${i}`).toBe(true));
  });

  it('a file without varTypes (trace format 1) reads its plain ints', () => {
    const old = JSON.parse(JSON.stringify(itf)) as typeof itf;
    delete old['#meta'].varTypes;
    delete old['#meta']['trace-format'];
    // what format 1 wrote: plain ints
    old.states = trace.steps.map((st, i) => {
      const s = st.state as unknown as Record<string, unknown>;
      return { ...JSON.parse(JSON.stringify(s)), '#meta': (itf.states[i] as Record<string, unknown>)['#meta'] };
    });
    const rec = itfToRecorded(old);
    rec.steps.forEach((s, i) => expect(deepEqual(s.state, trace.steps[i].state)).toBe(true));
  });
});

describe('typed values', () => {
  const t: ItfType = { record: { st: { enum: ['alive', 'destroying', 'freed'] }, pp: { nullable: 'int' }, cache: { list: { nullable: 'int' } } } };
  it('encode and decode', () => {
    const v = { st: 1, pp: -1, cache: [0, -1], extra: 5 };
    const e = toTypedItf(v, t, 'x');
    expect(e).toEqual({ st: 'destroying', pp: { tag: 'None', value: { '#tup': [] } }, cache: [{ tag: 'Some', value: 0 }, { tag: 'None', value: { '#tup': [] } }], extra: 5 });
    expect(fromTypedItf(e, t, 'x')).toEqual(v);
    // older files: plain ints where the type has names or options
    expect(fromTypedItf({ st: 2, pp: 0, cache: [-1] }, t, 'x')).toEqual({ st: 2, pp: 0, cache: [-1] });
  });
  it('an enum value out of range is an error of the declaration; an unknown name is an error of the file', () => {
    expect(() => toTypedItf({ st: 3 }, t, 'x')).toThrow(/x\.st: 3 is not one of the 3 values/);
    expect(() => fromTypedItf({ st: 'gone' }, t, 'x')).toThrow(/x\.st: "gone" is not one of/);
  });
  it('varTypes read from a file are checked', () => {
    expect(itfTypeProblem({ record: { a: 'int', b: { list: { enum: ['x'] } } } }, 't')).toBeNull();
    expect(itfTypeProblem({ record: { a: 'integer' } }, 't')).toMatch(/t\.record\.a/);
    const { itf } = counterexample('pfmemalloc-recycle');
    expect(() => itfToRecorded({ ...JSON.parse(JSON.stringify(itf)), '#meta': { ...itf['#meta'], varTypes: { pages: 'number' } } })).toThrow(/#meta\.varTypes\.pages/);
  });
});
