/**
 * `diff --format markdown` and `diff --brief`: the diff as a reviewer pastes
 * it into a mailing-list reply (pure functions of a DiffReport). Under 80
 * columns: the per-property table, the behaviours only the proposal reaches,
 * the shortest new counterexample as a race diagram (one column per CPU, as
 * `show --format columns`), every other new counterexample once with its
 * length, and the exact commands that reproduce each (continued with `\`).
 */
import type { PrintableStep, PrintableTrace } from '../trace/printable.ts';
import { formatBounds } from '../trace/text.ts';
import type { Counterexample, DiffReport, PropertyRow } from './run.ts';

export interface ReplyOptions {
  /** the model file shown, e.g. proposals/x.ts */
  model?: string;
  /** the command that re-runs this diff */
  command?: string;
  /** the `check` command that reproduces a counterexample */
  checkCommand?: (c: Counterexample) => string;
}

/** prose is wrapped here; code lines (race diagram, commands) stay under 80 columns */
const WIDTH = 76;
const CODE_WIDTH = 79;

/** Words of `text` wrapped at WIDTH, continuation lines indented by `indent`. */
export function wrap(text: string, indent = '', first = ''): string[] {
  const out: string[] = [];
  let line = first;
  for (const w of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + w.length > WIDTH) {
      out.push(line);
      line = indent + w;
    } else line = line === '' || line === first ? line + w : `${line} ${w}`;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

/** A shell command split over lines with `\` so that each fits WIDTH (it still runs as pasted). */
export function wrapCommand(cmd: string, indent = ''): string[] {
  // a flag stays with its value
  const words: string[] = [];
  for (const w of cmd.split(' ')) {
    const last = words[words.length - 1];
    if (last !== undefined && /^--\S+$/.test(last) && !w.startsWith('--')) words[words.length - 1] = `${last} ${w}`;
    else words.push(w);
  }
  const out: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.trim() !== '' && line.length + 1 + w.length + 2 > CODE_WIDTH) {
      out.push(`${line} \\`);
      line = `${indent}  ${w}`;
    } else line = line.trim() === '' ? line + w : `${line} ${w}`;
  }
  out.push(line);
  return out;
}

function ctxShort(ctx: string | undefined): string {
  return ctx === 'softirq' ? 's' : ctx === 'hardirq' ? 'h' : ctx === 'task' ? 't' : (ctx ?? '?').slice(0, 1);
}

function columnOf(st: PrintableStep): string {
  return st.actor?.actor ?? st.label.split(/\s+/)[0] ?? '?';
}

function cellOf(st: PrintableStep): string {
  if (!st.actor) return st.label.split(/\s+/).slice(1).join(' ') || st.label;
  return `${ctxShort(st.actor.context)} ${st.actor.fn}(${st.actor.args ?? ''})`;
}

/**
 * The trace as a race diagram: one column per CPU, a step number on the left,
 * each call marked with its context (t task, s softirq, h hard IRQ). When the
 * columns would pass CODE_WIDTH, one step per line instead (number, CPU, call).
 */
export function raceLines(pt: PrintableTrace): string[] {
  const steps = pt.steps.filter((s) => s.index > 0);
  const cols = [...new Set(steps.map(columnOf))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const width = new Map(cols.map((c) => [c, Math.max(c.length, ...steps.filter((s) => columnOf(s) === c).map((s) => cellOf(s).length)) + 2]));
  const num = String(steps.length).length + 2;
  const total = num + [...width.values()].reduce((a, b) => a + b, 0);
  if (total > CODE_WIDTH) return steps.map((s) => `${String(s.index).padStart(num - 2)}  ${columnOf(s).padEnd(5)} ${cellOf(s)}`);
  const row = (cells: Map<string, string>, n: string) => (n.padStart(num - 2) + '  ' + cols.map((c) => (cells.get(c) ?? '').padEnd(width.get(c)!)).join('')).trimEnd();
  return [
    row(new Map(cols.map((c) => [c, c.toUpperCase()])), ''),
    ...steps.map((s) => row(new Map([[columnOf(s), cellOf(s)]]), String(s.index))),
  ];
}

/**
 * Behaviours that differ only in their context ("... via f [softirq]", "... via f [task]") as one
 * line ("... via f [softirq, task]"), and one effect reached through several kernel functions as
 * one line too ("... via f [softirq, task], g [task]").
 */
export function mergedBehaviours(rows: { behaviour: string; scenarios: string[] }[], withScenarios: boolean): string[] {
  const out = new Map<string, { fns: Map<string, string[]>; scenarios: Set<string> }>();
  for (const b of rows) {
    const m = /^(.*?)(?: via (\S+))?(?: \[([^\]]+)\])?$/.exec(b.behaviour)!;
    const what = m[1];
    const e = out.get(what) ?? { fns: new Map<string, string[]>(), scenarios: new Set<string>() };
    const fn = m[2] ?? '';
    const ctxs = e.fns.get(fn) ?? [];
    if (m[3] !== undefined && !ctxs.includes(m[3])) ctxs.push(m[3]);
    e.fns.set(fn, ctxs);
    for (const sc of b.scenarios) e.scenarios.add(sc);
    out.set(what, e);
  }
  return [...out.entries()].map(([what, e]) => {
    const via = [...e.fns.entries()].map(([fn, ctxs]) => `${fn}${ctxs.length ? ` [${ctxs.join(', ')}]` : ''}`).join(', ');
    return `${what}${via.trim() ? ` via ${via}` : ''}${withScenarios ? ` (${[...e.scenarios].join(', ')})` : ''}`;
  });
}

function verdict(p: PropertyRow, side: 'base' | 'variant'): string {
  const v = side === 'base' ? p.base : p.variant;
  const c = side === 'base' ? p.baseCounterexample : p.counterexample;
  if (v === 'violation') return c ? `VIOLATED (${c.length} steps)` : 'VIOLATED';
  return v === 'absent' ? '-' : v;
}

const CHANGE: Record<PropertyRow['change'], string> = {
  same: '',
  'newly-fails': 'new failure',
  'newly-holds': 'now holds',
  added: 'added',
  removed: 'not checked',
};

/** The failing properties' counterexamples, shortest first, one entry per distinct trace. */
function newCounterexamples(r: DiffReport): { props: string[]; c: Counterexample }[] {
  const rows = r.properties.filter((p) => (p.change === 'newly-fails' || (p.change === 'added' && p.variant === 'violation')) && p.counterexample);
  rows.sort((a, b) => a.counterexample!.length - b.counterexample!.length || (a.id < b.id ? -1 : 1));
  const out: { props: string[]; c: Counterexample; key: string }[] = [];
  for (const p of rows) {
    const c = p.counterexample!;
    const key = `${c.scenario}|${c.trace.steps.map((s) => s.label).join('|')}`;
    const same = out.find((x) => x.key === key);
    if (same) same.props.push(p.id);
    else out.push({ props: [p.id], c, key });
  }
  return out;
}

function shortVerdict(r: DiffReport): string {
  if (r.verdict !== 'regression') return verdictLine(r);
  const n = r.regressions.length;
  const parts: string[] = [];
  if (n) parts.push(n === 1 ? `${r.regressions[0]}, which ${r.base} keeps, fails` : `${n} properties that ${r.base} keeps fail`);
  if (r.ownViolations.length) parts.push(`its own ${r.ownViolations.join(', ')} fail${r.ownViolations.length === 1 ? 's' : ''}`);
  return `REGRESSION: ${parts.join('; ')}`;
}

function verdictLine(r: DiffReport): string {
  if (r.verdict === 'error') return `ERROR: ${r.errors.map((e) => `${e.side}/${e.scenario}: ${e.message}`).join('; ')}`;
  if (r.verdict === 'no-regression') return `no regression: ${r.variant} violates no property that ${r.base} keeps`;
  const parts: string[] = [];
  if (r.regressions.length) parts.push(`${r.regressions.join(', ')}, which ${r.base} keeps`);
  if (r.ownViolations.length) parts.push(`its own ${r.ownViolations.join(', ')}`);
  return `REGRESSION: ${r.variant} violates ${parts.join('; and ')}`;
}

interface Section {
  title: string;
  /** plain lines (wrapped) */
  text?: string[];
  /** a table: header row, then rows */
  table?: string[][];
  /** preformatted lines (a race diagram, commands) */
  code?: string[];
}

function sections(r: DiffReport, o: ReplyOptions): Section[] {
  const S: Section[] = [];
  const scope = r.scenarios.map((s) => s.scenario).join(', ');
  S.push({
    title: `ppcheck diff: ${r.variant} against ${r.base}`,
    text: [
      ...wrap(`${r.family} v${r.familyVersion}${o.model ? `, ${o.model}` : ''}: exhaustive BFS of ${scope}, both sides under the same bounds.`),
      ...(r.complete ? [] : wrap(`Not complete: a limit cut an exploration (${r.incompleteReason ?? 'error'}); "ok" means "not found within the limit".`)),
      ...r.warnings.flatMap((w) => wrap(`Warning: ${w}`)),
      ...wrap(`Verdict: ${shortVerdict(r)}.`),
    ],
  });
  // a row per property whose verdict differs or is not ok; the ones ok on both sides on one line
  // (the reply stays one screen as the model's property list grows)
  const okBoth = (p: PropertyRow) => p.change === 'same' && p.base === 'ok' && p.variant === 'ok';
  const shown = r.properties.filter((p) => !okBoth(p));
  const quiet = r.properties.filter(okBoth).map((p) => p.id);
  S.push({
    title: 'Properties',
    table: shown.length ? [['property', r.base, r.variant, 'change'], ...shown.map((p) => [p.id, verdict(p, 'base'), verdict(p, 'variant'), CHANGE[p.change]])] : undefined,
    text: quiet.length ? wrap(`${shown.length ? 'The other' : 'All'} ${quiet.length} hold on both sides: ${quiet.join(', ')}.`) : undefined,
  });
  if (r.behaviours.available && r.behaviours.onlyInVariant.length > 0) {
    S.push({
      title: `Behaviours only ${r.variant} reaches`,
      text: mergedBehaviours(r.behaviours.onlyInVariant, r.scenarios.length > 1).flatMap((b) => wrap(b, '  ', '- ')),
    });
  }
  const cexs = newCounterexamples(r);
  if (cexs.length > 0) {
    const first = cexs[0];
    S.push({
      title: `${first.props.join(', ')}: ${first.c.length} steps (${first.c.scenario}; t task, s softirq, h hard IRQ)`,
      code: [...raceLines(first.c.trace), ...wrap(`violated: ${first.c.property}: ${first.c.reason}`, '  ')],
    });
    if (o.checkCommand) {
      // one shell variable per scenario: the check command without its --property; a line per counterexample
      const code: string[] = [];
      for (const sc of [...new Set(cexs.map((x) => x.c.scenario))]) {
        const mine = cexs.filter((x) => x.c.scenario === sc);
        const full = o.checkCommand(mine[0].c);
        const prefix = full.slice(0, full.lastIndexOf(' --property '));
        // double quotes: a `\` at a line's end continues the string (in single quotes it would not)
        code.push(...wrapCommand(`c="${prefix.replace(/(["$`\\])/g, '\\$1')}"`));
        for (const x of mine) code.push(`$c --property ${x.c.property}   # ${x.c.length} steps${x.props.length > 1 ? `, also ${x.props.filter((p) => p !== x.c.property).join(', ')}` : ''}`);
      }
      if (o.command) {
        // the comment ends the command's last line where it fits (a line saved), else goes above it
        const cmd = wrapCommand(o.command);
        const last = `${cmd[cmd.length - 1]}   # this diff`;
        if (last.length <= CODE_WIDTH) code.push(...cmd.slice(0, -1), last);
        else code.push('# this diff:', ...cmd);
      }
      S.push({ title: `Reproduce (each new counterexample, shortest first)`, code });
    }
  } else if (o.command) S.push({ title: 'Reproduce', code: wrapCommand(o.command) });
  return S;
}

function alignedTable(rows: string[][], indent: string): string[] {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd());
}

/** Markdown for a mailing-list reply (or a review comment). */
export function formatDiffMarkdown(r: DiffReport, o: ReplyOptions = {}): string {
  const L: string[] = [];
  for (const s of sections(r, o)) {
    // a heading directly followed by its table or block (GitHub renders it; one screen is the point)
    if (s.title) L.push(`${L.length === 0 ? '###' : '####'} ${s.title}`);
    if (s.title && L.length === 1) L.push('');
    if (s.table) {
      const [head, ...rows] = s.table;
      L.push(`| ${head.join(' | ')} |`.replace(/ \|$/, ' |'), `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
    }
    if (s.code) L.push('```', ...s.code, '```', '');
    if (s.text && s.text.length) L.push(...s.text, '');
  }
  while (L[L.length - 1] === '') L.pop();
  return L.join('\n') + '\n';
}

/** The same in plain text (`diff --brief`). */
export function formatDiffBrief(r: DiffReport, o: ReplyOptions = {}): string {
  const L: string[] = [];
  for (const s of sections(r, o)) {
    if (s.title) L.push(s.title);
    if (s.table) L.push(...alignedTable(s.table, '  '));
    if (s.code) L.push(...s.code.map((l) => (l ? `  ${l}` : l)));
    if (s.text && s.text.length) L.push(...s.text.map((l) => (l ? `  ${l}` : l)));
    L.push('');
  }
  while (L[L.length - 1] === '') L.pop();
  return L.join('\n') + '\n';
}
