/**
 * The supervisor: `ppcheck` runs every command that executes model code
 * (check, suite, replay, diff, …) in a worker thread, and this thread, idle
 * in its event loop, is the one that can always act:
 *
 * - SIGINT/SIGTERM (or the parent process gone: a wrapper such as `npx` that
 *   was killed without forwarding the signal): asks the search to stop (run control, src/engine/control.ts);
 *   the worker reports what it found so far, `complete: no, stopped by
 *   interrupt`, exit 3. A second signal exits at once (3; under --json with
 *   the minimal JSON object), as does a search that has not stopped after
 *   STOP_GRACE_MS.
 * - memory: the resident set above --max-memory (default: half the machine's
 *   memory) asks the search to stop ('memory', exit 3); the worker's V8 heap
 *   is capped at the same size, so a heap that runs away ends the worker,
 *   never the process with a V8 fatal error.
 * - a model step that never returns: while a search runs, its explorers beat
 *   at every clock read; no beat for PPCHECK_STEP_TIMEOUT seconds (default
 *   60), or past --time-limit + 1 s, terminates the worker: one line naming
 *   the model file and the action kind, exit 2 for a model file (its
 *   author's fault), 255 for the shipped model.
 *
 * Commands that run no model code (show, merge, list, help) run in this
 * thread. If a worker cannot be started at all (or its loader cannot reserve
 * the address space WebAssembly wants, e.g. under `ulimit -v`), the command
 * runs in this thread too, unsupervised (signals then end the process at
 * once), and says so under PPCHECK_DEBUG=1.
 */
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ACTION, BEAT, SEARCH, STOP, STOP_CODES, allocControl } from '../engine/control.ts';
import { defaultMaxMemoryMiB, parseMaxMemory, parseSeconds } from './args.ts';
import { EXIT, type ExitCode } from './exit.ts';
import { endingOfCode, stoppedJson, type EndingInfo } from './endings.ts';
import { commandOf, flagValue, modelArg } from './argv.ts';

/** The command run in this thread (the commands and their parser load only then). */
async function runCli(argv: string[]): Promise<ExitCode> {
  return (await import('./main.ts')).runCli(argv);
}

/** Commands that run no model code: no worker. */
const UNSUPERVISED = ['show', 'merge', 'list', 'help'];

/** After a stop request (interrupt, memory), how long the search has to report before the worker is terminated. */
export const STOP_GRACE_MS = 4000;
/** Past --time-limit, how long a search that does not beat may go on. */
const TIME_LIMIT_GRACE_MS = 1000;
const POLL_MS = 100;

export interface SupervisedData {
  argv: string[];
  control: SharedArrayBuffer;
  maxMemoryBytes: number;
  trackActions: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export type ToSupervisor =
  | { t: 'out'; s: string }
  | { t: 'err'; s: string }
  | { t: 'kinds'; kinds: string[] }
  | { t: 'done'; code: ExitCode };

export { flagValue };

export async function runCliSupervised(argv: string[]): Promise<number> {
  const { command, help } = commandOf(argv);
  if (help || command === undefined || UNSUPERVISED.includes(command) || argv.includes('--version') || argv.includes('-V')) return runCli(argv);
  let maxMiB: number;
  let timeLimit: number | undefined;
  try {
    const m = flagValue(argv, '--max-memory');
    maxMiB = m === undefined ? defaultMaxMemoryMiB() : parseMaxMemory(m);
    const t = flagValue(argv, '--time-limit');
    timeLimit = t === undefined ? undefined : parseSeconds(t);
  } catch {
    // a bad value: the command line parser reports it (exit 2) before anything runs
    return runCli(argv);
  }
  const stepTimeoutS = Number(process.env.PPCHECK_STEP_TIMEOUT ?? '60');
  const modelPath = modelArg(argv);
  const control = allocControl();
  const cells = new Int32Array(control);
  const data: SupervisedData = {
    argv,
    control,
    maxMemoryBytes: maxMiB * 2 ** 20,
    trackActions: modelPath !== undefined,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./supervised-boot.mjs', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, maxMiB) },
      stdout: false,
      stderr: false,
    });
  } catch (e) {
    if (process.env.PPCHECK_DEBUG === '1') process.stderr.write(`ppcheck: running unsupervised (no worker thread: ${e instanceof Error ? e.message : String(e)})\n`);
    return runCli(argv);
  }
  const json = argv.includes('--json');
  const started = performance.now();

  return new Promise<number>((resolve) => {
    let finished = false;
    let kinds: string[] = [];
    let signals = 0;
    let stopAskedAt: number | undefined;
    let lastBeat = Atomics.load(cells, BEAT);
    let lastBeatAt = performance.now();

    const actionText = (): string => {
      const k = Atomics.load(cells, ACTION);
      return k > 0 && kinds[k - 1] !== undefined ? `step(${kinds[k - 1]})` : 'a model step';
    };
    const where = modelPath !== undefined ? `${modelPath}: ` : '';

    const cleanup = (): void => {
      clearInterval(poll);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      cleanup();
      void worker.terminate();
      resolve(code);
    };
    /** End the run from here: the worker could not report. */
    const stopHere = (e: EndingInfo, line: string): void => {
      if (finished) return;
      if (json) process.stdout.write(stoppedJson(command, e, line));
      process.stderr.write(`ppcheck: ${line}\n`);
      finish(e.exitCode);
    };
    const modelFault = (line: string): void =>
      stopHere({ ending: endingOfCode(modelPath !== undefined ? EXIT.usage : EXIT.internal), exitCode: modelPath !== undefined ? EXIT.usage : EXIT.internal, complete: false, stoppedBy: null }, line);
    const cutShort = (stoppedBy: 'interrupt' | 'memory', line: string): void =>
      stopHere({ ending: 'cut-short', exitCode: EXIT.cutShort, complete: false, stoppedBy }, line);

    const askStop = (reason: keyof typeof STOP_CODES): void => {
      Atomics.compareExchange(cells, STOP, 0, STOP_CODES[reason]);
      stopAskedAt ??= performance.now();
    };
    const onSignal = (name: 'SIGINT' | 'SIGTERM'): void => {
      signals++;
      if (signals === 1) {
        askStop('interrupt');
        return;
      }
      // a second signal: out at once, with the ending said
      const line = `${name === 'SIGINT' ? 'interrupted' : 'terminated'} again: stopped at once, no report`;
      if (json) writeSync(1, stoppedJson(command, { ending: 'cut-short', exitCode: EXIT.cutShort, complete: false, stoppedBy: 'interrupt' }, line));
      writeSync(2, `ppcheck: ${line}\n`);
      process.exit(EXIT.cutShort);
    };
    const onSigint = (): void => onSignal('SIGINT');
    const onSigterm = (): void => onSignal('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);

    const parent = process.ppid;
    const poll = setInterval(() => {
      if (finished) return;
      const now = performance.now();
      // the process that started ppcheck is gone (e.g. `npx`, killed by SIGTERM, does not forward it): stop as if interrupted
      if (process.ppid !== parent && signals === 0) onSignal('SIGTERM');
      if (process.memoryUsage.rss() > data.maxMemoryBytes) askStop('memory');
      const b = Atomics.load(cells, BEAT);
      if (b !== lastBeat) {
        lastBeat = b;
        lastBeatAt = now;
      }
      const searching = Atomics.load(cells, SEARCH) > 0;
      const stalled = now - lastBeatAt;
      if (stopAskedAt !== undefined && now - stopAskedAt > STOP_GRACE_MS) {
        const reason = Atomics.load(cells, STOP) === STOP_CODES.memory ? 'memory' : 'interrupt';
        const why = reason === 'memory' ? `the memory limit (--max-memory ${maxMiB} MiB) was reached` : 'interrupted';
        cutShort(reason, `${why}; the search did not stop within ${STOP_GRACE_MS / 1000} s (${where}${actionText()} has not returned), no partial result`);
        return;
      }
      if (searching && stalled > stepTimeoutS * 1000) {
        modelFault(`${where}${actionText()} did not return within ${stepTimeoutS} s (an infinite loop?); stopped (PPCHECK_STEP_TIMEOUT sets the limit)`);
        return;
      }
      if (searching && timeLimit !== undefined && now - started > timeLimit * 1000 + TIME_LIMIT_GRACE_MS && stalled > TIME_LIMIT_GRACE_MS) {
        modelFault(`${where}${actionText()} did not return within --time-limit ${timeLimit} s (an infinite loop?); stopped`);
      }
    }, POLL_MS);

    let heard = false;
    worker.on('message', (m: ToSupervisor) => {
      heard = true;
      switch (m.t) {
        case 'out':
          process.stdout.write(m.s);
          return;
        case 'err':
          process.stderr.write(m.s);
          return;
        case 'kinds':
          kinds = m.kinds;
          return;
        case 'done':
          finish(m.code);
          return;
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (!heard && !finished && /Wasm memory|WebAssembly/.test(e.message ?? '')) {
        // the worker could not even start its loader (address space reserved for WebAssembly, e.g. under
        // `ulimit -v`): run the command here, unsupervised (README: Virtual memory)
        finished = true;
        cleanup();
        if (process.env.PPCHECK_DEBUG === '1') process.stderr.write(`ppcheck: running unsupervised (${e.message.split('\n')[0]})\n`);
        void runCli(argv).then(resolve);
        return;
      }
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        cutShort('memory', `out of memory (--max-memory ${maxMiB} MiB) in ${where}${Atomics.load(cells, SEARCH) > 0 ? actionText() : 'the run'}; no partial result`);
        return;
      }
      stopHere(
        { ending: 'internal-error', exitCode: EXIT.internal, complete: false, stoppedBy: null },
        `internal error: ${(e.message ?? String(e)).split('\n')[0]}${process.env.PPCHECK_DEBUG === '1' ? `\n${e.stack}` : ' (PPCHECK_DEBUG=1 shows the stack)'}`,
      );
    });
    worker.on('exit', () => {
      if (!finished) stopHere({ ending: 'internal-error', exitCode: EXIT.internal, complete: false, stoppedBy: null }, 'internal error: the run ended without a result');
    });
  });
}

