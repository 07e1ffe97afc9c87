/**
 * `show --step N`: the whole state at one step, in the model's terms
 * (ModelFamily.describeState): one line per object, grouped (pools, pages,
 * napi, skbs, contexts), each field that the step changed marked with what it
 * was. Without the model's view, the state as JSON. Pure.
 */
import type { StateField } from '../engine/model.ts';
import { wrapGrouped } from './group.ts';
import { culpritsByStep, type PrintableTrace } from './printable.ts';
import { culpritMarker, TEXT_WIDTH } from './text.ts';

export function stateAtStep(pt: PrintableTrace, step: number, view?: StateField[], prev?: StateField[]): string {
  const n = pt.steps.length - 1;
  const st = pt.steps[step];
  const what = step === 0 ? 'initial state' : st.actor ? `${st.actor.actor} ${st.actor.context ?? ''}${st.actor.state ? ` (${st.actor.state})` : ''} ${st.actor.fn}(${st.actor.args ?? ''})` : st.label;
  const mark = culpritMarker(culpritsByStep(pt).get(step));
  const lines = [`state after step ${step} of ${n}: ${what.replace(/\s+/g, ' ')}${mark ? `   ${mark}` : ''}`];
  for (const c of (pt.culprits ?? []).filter((x) => x.step === step)) lines.push(`  ${c.role}: ${c.why}`);
  if (!view) {
    lines.push(JSON.stringify(st.state, null, 2));
    return lines.join('\n') + '\n';
  }
  const before = new Map((prev ?? []).map((f) => [`${f.object}\u0000${f.field}`, f.value]));
  const groups: string[] = [];
  for (const f of view) if (!groups.includes(f.group)) groups.push(f.group);
  for (const g of groups) {
    lines.push('');
    lines.push(g);
    const objects: string[] = [];
    for (const f of view) if (f.group === g && !objects.includes(f.object)) objects.push(f.object);
    const w = Math.max(...objects.map((o) => o.length));
    for (const o of objects) {
      const fields = view
        .filter((f) => f.group === g && f.object === o)
        .map((f) => {
          const old = before.get(`${f.object}\u0000${f.field}`);
          const changed = prev !== undefined && old !== f.value;
          return `${f.field} ${f.value}${changed ? (old === undefined ? ' (new)' : ` (was ${old})`) : ''}`;
        });
      const head = `  ${o.padEnd(w)}  `;
      wrapGrouped(fields.join(', '), TEXT_WIDTH - head.length, 0).forEach((piece, i) => lines.push(`${i === 0 ? head : ' '.repeat(head.length)}${piece}`));
    }
  }
  if (prev !== undefined) lines.push('', '(was X), (new): changed by this step');
  return lines.join('\n') + '\n';
}
