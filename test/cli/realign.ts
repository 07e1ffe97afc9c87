/**
 * The expected lines of a literate block brought up to date with the actual
 * output (for test/cli/literate-update.ts): an edit-distance alignment of the
 * pattern lines to the actual lines, where `...` absorbs any run for free and
 * a pattern line that still matches is kept as written (its `{{...}}` or
 * `re:` stays); a changed line is replaced by the most similar actual line it
 * aligns with, an extra actual line is added, a line the output lost is
 * dropped. The result always matches the actual output.
 */
import { lineMatches } from './literate.ts';

const ELIDE = '...';
/** a line gained or lost; a changed line costs between 1 (nearly the same words) and 2 (none in common) */
const GAP = 2;

/** Shared words over all words (0..1). */
function similarity(a: string, b: string): number {
  const x = a.trim().split(/\s+/);
  const y = new Set(b.trim().split(/\s+/));
  const common = x.filter((w) => y.has(w)).length;
  return (2 * common) / (x.length + y.size);
}

type Move = 'keep' | 'change' | 'add' | 'drop' | 'absorb' | 'end-elision';

export function realign(pattern: readonly string[], actual: readonly string[]): string[] {
  const P = pattern.length;
  const A = actual.length;
  // cost[i][j]: cheapest alignment of pattern[i..] with actual[j..]; move[i][j]: its first move
  const cost = Array.from({ length: P + 1 }, () => new Array<number>(A + 1).fill(0));
  const move = Array.from({ length: P + 1 }, () => new Array<Move>(A + 1).fill('add'));
  for (let j = A; j >= 0; j--) cost[P][j] = GAP * (A - j);
  for (let i = P - 1; i >= 0; i--) {
    for (let j = A; j >= 0; j--) {
      const options: [number, Move][] = [];
      if (pattern[i].trim() === ELIDE) {
        if (j < A) options.push([cost[i][j + 1], 'absorb']);
        options.push([cost[i + 1][j], 'end-elision']);
      } else {
        if (j < A && lineMatches(pattern[i], actual[j])) options.push([cost[i + 1][j + 1], 'keep']);
        if (j < A) options.push([2 - similarity(pattern[i], actual[j]) + cost[i + 1][j + 1], 'change']);
        if (j < A) options.push([GAP + cost[i][j + 1], 'add']);
        options.push([GAP + cost[i + 1][j], 'drop']);
      }
      // the first of the cheapest, in the order pushed
      let best = options[0];
      for (const o of options) if (o[0] < best[0]) best = o;
      cost[i][j] = best[0];
      move[i][j] = best[1];
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < P || j < A) {
    const m = i === P ? 'add' : move[i][j];
    if (m === 'keep') out.push(pattern[i++]), j++;
    else if (m === 'change') out.push(actual[j++]), i++;
    else if (m === 'add') out.push(actual[j++]);
    else if (m === 'drop') i++;
    else if (m === 'absorb') j++;
    else out.push(pattern[i++]); // end-elision: the `...` stays
  }
  return out;
}
