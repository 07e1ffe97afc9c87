/**
 * The interleaving as kernel commit messages draw races: one column per CPU,
 * each step in the column of the CPU that runs it, time going down.
 *
 *     CPU0                              CPU1
 *     ----                              ----
 *     [softirq] page_ref_read(page0)
 *                                       [softirq] page_ref_read(page0)
 *     [softirq] page_ref_write(page0)
 *                                       [softirq] page_ref_write(page0)
 *
 * Steps without an actor (`model.actionActor`) go to a column named by their
 * label's first word. Pure; `show --format columns`.
 */
import { groupedLines } from './group.ts';
import { culpritsByStep, type PrintableStep, type PrintableTrace } from './printable.ts';
import type { TextHeader } from './text.ts';
import { culpritLines, culpritMarker, loopEndLine, violationLines } from './text.ts';

function columnOf(st: PrintableStep): string {
  return st.actor?.actor ?? st.label.split(/\s+/)[0] ?? '?';
}

function cellOf(st: PrintableStep): string {
  if (!st.actor) return st.label.split(/\s+/).slice(1).join(' ') || st.label;
  const ctx = st.actor.context ? `[${st.actor.context}${st.actor.state ? `, ${st.actor.state}` : ''}] ` : '';
  return `${ctx}${st.actor.fn}(${st.actor.args ?? ''})`;
}

export function traceToColumns(pt: PrintableTrace, h: TextHeader, opts: { changes?: boolean } = {}): string {
  const steps = pt.steps.filter((s) => s.index > 0);
  const cols: string[] = [];
  for (const st of steps) {
    const c = columnOf(st);
    if (!cols.includes(c)) cols.push(c);
  }
  cols.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const width = new Map<string, number>();
  for (const c of cols) {
    const cells = steps.filter((s) => columnOf(s) === c).map(cellOf);
    width.set(c, Math.max(c.length, ...cells.map((x) => x.length)) + 4);
  }
  const row = (cells: Map<string, string>, note = ''): string => {
    let line = '  ';
    for (const c of cols) line += (cells.get(c) ?? '').padEnd(width.get(c)!);
    return (note ? `${line}${note}` : line).trimEnd();
  };
  const lines: string[] = [];
  lines.push(row(new Map(cols.map((c) => [c, c.toUpperCase()]))));
  lines.push(row(new Map(cols.map((c) => [c, '-'.repeat(c.length)]))));
  if (pt.loopStart === 0 && pt.steps.length > 1) lines.push('  ↻ loop: the steps below repeat forever');
  const marks = culpritsByStep(pt);
  for (const st of steps) {
    const mark = culpritMarker(marks.get(st.index));
    const changes = opts.changes && st.changes.length > 0 ? `// ${groupedLines(st.changes).join('; ')}` : '';
    const note = [mark, changes].filter(Boolean).join('  ');
    lines.push(row(new Map([[columnOf(st), cellOf(st)]]), note));
    if (st.index === pt.loopStart && st.index < pt.steps.length - 1) lines.push(`  ↻ loop: the steps below repeat forever`);
  }
  if (pt.loopStart !== undefined) lines.push(`  ${loopEndLine(pt.loopStart, pt.steps.length - 1)}`);
  lines.push('');
  lines.push(...violationLines(h));
  lines.push(...culpritLines(pt));
  return lines.join('\n') + '\n';
}
