/**
 * An independent check of ADR-015's grammar (not our reader): what an ITF
 * consumer such as quint or the Rust `itf` crate may assume about a file.
 * Returns the first problem, or null.
 */
export function itfProblem(doc: unknown): string | null {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const expr = (v: unknown, at: string): string | null => {
    if (typeof v === 'string' || typeof v === 'boolean') return null;
    if (typeof v === 'number') {
      return Number.isInteger(v) && Math.abs(v) <= 2 ** 53 - 1 ? null : `${at}: JSON number ${v} is not an integer in [-(2^53)+1, 2^53-1]`;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = expr(v[i], `${at}[${i}]`);
        if (p) return p;
      }
      return null;
    }
    if (!isObj(v)) return `${at}: ${v === null ? 'null' : typeof v} is not an ITF expression`;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '#bigint') {
      return typeof v['#bigint'] === 'string' && /^-?[0-9]+$/.test(v['#bigint']) ? null : `${at}: bad #bigint`;
    }
    if (keys.length === 1 && (keys[0] === '#tup' || keys[0] === '#set')) {
      return Array.isArray(v[keys[0]]) ? expr(v[keys[0]], `${at}.${keys[0]}`) : `${at}: ${keys[0]} is not an array`;
    }
    if (keys.length === 1 && keys[0] === '#map') {
      const m = v['#map'];
      if (!Array.isArray(m) || m.some((p) => !Array.isArray(p) || p.length !== 2)) return `${at}: bad #map`;
      return expr(m.flat(), `${at}.#map`);
    }
    for (const k of keys) {
      if (k.startsWith('#')) return `${at}: record field ${k} starts with '#'`;
      const p = expr(v[k], `${at}.${k}`);
      if (p) return p;
    }
    return null;
  };
  if (!isObj(doc)) return 'trace: not an object';
  if ('#meta' in doc && !isObj(doc['#meta'])) return '#meta: not an object';
  const vars = doc.vars;
  if (!Array.isArray(vars) || vars.some((x) => typeof x !== 'string')) return 'vars: not an array of strings';
  if (!Array.isArray(doc.states)) return 'states: not an array';
  for (const k of Object.keys(doc)) if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(k)) return `trace: unknown field ${k}`;
  for (let i = 0; i < doc.states.length; i++) {
    const s = doc.states[i];
    if (!isObj(s)) return `states[${i}]: not an object`;
    if ('#meta' in s && !isObj(s['#meta'])) return `states[${i}].#meta: not an object`;
    for (const v of vars as string[]) if (!(v in s)) return `states[${i}]: no value for var ${v}`;
    for (const k of Object.keys(s)) {
      if (k === '#meta') continue;
      if (!(vars as string[]).includes(k)) return `states[${i}].${k}: not in vars`;
      const p = expr(s[k], `states[${i}].${k}`);
      if (p) return p;
    }
  }
  return null;
}
