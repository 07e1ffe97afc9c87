/**
 * The progress line: on stderr, only when stderr is a terminal, rewritten in
 * place with \r at most every 200 ms, erased when the exploration ends.
 */
import type { ExploreListener, Progress } from '../../engine/result.ts';
import type { RunObserver } from '../check.ts';

export interface ProgressSink {
  isTTY: boolean;
  write(s: string): void;
}

export function formatProgress(prefix: string, p: Progress): string {
  return `${prefix} ${p.distinctStates} states, ${p.transitions} transitions, depth ${p.depth}, queue ${p.queued}, ${p.seconds.toFixed(1)}s`;
}

export function progressObserver(sink: ProgressSink, label: (scenario: string) => string, intervalMs = 200): RunObserver | undefined {
  if (!sink.isTTY) return undefined;
  let shown = false;
  return {
    listener(scenario: string): ExploreListener {
      let last = -Infinity;
      const prefix = label(scenario);
      return {
        onProgress(p: Progress) {
          const t = Date.now();
          if (t - last < intervalMs) return;
          last = t;
          const cols = (process.stderr.columns ?? 100) - 1;
          sink.write(`\r\x1b[K${formatProgress(prefix, p).slice(0, cols)}`);
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
