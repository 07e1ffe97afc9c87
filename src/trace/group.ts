/**
 * Changes read better per object, as in a bug report: "page1: _refcount 2→1,
 * pp_ref_count 1→0, page->pp pool0→NULL" rather than one line per field.
 * A change is "<object> <what>" (the model's describeChange convention, e.g.
 * "page1 _refcount 2→1"); the changes of an object that has several are
 * joined on one line, in the order the objects first appear. Pure.
 */

export interface ChangeGroup {
  /** e.g. "page1"; '' for a change that names no object */
  object: string;
  items: string[];
}

export function groupChanges(changes: readonly string[]): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  const byObject = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const m = /^(\S+)\s+(.+)$/.exec(c);
    if (!m) {
      groups.push({ object: '', items: [c] });
      continue;
    }
    const [, object, rest] = m;
    const g = byObject.get(object);
    if (g) g.items.push(rest);
    else {
      const ng = { object, items: [rest] };
      byObject.set(object, ng);
      groups.push(ng);
    }
  }
  return groups;
}

/** One string per object: "page1: a, b, c" when it has several changes, else the change as given. */
export function groupedLines(changes: readonly string[]): string[] {
  return groupChanges(changes).map((g) =>
    g.object === '' ? g.items[0] : g.items.length === 1 ? `${g.object} ${g.items[0]}` : `${g.object}: ${g.items.join(', ')}`,
  );
}

/**
 * Wrap a grouped line at ", " boundaries so that no piece is longer than
 * `width` (a single item longer than that stays whole); continuation pieces
 * are indented by `hang` spaces.
 */
export function wrapGrouped(line: string, width: number, hang: number): string[] {
  if (line.length <= width) return [line];
  const parts = line.split(', ');
  const out: string[] = [];
  let cur = '';
  for (const p of parts) {
    const next = cur === '' ? p : `${cur}, ${p}`;
    const limit = out.length === 0 ? width : width - hang;
    if (cur !== '' && next.length > limit) {
      out.push(`${cur},`);
      cur = p;
    } else {
      cur = next;
    }
  }
  if (cur !== '') out.push(cur);
  return out.map((l, i) => (i === 0 ? l : ' '.repeat(hang) + l));
}
