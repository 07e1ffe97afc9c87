/**
 * The fields a step reads, found by re-executing it on a copy of the state
 * behind a Proxy that records every read of a field the step has not written
 * first. Off the hot path: only for the steps of a printed counterexample.
 * Generic: the model names the fields (Model.describeRead).
 */
import type { Model } from '../engine/model.ts';

type Path = (string | number)[];

interface Recorder {
  reads: { path: Path; value: unknown }[];
  written: Set<string>;
}

function keyOf(path: Path): string {
  return path.join('\u0000');
}

function wrap<T extends object>(target: T, path: Path, rec: Recorder, cache: WeakMap<object, object>): T {
  const hit = cache.get(target);
  if (hit) return hit as T;
  const isArray = Array.isArray(target);
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const v = Reflect.get(t, key, receiver);
      if (typeof key === 'symbol' || typeof v === 'function') return v;
      const k: string | number = isArray && /^[0-9]+$/.test(key) ? Number(key) : key;
      const p = [...path, k];
      if (typeof v === 'object' && v !== null) return wrap(v, p, rec, cache);
      // a read of what the step itself wrote is not a read of the state it started from
      let written = false;
      for (let i = 1; i <= p.length && !written; i++) written = rec.written.has(keyOf(p.slice(0, i)));
      if (!written) rec.reads.push({ path: p, value: v });
      return v;
    },
    set(t, key, value, receiver) {
      if (typeof key !== 'symbol') {
        const k: string | number = isArray && /^[0-9]+$/.test(key) ? Number(key) : key;
        rec.written.add(keyOf([...path, k]));
      }
      return Reflect.set(t, key, value, receiver);
    },
  });
  cache.set(target, proxy);
  return proxy;
}

/**
 * Drop the reads of the model's step epilogue (Model.stepEpilogue) from the
 * end of `rec`: it is run again alone on the state after the step, and the
 * reads it makes are matched from the end (the epilogue is the step's last
 * code; reads of fields the step wrote were never recorded, so they match nothing).
 */
function dropEpilogue<S, A>(model: Model<S, A>, after: S, rec: Recorder): void {
  const again: Recorder = { reads: [], written: new Set() };
  try {
    model.stepEpilogue!(wrap(copy(after) as unknown as object, [], again, new WeakMap()) as unknown as S);
  } catch {
    return;
  }
  let end = rec.reads.length;
  for (let i = again.reads.length - 1; i >= 0 && end > 0; i--) {
    if (keyOf(rec.reads[end - 1].path) === keyOf(again.reads[i].path)) end--;
  }
  rec.reads.length = end;
}

/** A deep copy of plain data (states are plain data: see src/engine/model.ts). */
function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * What the step `a` from `prev` reads, in the model's terms, in the order of
 * the first reads, without repeats. Uses the model's in-place step when the
 * model's `step` is the one it does in place (a copying `step` reads everything).
 */
export function readsOf<S, A>(model: Model<S, A>, prev: S, a: A): string[] {
  if (!model.describeRead) return [];
  const rec: Recorder = { reads: [], written: new Set() };
  const target = copy(prev) as unknown as object;
  const proxy = wrap(target, [], rec, new WeakMap()) as unknown as S;
  let after: S;
  try {
    if (model.stepInPlace && model.inPlaceStepOf === model.step) {
      model.stepInPlace(proxy, a);
      after = target as unknown as S;
    } else after = model.step(proxy, a);
  } catch {
    return [];
  }
  if (model.stepEpilogue) dropEpilogue(model, after, rec);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of rec.reads) {
    const k = keyOf(r.path);
    if (seen.has(k)) continue;
    seen.add(k);
    let d: string | undefined;
    try {
      d = model.describeRead(r.path, r.value);
    } catch {
      d = undefined;
    }
    if (d !== undefined && !out.includes(d)) out.push(d);
  }
  return out;
}
