/**
 * A counterexample as plain JSON on one line (for scripts and jq: `show
 * --format json`, `replay --json`): the run's metadata, the violation and the steps with
 * their actions, actors, changes and full states. Bigints are written as
 * decimal strings. Pure.
 */
import type { PrintableTrace } from './printable.ts';
import type { TextHeader } from './text.ts';

export interface TraceJson {
  meta: Record<string, unknown>;
  violation: { property: string; reason: string; terminal: boolean; loopStart?: number };
  /** the culprit steps (Model.explain), when the model found any */
  culprits?: { step: number; role: 'cause' | 'effect'; why: string }[];
  steps: {
    index: number;
    label: string;
    actor?: { actor: string; context?: string; fn: string; args?: string; state?: string };
    action: unknown;
    actionIndex: number;
    changes: string[];
    /** the fields the step read (Model.describeRead), when recorded */
    reads?: string[];
    state: unknown;
  }[];
}

export function traceToJsonData(pt: PrintableTrace, h: TextHeader, extra: Record<string, unknown> = {}): TraceJson {
  const { property, reason, terminal, ...rest } = h;
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...rest, ...extra })) if (v !== undefined) meta[k] = v;
  return {
    meta,
    violation: { property, reason, terminal: terminal ?? false, ...(pt.loopStart !== undefined ? { loopStart: pt.loopStart } : {}) },
    ...(pt.culprits && pt.culprits.length > 0 ? { culprits: pt.culprits.map((c) => ({ ...c })) } : {}),
    steps: pt.steps.map((s) => ({
      index: s.index,
      label: s.label,
      ...(s.actor ? { actor: s.actor } : {}),
      action: s.action ?? null,
      actionIndex: s.actionIndex,
      changes: s.changes,
      ...(s.reads && s.reads.length > 0 ? { reads: s.reads } : {}),
      state: s.state,
    })),
  };
}

/** JSON text with bigints as decimal strings: one line (like `check --json`), or indented. */
export function toJsonText(v: unknown, pretty = false): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), pretty ? 2 : undefined) + '\n';
}

export function traceToJson(pt: PrintableTrace, h: TextHeader, extra: Record<string, unknown> = {}): string {
  return toJsonText(traceToJsonData(pt, h, extra));
}
