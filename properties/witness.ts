/**
 * What a violated property is about, for explaining a counterexample
 * (Invariant.witness; model/explain.ts finds the steps that last changed these
 * entities' fields). Every property's reason names its entities the same way
 * (page<N>, pool<N>, skb<N>, cpu<N>), first the one it trips over, so the
 * witness is read from the reason `check` gives: one source of truth, and
 * nothing extra on the explorer's hot path (only called on a counterexample).
 */
import type { Witness } from '../src/engine/model.ts';

export function reasonWitness(reason: string | null): Witness | null {
  if (reason === null) return null;
  const w: Record<string, number[]> = {};
  for (const m of reason.matchAll(/\b(page|pool|skb|cpu)(\d+)\b/g)) {
    const list = (w[m[1]] ??= []);
    const n = Number(m[2]);
    if (!list.includes(n)) list.push(n);
  }
  return w;
}
