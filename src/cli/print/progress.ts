/**
 * The progress line: on stderr, only when stderr is a terminal, rewritten in
 * place with \r at most every 200 ms, erased when the exploration ends. It
 * shows the states found, their rate, the depth, the queue, the memory in use
 * and the time, and fits the terminal's width (dropping the least useful
 * fields first, never wrapping: a wrapped line cannot be rewritten in place).
 */
import type { ExploreListener, Progress } from '../../engine/result.ts';
import type { RunObserver } from '../check.ts';

export interface ProgressSink {
  isTTY: boolean;
  write(s: string): void;
  /** the terminal's width (process.stderr.columns); 80 when unknown */
  columns?: () => number | undefined;
  /** bytes of memory in use now (process.memoryUsage().rss) */
  memoryBytes?: () => number;
}

export interface ProgressExtras {
  memoryBytes?: number;
  /** the width to fit; the line is at most columns - 1 characters (no wrap at the last column) */
  columns?: number;
}

function thousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The progress line (pure): fields in order of importance, as many as fit. */
export function formatProgress(prefix: string, p: Progress, x: ProgressExtras = {}): string {
  const rate = p.seconds > 0 ? p.distinctStates / p.seconds : 0;
  // most useful first; the line keeps a prefix of this list
  const fields = [
    `${thousands(p.distinctStates)} states`,
    `${thousands(rate)} states/s`,
    `depth ${p.depth}`,
    ...(x.memoryBytes !== undefined ? [`${(x.memoryBytes / 2 ** 20).toFixed(0)} MiB`] : []),
    `${p.seconds.toFixed(1)}s`,
    `queue ${thousands(p.queued)}`,
    `${thousands(p.transitions)} transitions`,
  ];
  const max = Math.max(1, (x.columns ?? Infinity) - 1);
  let line = prefix;
  for (const [i, f] of fields.entries()) {
    const next = `${line}${i === 0 ? ' ' : ', '}${f}`;
    if (next.length > max) break;
    line = next;
  }
  // even the first field does not fit: the prefix, cut
  return line.length > max ? line.slice(0, max) : line;
}

export function progressObserver(sink: ProgressSink, label: (scenario: string) => string, intervalMs = 200): RunObserver | undefined {
  if (!sink.isTTY) return undefined;
  let shown = false;
  const columns = sink.columns ?? (() => process.stderr.columns);
  const memory = sink.memoryBytes ?? (() => process.memoryUsage.rss());
  return {
    listener(scenario: string): ExploreListener {
      let last = -Infinity;
      const prefix = label(scenario);
      return {
        onProgress(p: Progress) {
          const t = Date.now();
          if (t - last < intervalMs) return;
          last = t;
          sink.write(`\r\x1b[K${formatProgress(prefix, p, { columns: columns() ?? 80, memoryBytes: memory() })}`);
          shown = true;
        },
      };
    },
    done() {
      if (shown) sink.write('\r\x1b[K');
      shown = false;
    },
  };
}
