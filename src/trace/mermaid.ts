/**
 * A counterexample as a Mermaid sequence diagram, ready to paste into an
 * issue or a review (GitHub and GitLab render ```mermaid blocks):
 * one lane per CPU and context (from `model.actionActor`; one "system" lane
 * when the model does not say who runs an action), one lane for the model's
 * state; each step is a numbered message from its lane to the state lane
 * naming the kernel function, and what changed is a note over the state lane.
 * The violated property closes the diagram as a note across all lanes.
 * Pure.
 */
import { groupedLines, wrapGrouped } from './group.ts';
import { mermaidSafe } from './sanitize.ts';
import { culpritsByStep, type PrintableStep, type PrintableTrace } from './printable.ts';
import { loopEndLine, wrapWords, type TextHeader } from './text.ts';

/**
 * Mermaid text may not contain ';' or '#' raw (statement separator, entity
 * codes), nor '<' '>' in notes, nor '%' '{' '}' (directives `%%{init: …}%%`),
 * nor controls, nor begin with a keyword (src/trace/sanitize.ts).
 */
export function mermaidText(s: string): string {
  return mermaidSafe(s.replace(/[\r\n]+/g, ' '));
}

function laneName(st: PrintableStep): string {
  if (!st.actor) return 'system';
  return st.actor.context ? `${st.actor.actor} ${st.actor.context}` : st.actor.actor;
}

function laneId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `l_${id}`;
}

/** Natural order, so that cpu2 comes before cpu10. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function traceToMermaid(pt: PrintableTrace, h: TextHeader): string {
  const acting = pt.steps.filter((s) => s.index > 0);
  const lanes: string[] = [];
  for (const st of acting) {
    const name = laneName(st);
    if (!lanes.includes(name)) lanes.push(name);
  }
  // one lane per actor, its contexts next to each other; actors in natural order
  const actorOf = (name: string): string => acting.find((s) => laneName(s) === name)?.actor?.actor ?? name;
  const firstSeen = new Map(lanes.map((l, i) => [l, i] as const));
  lanes.sort((a, b) => naturalCompare(actorOf(a), actorOf(b)) || firstSeen.get(a)! - firstSeen.get(b)!);
  const stateLane = 'state';
  const ids = new Map<string, string>();
  for (const l of lanes) {
    let id = laneId(l);
    while (id === stateLane || [...ids.values()].includes(id)) id += '_';
    ids.set(l, id);
  }
  const out: string[] = ['sequenceDiagram'];
  for (const l of lanes) out.push(`    participant ${ids.get(l)} as ${mermaidText(l)}`);
  out.push(`    participant ${stateLane} as ${mermaidText(h.model ? `${h.model} state` : 'state')}`);
  const first = lanes.length > 0 ? ids.get(lanes[0])! : stateLane;
  const span = first === stateLane ? stateLane : `${first},${stateLane}`;
  const title = [h.variant ? `variant ${h.variant}` : '', h.scenario ? `scenario ${h.scenario}` : '']
    .filter(Boolean)
    .join(', ');
  out.push(`    Note over ${span}: ${mermaidText(`initial state${title ? ` (${title})` : ''}`)}`);
  if (pt.loopStart === 0 && pt.steps.length > 1) out.push(`    Note over ${span}: ${mermaidText('↻ loop: the steps after 0 repeat forever')}`);
  const marks = culpritsByStep(pt);
  for (const st of acting) {
    const id = ids.get(laneName(st))!;
    const what = st.actor ? `${st.actor.fn}(${st.actor.args ?? ''})` : st.label;
    const cs = marks.get(st.index) ?? [];
    // a culprit step: its message and notes in a highlighted box, with the reason
    const role = cs.some((c) => c.role === 'effect') ? 'effect' : 'cause';
    if (cs.length > 0) out.push(`    rect ${role === 'effect' ? 'rgb(255, 215, 215)' : 'rgb(255, 240, 200)'}`);
    const state = st.actor?.state ? ` [${st.actor.state}]` : '';
    out.push(`    ${id}->>${stateLane}: ${st.index}. ${mermaidText(what + state)}`);
    if (st.changes.length > 0) {
      const notes = groupedLines(st.changes).flatMap((l) => wrapGrouped(l, 72, 0));
      out.push(`    Note over ${stateLane}: ${notes.map(mermaidText).join('<br/>')}`);
    }
    if (cs.length > 0) {
      out.push(`    Note over ${id}: ${cs.flatMap((c) => wrapWords(`◀ ${c.role}: ${c.why}`, 64)).map(mermaidText).join('<br/>')}`);
      out.push('    end');
    }
    if (st.index === pt.loopStart && st.index < pt.steps.length - 1) out.push(`    Note over ${span}: ${mermaidText(`↻ loop: the steps after ${st.index} repeat forever`)}`);
  }
  if (pt.loopStart !== undefined) out.push(`    Note over ${span}: ${mermaidText(loopEndLine(pt.loopStart, pt.steps.length - 1))}`);
  const verdict = `violated: ${h.property}: ${h.reason}${h.terminal ? ' (final state)' : ''}`;
  out.push(`    Note over ${span}: ${mermaidText(verdict)}`);
  return out.join('\n') + '\n';
}
