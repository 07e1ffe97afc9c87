/**
 * The one sanitizer of strings read from a trace file before they are
 * printed (`show`, `replay`): a trace is data, maybe crafted, and must not
 * reach the terminal as anything else.
 *
 * - printableText: C0 controls (newline, ESC, BEL …), DEL, C1 controls
 *   (U+0080–U+009F: CSI, OSC as one code point), the line and paragraph
 *   separators and the bidirectional overrides are written as `\xNN` or
 *   `\u{NNNN}`; everything else is kept. A newline in a label cannot forge a
 *   report line (`result OK`), an ESC cannot start an escape sequence.
 * - mermaidSafe: additionally, `%%` (the start of a Mermaid directive
 *   `%%{init: …}%%` or comment) is broken up, and a text that would begin
 *   with a sequence-diagram keyword is prefixed, so that data cannot become a
 *   Mermaid statement.
 * - sanitizeRecorded: every string of a recorded trace (metadata, labels,
 *   actors, changes, and, for display only, states and actions).
 * - escapeJsonText: JSON text with the same characters as \u escapes (the
 *   data is unchanged; JSON.stringify leaves C1 and U+2028 raw).
 */
import type { Json } from './values.ts';
import type { Recorded } from './itf.ts';

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\n]/g;

function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  if (n === 0x0a) return '\\n';
  if (n === 0x0d) return '\\r';
  if (n === 0x09) return '\\t';
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
}

/** A string as one printable line: controls and separators escaped. */
export function printableText(s: string): string {
  return s.replace(UNPRINTABLE, escapeChar);
}

/** Output text whose lines are kept: every control but the newline escaped (a last pass over printed reports). */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((l) => printableText(l))
    .join('\n');
}

const MERMAID_KEYWORDS = /^(\s*)(participant|actor|note|loop|alt|else|opt|par|and|rect|critical|break|end|autonumber|activate|deactivate|box|create|destroy|title|sequenceDiagram|graph|flowchart|classDef|click|link|links|properties|details)\b/i;

/** Text that is only text in a Mermaid diagram. */
export function mermaidSafe(s: string): string {
  // ';' ends a statement, '#' starts an entity, '<' '>' are HTML in notes, '%' '{' '}' make directives: all as entities
  return printableText(s)
    .replace(/[#;<>%{}]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(MERMAID_KEYWORDS, (_m, sp: string, kw: string) => `${sp}'${kw}`);
}

function deep(v: Json): Json {
  if (typeof v === 'string') return printableText(v);
  if (Array.isArray(v)) return v.map(deep);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[printableText(k)] = deep(x);
    return out;
  }
  return v;
}

/** Every string of a recorded trace made printable (for display only: states and actions change too). */
export function sanitizeRecorded(rec: Recorded): Recorded {
  // every field, whatever its name (labels, actors, changes, culprits, states, metadata): strings escaped, the rest kept
  return deep(rec as unknown as Json) as unknown as Recorded;
}

/** JSON text with C1 controls, separators and bidi overrides as \u escapes (the same JSON value). */
export function escapeJsonText(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
