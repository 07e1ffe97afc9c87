/**
 * A counterexample as one self-contained HTML page (`show --format html`,
 * `check --html FILE`): no network (inline CSS and script, a Content Security
 * Policy that allows nothing else), one lane per CPU and context, the kernel
 * function of each step, a state panel per step with the fields that changed
 * highlighted, culprit markers, the violation, the reproduce command, links
 * from each step to the model's documentation of its action, and keyboard
 * stepping (arrow keys, Home, End).
 *
 * Everything is rendered here, HTML-escaped; the script only moves the
 * current step (it never turns data into markup), and it is allowed by its
 * hash alone, so a crafted trace cannot inject a script. Pure.
 */
import { createHash } from 'node:crypto';
import type { StateField } from '../engine/model.ts';
import { groupedLines } from './group.ts';
import { culpritsByStep, isGhostChange, type PrintableStep, type PrintableTrace } from './printable.ts';
import { describeRun, type TextHeader } from './text.ts';

export interface HtmlOptions {
  /** the state at each step in the model's terms (ModelFamily.describeState), by step index */
  views?: (StateField[] | undefined)[];
  /** link of an action's documentation, by kernel function (e.g. "../docs/model.md#actions-modelregistryts") */
  actionDoc?: (fn: string) => string | undefined;
  /** show the model's ghost changes */
  ghosts?: boolean;
  /** the trace file, if any (its replay command is shown) */
  replay?: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escape text for element content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ESC[c]);
}

function laneOf(st: PrintableStep): string {
  if (!st.actor) return 'system';
  return st.actor.context ? `${st.actor.actor} ${st.actor.context}` : st.actor.actor;
}

function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Only http(s), relative paths and anchors: never javascript: or data: URLs. */
function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^https?:/i.test(href)) return undefined;
  return href;
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#111;background:#fff}
header{padding:10px 16px;border-bottom:1px solid #ccc;background:#f6f8fa}
h1{font-size:17px;margin:0 0 4px}
code,pre,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
#violation{color:#a00;font-weight:600;margin:6px 0 2px}
.property{color:#444;margin:0 0 6px}
#culprits{margin:4px 0;padding-left:18px}
#culprits li.cause::marker{color:#b58100}#culprits li.effect::marker{color:#c00}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(300px,400px);gap:12px;padding:8px 16px;align-items:start}
#lanesbox{overflow-x:auto}
#lanes{border-collapse:collapse}
#lanes th{position:sticky;top:0;background:#eef;padding:4px 8px;text-align:left;font-weight:600;border-bottom:1px solid #99a}
#lanes td{padding:2px 8px;vertical-align:top;border-bottom:1px solid #eee}
#lanes .fn,#lanes .args,.marker,.ctxstate{white-space:nowrap}
#lanes td.act{font-size:12.5px}
#lanes tr.step{cursor:pointer}
#lanes tr.current td{background:#dbeafe}
#lanes tr.cause td.act{background:#fff3c4}#lanes tr.effect td.act{background:#ffd7d7}
#lanes tr.current.cause td.act,#lanes tr.current.effect td.act{outline:2px solid #2563eb}
.num{color:#666;text-align:right}
.ctxstate{color:#666;font-size:11px;margin-left:4px}
.marker{font-weight:700;margin-left:6px}.marker.cause{color:#b58100}.marker.effect{color:#c00}
.doc{margin-left:6px;font-size:11px;color:#2563eb;text-decoration:none}
#panel{box-sizing:border-box;overflow-wrap:anywhere;border:1px solid #ccc;border-radius:4px;padding:8px;position:sticky;top:8px;max-height:92vh;overflow:auto}
#position{font-weight:600}
.stepstate{display:none}.stepstate.current{display:block}
.stepstate table{border-collapse:collapse;width:100%;margin:4px 0 8px}
.stepstate td{padding:1px 6px;border-bottom:1px solid #f0f0f0}
.stepstate td.obj{color:#555;white-space:nowrap}.stepstate td.fld{white-space:nowrap}
.stepstate tr.changed td{background:#fff1a8;font-weight:600}
.stepstate h3{font-size:13px;margin:8px 0 2px;color:#334}
.changes li,.reads li{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.why.cause{color:#7a4b00}.why.effect{color:#a00}
footer{padding:6px 16px;color:#555;font-size:12px;border-top:1px solid #eee}
kbd{border:1px solid #aaa;border-radius:3px;padding:0 4px;font-size:11px}
`;

// moves the current step; reads only data-* attributes and toggles classes
const SCRIPT = `(function(){
var rows=[].slice.call(document.querySelectorAll('tr.step'));
var panels=[].slice.call(document.querySelectorAll('.stepstate'));
var pos=document.getElementById('position');
var n=rows.length-1;var cur=0;
function go(i){cur=Math.max(0,Math.min(n,i));
rows.forEach(function(r){r.classList.toggle('current',Number(r.dataset.step)===cur)});
panels.forEach(function(p){p.classList.toggle('current',Number(p.dataset.step)===cur)});
pos.textContent='step '+cur+' of '+n;document.body.dataset.current=String(cur);
var r=rows[cur];var c=r&&(r.querySelector('td.act')||r);if(c&&c.scrollIntoView)c.scrollIntoView({block:'nearest',inline:'nearest'});}
document.addEventListener('keydown',function(e){
if(e.key==='ArrowDown'||e.key==='ArrowRight'||e.key==='j'){go(cur+1);e.preventDefault();}
else if(e.key==='ArrowUp'||e.key==='ArrowLeft'||e.key==='k'){go(cur-1);e.preventDefault();}
else if(e.key==='Home'){go(0);e.preventDefault();}
else if(e.key==='End'){go(n);e.preventDefault();}});
rows.forEach(function(r){r.addEventListener('click',function(){go(Number(r.dataset.step))})});
[].slice.call(document.querySelectorAll('a.goto')).forEach(function(a){a.addEventListener('click',function(e){go(Number(a.dataset.step));e.preventDefault();})});
go(0);})();`;

function stateTable(view: StateField[], prev: StateField[] | undefined): string {
  const before = new Map((prev ?? []).map((f) => [`${f.object}\u0000${f.field}`, f.value]));
  const groups: string[] = [];
  for (const f of view) if (!groups.includes(f.group)) groups.push(f.group);
  return groups
    .map((g) => {
      const rows = view
        .filter((f) => f.group === g)
        .map((f) => {
          const old = before.get(`${f.object}\u0000${f.field}`);
          const changed = prev !== undefined && old !== f.value;
          const title = changed ? ` title="was ${esc(old ?? '(absent)')}"` : '';
          return `<tr${changed ? ` class="changed"${title}` : ''}><td class="obj">${esc(f.object)}</td><td class="fld">${esc(f.field)}</td><td class="mono">${esc(f.value)}</td></tr>`;
        })
        .join('');
      return `<h3>${esc(g)}</h3><table>${rows}</table>`;
    })
    .join('');
}

export function traceToHtml(pt: PrintableTrace, h: TextHeader, o: HtmlOptions = {}): string {
  const steps = pt.steps;
  const n = Math.max(0, steps.length - 1);
  const marks = culpritsByStep(pt);
  const lanes: string[] = [];
  for (const st of steps) if (st.index > 0 && !lanes.includes(laneOf(st))) lanes.push(laneOf(st));
  lanes.sort(natural);
  const changesOf = (st: PrintableStep): string[] => (o.ghosts ? st.changes : st.changes.filter((c) => !isGhostChange(c)));

  const head = `<tr><th class="num">#</th>${lanes.map((l) => `<th>${esc(l)}</th>`).join('')}</tr>`;
  const rows = steps
    .map((st) => {
      const cs = marks.get(st.index) ?? [];
      const roles = [...new Set(cs.map((c) => c.role))];
      const cls = ['step', ...roles].join(' ');
      if (st.index === 0) {
        return `<tr class="${cls}" data-step="0"><td class="num">0</td><td class="act" colspan="${Math.max(1, lanes.length)}">initial state</td></tr>`;
      }
      const fn = st.actor?.fn ?? st.label;
      const args = st.actor ? `(${st.actor.args ?? ''})` : '';
      const doc = safeHref(st.actor ? o.actionDoc?.(st.actor.fn) : undefined);
      const cell =
        `<span class="fn mono">${esc(fn)}</span><span class="args mono">${esc(args)}</span>` +
        (st.actor?.state ? `<span class="ctxstate">${esc(st.actor.state)}</span>` : '') +
        roles.map((r) => `<span class="marker ${r}" data-role="${r}" data-step="${st.index}">◀ ${r}</span>`).join('') +
        (doc ? `<a class="doc" href="${esc(doc)}" title="the model's ${esc(fn)} in docs/model.md">↗</a>` : '');
      const lane = laneOf(st);
      const tds = lanes.map((l) => (l === lane ? `<td class="act" data-lane="${esc(l)}">${cell}</td>` : '<td></td>')).join('');
      return `<tr class="${cls}" data-step="${st.index}" data-fn="${esc(fn)}" data-lane="${esc(lane)}"><td class="num">${st.index}</td>${tds}</tr>`;
    })
    .join('\n');

  const panels = steps
    .map((st) => {
      const cs = marks.get(st.index) ?? [];
      const what = st.index === 0 ? 'initial state' : `${st.actor ? `${laneOf(st)}: ${st.actor.fn}(${st.actor.args ?? ''})` : st.label}`;
      const why = cs.map((c) => `<p class="why ${c.role}"><b>◀ ${esc(c.role)}</b>: ${esc(c.why)}</p>`).join('');
      const changes = groupedLines(changesOf(st));
      const ch = changes.length > 0 ? `<h3>changed</h3><ul class="changes">${changes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : '';
      const reads = st.reads && st.reads.length > 0 ? `<h3>read</h3><ul class="reads">${st.reads.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : '';
      const view = o.views?.[st.index];
      const table = view ? stateTable(view, st.index > 0 ? o.views?.[st.index - 1] : undefined) : `<pre>${esc(JSON.stringify(st.state, null, 1))}</pre>`;
      const final = st.index === n ? `<p class="final" id="final-violation">violated: ${esc(h.property)}: ${esc(h.reason)}</p>` : '';
      return `<section class="stepstate" data-step="${st.index}"><p class="mono"><b>${st.index}</b> ${esc(what)}</p>${why}${final}${ch}${reads}${table}</section>`;
    })
    .join('\n');

  const culprits = (pt.culprits ?? [])
    .map((c) => `<li class="${c.role}"><a href="#" class="goto" data-step="${c.step}">step ${c.step}</a> (${esc(c.role)}): ${esc(c.why)}</li>`)
    .join('');
  const run = describeRun(h);
  const repro = h.command ? `<p>reproduce: <code id="reproduce">${esc(h.command)}</code></p>` : '';
  const replay = o.replay ? `<p>replay: <code>${esc(o.replay)}</code></p>` : '';
  const script = SCRIPT;
  const hash = createHash('sha256').update(script).digest('base64');
  const title = `ppcheck: ${n} step${n === 1 ? '' : 's'} to ${h.property}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src 'none'; connect-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body data-steps="${n}" data-current="0">
<header>
<h1>counterexample: ${n} step${n === 1 ? '' : 's'} to <span id="property">${esc(h.property)}</span></h1>
<div class="mono">${esc(run)}</div>
<p id="violation">violated: ${esc(h.property)}: ${esc(h.reason)}${h.terminal ? ' (in the final state, where no action is enabled)' : ''}</p>
${h.propertyDescription ? `<p class="property">the property: ${esc(h.propertyDescription)}</p>` : ''}
${culprits ? `<ol id="culprits">${culprits}</ol>` : ''}
${repro}${replay}
</header>
<main>
<div id="lanesbox">
<table id="lanes">
<thead>${head}</thead>
<tbody>
${rows}
</tbody>
</table>
</div>
<aside id="panel">
<p id="position">step 0 of ${n}</p>
${panels}
</aside>
</main>
<footer>Step with <kbd>↓</kbd>/<kbd>→</kbd> and <kbd>↑</kbd>/<kbd>←</kbd>, <kbd>Home</kbd>, <kbd>End</kbd>, or click a step. Highlighted fields changed in this step. Generated by ppcheck.</footer>
<script>${script}</script>
</body>
</html>
`;
}
