/**
 * Shrink candidates of a failing run, as choice sequences (the record of the
 * run: choice 0 = initial state, then one index per step). Every candidate is
 * strictly smaller in shortlex order (shorter, or as long and lexicographically
 * smaller), and the walk of a candidate only ever takes enabled actions
 * (choice mod the number of enabled actions), so shrinking stays valid and
 * terminates. fast-check takes the first candidate that still fails and asks
 * for its candidates in turn.
 *
 * Order (cheap and effective first, after delta debugging / Hypothesis):
 *  1. delete chunks of steps: halves, quarters, … single steps;
 *  2. lower each choice: 0 first, then every smaller index.
 */
export function* shrinkChoices(rec: Uint32Array): Generator<Uint32Array> {
  const m = rec.length;
  if (m <= 1 && (m === 0 || rec[0] === 0)) return;
  // 1. Deletions (never of choice 0, the initial state).
  const steps = m - 1;
  let size = 1;
  while (size * 2 <= steps) size *= 2;
  for (; size >= 1; size = size >> 1) {
    for (let start = 1; start + size <= m; start += size) {
      const c = new Uint32Array(m - size);
      c.set(rec.subarray(0, start), 0);
      c.set(rec.subarray(start + size), start);
      yield c;
    }
    // the tail chunk when steps is not a multiple of size
    const tail = (m - 1) % size;
    if (tail !== 0 && size > 1) {
      yield rec.slice(0, m - tail);
    }
  }
  // 2. Lower single choices, earliest first.
  for (let i = 0; i < m; i++) {
    const v = rec[i];
    for (let x = 0; x < v; x++) {
      const c = rec.slice();
      c[i] = x;
      yield c;
    }
  }
}
