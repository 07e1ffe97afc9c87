/**
 * The soundness condition of CPU symmetry, checked on seeded random walks:
 * for every state s on the walks and every permutation π of the
 * interchangeable CPUs (every class-preserving permutation, not only the
 * canonical form's candidates),
 *  - the enabled actions of π(s) are π of the enabled actions of s (as sets);
 *  - step(π(s), π(a)) = π(step(s, a)) for each of them, exactly (no symmetry in the comparison);
 *  - every property (state and terminal) holds in π(s) iff it holds in s;
 *  - and, for the model's own relabelling, the model's encoding of π(s) (also
 *    with the pages shuffled) is that of s.
 * Returns the first failure as a message, or null. `relabel` can be replaced
 * to show that the check catches a broken relabelling (test/model/cpu-symmetry.test.ts).
 */
import type { Model } from '../../src/engine/model.ts';
import { createPrng } from '../../src/engine/prng.ts';
import type { PpAction } from '../../model/registry.ts';
import { KERNEL_FUNCTION } from '../../model/registry.ts';
import { relabelCpus } from '../../model/cpu-symmetry.ts';
import { type PagePoolState, encodeState } from '../../model/state.ts';
import { relabelPages } from '../../model/symmetry.ts';

/** Every permutation that maps each class onto itself and fixes the other CPUs. */
export function classPerms(cpus: number, classes: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [Array.from({ length: cpus }, (_, i) => i)];
  for (const cl of classes) {
    const next: number[][] = [];
    for (const base of out)
      for (const img of perms(cl)) {
        const p = base.slice();
        cl.forEach((c, i) => (p[c] = img[i]));
        next.push(p);
      }
    out = next;
  }
  return out;
}

function perms(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

const raw = (s: PagePoolState): string => {
  const out: number[] = [];
  encodeState(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
  return out.join(',');
};
const enc = (m: Model<PagePoolState, PpAction>, s: PagePoolState): string => {
  const out: number[] = [];
  m.encode(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
  return out.join(',');
};
/** An action's argument that names a CPU (napi_schedule's kthread CPU, model/registry.ts args 'kthread') moves with the relabelling. */
const cpuArg = (a: PpAction, p: readonly number[]): number => (KERNEL_FUNCTION.get(a.fn)?.args === 'kthread' && a.a >= 0 ? p[a.a] : a.a);
const actKey = (a: PpAction, p: readonly number[]): string => `${a.fn}/${p[a.cpu]}/${a.ctx}/${cpuArg(a, p)}/${a.b}`;

export interface CheckOptions {
  seed?: number;
  walks?: number;
  depth?: number;
  relabel?: (s: PagePoolState, perm: readonly number[]) => PagePoolState;
}

export function checkCpuSymmetry(
  m: Model<PagePoolState, PpAction>,
  cpus: number,
  classes: readonly (readonly number[])[],
  opts: CheckOptions = {},
): string | null {
  const relabel = opts.relabel ?? relabelCpus;
  const ownRelabel = opts.relabel === undefined;
  const group = classPerms(cpus, classes).filter((p) => p.some((x, i) => x !== i));
  const id = Array.from({ length: cpus }, (_, i) => i);
  const rng = createPrng(opts.seed ?? 1);
  for (let walk = 0; walk < (opts.walks ?? 20); walk++) {
    let s = m.init()[0];
    for (let d = 0; d <= (opts.depth ?? 40); d++) {
      const acts = m.actions(s);
      for (const p of group) {
        const r = relabel(s, p);
        const want = acts.map((a) => actKey(a, p)).sort();
        const got = m.actions(r).map((a) => actKey(a, id)).sort();
        if (want.join(' ') !== got.join(' '))
          return `perm ${p}: actions of the relabelled state differ at depth ${d} of walk ${walk}: want ${want.join(' ')} got ${got.join(' ')}`;
        for (const a of acts) {
          const pa = { ...a, cpu: p[a.cpu], a: cpuArg(a, p) };
          if (raw(m.step(r, pa)) !== raw(relabel(m.step(s, a), p)))
            return `perm ${p}: step(${a.fn} on cpu${a.cpu}) does not commute with the relabelling at depth ${d} of walk ${walk}`;
        }
        for (const inv of [...m.invariants, ...(acts.length === 0 ? (m.terminalInvariants ?? []) : [])])
          if ((inv.check(r) === null) !== (inv.check(s) === null)) return `perm ${p}: property ${inv.id} differs at depth ${d} of walk ${walk}`;
        if (ownRelabel) {
          const e = enc(m, s);
          if (enc(m, r) !== e) return `perm ${p}: the model's encoding of the relabelled state differs at depth ${d} of walk ${walk}`;
          const order = Array.from({ length: s.pages.length }, (_, i) => i);
          for (let i = order.length - 1; i > 0; i--) {
            const j = rng.below(i + 1);
            [order[i], order[j]] = [order[j], order[i]];
          }
          if (enc(m, relabelPages(r, order)) !== e)
            return `perm ${p}: the model's encoding of the relabelled state with shuffled pages differs at depth ${d} of walk ${walk}`;
        }
      }
      if (acts.length === 0) break;
      s = m.step(s, acts[rng.below(acts.length)]);
    }
  }
  return null;
}
