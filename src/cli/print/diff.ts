/**
 * A structural diff of two plain-data states, used for trace lines when the
 * model has no `describeChange`: one "path before→after" entry per changed leaf.
 */

export function structuralDiff(prev: unknown, next: unknown, path = ''): string[] {
  if (Object.is(prev, next)) return [];
  if (isRecord(prev) && isRecord(next) && Array.isArray(prev) === Array.isArray(next)) {
    if (Array.isArray(prev) && Array.isArray(next) && prev.length !== next.length) {
      return [`${path || '.'} ${short(prev)}→${short(next)}`];
    }
    const keys = Array.isArray(prev) ? prev.map((_, i) => i) : unionKeys(prev, next);
    const out: string[] = [];
    for (const k of keys) {
      const sub = typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      out.push(...structuralDiff((prev as Record<string, unknown>)[k], (next as Record<string, unknown>)[k], sub));
    }
    return out;
  }
  return [`${path || '.'} ${short(prev)}→${short(next)}`];
}

function isRecord(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function unionKeys(a: object, b: object): string[] {
  const keys = Object.keys(a);
  for (const k of Object.keys(b)) if (!(k in a)) keys.push(k);
  return keys;
}

/** Compact JSON, cut at `max` characters. */
export function short(v: unknown, max = 60): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
