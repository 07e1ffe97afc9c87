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
  steps: {
    index: number;
    label: string;
    actor?: { actor: string; context?: string; fn: string; args?: string };
    action: unknown;
    actionIndex: number;
    changes: string[];
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
    steps: pt.steps.map((s) => ({
      index: s.index,
      label: s.label,
      ...(s.actor ? { actor: s.actor } : {}),
      action: s.action ?? null,
      actionIndex: s.actionIndex,
      changes: s.changes,
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
