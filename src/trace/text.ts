/**
 * The text form of a counterexample, meant to read like a kernel bug report:
 *
 *     counterexample: 3 steps to pp-ref-balance
 *       model page_pool v1, variant mainline, scenario two-cpus, bounds cpus=2 pages=1
 *
 *       0  initial state
 *       1  cpu0 napi     page_pool_alloc_pages()
 *                          page0 _refcount 0→1
 *       …
 *     violated: pp-ref-balance: <reason>
 *     replay: npx ppcheck replay trace.itf.json
 *
 * One line per step with the CPU, the context and the kernel function (from
 * `model.actionActor`; the action's label otherwise), then only what changed.
 * Pure: a function of its arguments.
 */
import type { Culprit } from '../engine/model.ts';
import { groupChanges, wrapGrouped } from './group.ts';
import { culpritsByStep, type PrintableStep, type PrintableTrace } from './printable.ts';

export interface TextHeader {
  model?: string;
  modelVersion?: string;
  variant?: string;
  scenario?: string;
  bounds?: Record<string, number>;
  property: string;
  /** the property's statement in kernel words (printed under the violation) */
  propertyDescription?: string;
  reason: string;
  terminal?: boolean;
  /** the `ppcheck check …` command that finds the trace */
  command?: string;
}

export interface TextOptions {
  /** the trace file, if it was written to one: then the replay command is printed */
  file?: string;
  /** how to invoke ppcheck in the printed commands (default "npx ppcheck") */
  invocation?: string;
  /** extra arguments for the printed replay command, e.g. "--model m.ts" */
  replayArgs?: string;
  /** print the fields each step read (PrintableStep.reads) */
  reads?: boolean;
}

/** The marker of a culprit step, as printed after its call: "◀ cause", "◀ effect", "◀ cause, effect". */
export function culpritMarker(cs: readonly Culprit[] | undefined): string {
  if (!cs || cs.length === 0) return '';
  return `◀ ${[...new Set(cs.map((c) => c.role))].join(', ')}`;
}

/** The culprit lines after the violation: "  step 7 (cause)   why". */
export function culpritLines(pt: PrintableTrace, indent = '  '): string[] {
  const cs = pt.culprits ?? [];
  if (cs.length === 0) return [];
  const numW = Math.max(...cs.map((c) => String(c.step).length));
  const out = ['culprits:'];
  for (const c of cs) {
    const head = `${indent}step ${String(c.step).padStart(numW)} ${`(${c.role})`.padEnd(8)}  `;
    out.push(...wrapWords(c.why, TEXT_WIDTH - head.length).map((l, i) => (i === 0 ? head : ' '.repeat(head.length)) + l));
  }
  return out;
}

/** Wrap text at spaces into lines of at most `width` characters (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur} ${w}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

export function formatBounds(b: Record<string, number> | undefined): string {
  if (!b) return '';
  return Object.keys(b)
    .map((k) => `${k}=${b[k]}`)
    .join(' ');
}

/** "model page_pool v1, variant mainline, scenario s, bounds cpus=2 pages=1" (the parts that are known). */
export function describeRun(h: Omit<TextHeader, 'property' | 'reason'>): string {
  return runLines(h).join(', ');
}

/** The run's description, the bounds on a line of their own when they would make it long. */
export function runLines(h: Omit<TextHeader, 'property' | 'reason'>, width = 96): string[] {
  const parts: string[] = [];
  if (h.model) parts.push(`model ${h.model}${h.modelVersion ? ` v${h.modelVersion}` : ''}`);
  if (h.variant) parts.push(`variant ${h.variant}`);
  if (h.scenario) parts.push(`scenario ${h.scenario}`);
  const b = formatBounds(h.bounds);
  const bounds = b ? `bounds ${b}` : '';
  const head = parts.join(', ');
  if (!bounds) return head ? [head] : [];
  if (!head) return [bounds];
  const one = `${head}, ${bounds}`;
  if (one.length <= width) return [one];
  // bounds on their own lines, wrapped between bounds
  const out = [head];
  let cur = 'bounds';
  for (const w of b.split(' ')) {
    if (cur.length + 1 + w.length > width && cur !== 'bounds') {
      out.push(cur);
      cur = `      ${w}`;
    } else cur = `${cur} ${w}`;
  }
  out.push(cur);
  return out;
}

/** Lines are kept within this many columns where the changes allow it. */
export const TEXT_WIDTH = 100;

function call(st: PrintableStep): string {
  if (!st.actor) return st.label;
  return `${st.actor.fn}(${st.actor.args ?? ''})`;
}

/**
 * The step lines only (no header, no verdict): used by `replay` too. Each
 * step: number, CPU, context and its state (e.g. BH off), the call, a culprit
 * marker; then, with `reads`, what it read; then what changed.
 */
export function stepLines(pt: PrintableTrace, indent = '  ', o: Pick<TextOptions, 'reads'> = {}): string[] {
  const numW = String(Math.max(0, pt.steps.length - 1)).length;
  const anyActor = pt.steps.some((s) => s.actor);
  const actorW = Math.max(0, ...pt.steps.map((s) => s.actor?.actor.length ?? 0));
  const ctxW = Math.max(0, ...pt.steps.map((s) => s.actor?.context?.length ?? 0));
  const stateW = Math.max(0, ...pt.steps.map((s) => s.actor?.state?.length ?? 0));
  const marks = culpritsByStep(pt);
  const lines: string[] = [];
  for (const st of pt.steps) {
    const num = String(st.index).padStart(numW);
    let who = '';
    if (anyActor) {
      const a = st.actor?.actor ?? '';
      const c = st.actor?.context ?? '';
      const x = stateW > 0 ? `${(st.actor?.state ?? '').padEnd(stateW)}  ` : '';
      who = `${a.padEnd(actorW)} ${c.padEnd(ctxW)}  ${x}`;
      if (!st.actor) who = ' '.repeat(who.length);
    }
    if (st.index === 0 && !st.actor) {
      lines.push(`${indent}${num}  ${st.label}`);
      continue;
    }
    const head = `${indent}${num}  ${who}`;
    const mark = culpritMarker(marks.get(st.index));
    lines.push(`${head}${call(st)}${mark ? `   ${mark}` : ''}`.trimEnd());
    const pad = ' '.repeat(head.length + 2);
    if (o.reads && st.reads && st.reads.length > 0) {
      for (const piece of wrapGrouped(`read: ${st.reads.join(', ')}`, Math.max(40, TEXT_WIDTH - pad.length), 6)) lines.push(`${pad}${piece}`);
    }
    for (const g of groupChanges(st.changes)) {
      const line =
        g.object === '' ? g.items[0] : g.items.length === 1 ? `${g.object} ${g.items[0]}` : `${g.object}: ${g.items.join(', ')}`;
      const hang = g.items.length > 1 ? g.object.length + 2 : 0;
      for (const piece of wrapGrouped(line, Math.max(40, TEXT_WIDTH - pad.length), hang)) lines.push(`${pad}${piece}`);
    }
    if (st.index === pt.loopStart && st.index < pt.steps.length - 1) lines.push(`${indent}${' '.repeat(numW)}  ${LOOP_MARK} loop: the steps after ${st.index} repeat forever`);
  }
  const last = pt.steps.length - 1;
  if (pt.loopStart !== undefined) lines.push(`${indent}${' '.repeat(numW)}  ${loopEndLine(pt.loopStart, last)}`);
  return lines;
}

export const LOOP_MARK = '↻';

/** The line closing a lasso: back to the loop start, or stuttering in the last state. */
export function loopEndLine(loopStart: number, last: number): string {
  return loopStart >= last
    ? `${LOOP_MARK} stutters: no action is enabled in state ${last}, the run stays there forever`
    : `${LOOP_MARK} back to state ${loopStart} (state ${last} is state ${loopStart}): steps ${loopStart + 1}..${last} repeat forever`;
}

export function violationLine(h: Pick<TextHeader, 'property' | 'reason' | 'terminal'>): string {
  const where = h.terminal ? ' (in the final state, where no action is enabled)' : '';
  return `violated: ${h.property}: ${h.reason}${where}`;
}

/** The violation line, then the property's statement in kernel words when known. */
export function violationLines(h: Pick<TextHeader, 'property' | 'reason' | 'terminal' | 'propertyDescription'>): string[] {
  const out = [violationLine(h)];
  if (h.propertyDescription) out.push(`  the property: ${h.propertyDescription}`);
  return out;
}

export function replayCommand(file: string, o: TextOptions = {}): string {
  const inv = o.invocation ?? 'npx ppcheck';
  return `${inv} replay ${shellWord(file)}${o.replayArgs ? ` ${o.replayArgs}` : ''}`;
}

/** Quote a word for a POSIX shell when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function traceToText(pt: PrintableTrace, h: TextHeader, o: TextOptions = {}): string {
  const n = Math.max(0, pt.steps.length - 1);
  const lines: string[] = [];
  const lasso = pt.loopStart === undefined ? '' : pt.loopStart >= n ? ` (a lasso: ${n} steps, then stuttering)` : ` (a lasso: ${pt.loopStart} steps, then a cycle of ${n - pt.loopStart})`;
  lines.push(`counterexample: ${n} step${n === 1 ? '' : 's'} to ${h.property}${lasso}`);
  for (const l of runLines(h)) lines.push(`  ${l}`);
  lines.push('');
  lines.push(...stepLines(pt, '  ', o));
  lines.push('');
  lines.push(...violationLines(h));
  lines.push(...culpritLines(pt));
  if (o.file !== undefined) lines.push(`replay: ${replayCommand(o.file, o)}`);
  if (h.command !== undefined) lines.push(`${o.file !== undefined ? 'found by' : 'reproduce'}: ${h.command}`);
  return lines.join('\n') + '\n';
}
