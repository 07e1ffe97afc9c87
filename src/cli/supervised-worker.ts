/**
 * The supervised side of src/cli/supervise.ts: runs `runCli(argv)` in a
 * worker thread, its output posted to the supervisor (in order), with the
 * run control shared (src/engine/control.ts) so that the supervisor can stop
 * the search (interrupt, memory) and watch its heartbeat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installControl, setKindsListener } from '../engine/control.ts';
import type { ToSupervisor, SupervisedData } from './supervise.ts';

const data = workerData as SupervisedData;
const port = parentPort!;
const post = (m: ToSupervisor): void => port.postMessage(m);
installControl(data.control, { maxMemoryBytes: data.maxMemoryBytes, trackActions: data.trackActions });
if (data.trackActions) setKindsListener((kinds) => post({ t: 'kinds', kinds: [...kinds] }));
const { runCli } = await import('./main.ts');
const code = await runCli(data.argv, {
  stdout: (s) => post({ t: 'out', s }),
  stderr: (s) => post({ t: 'err', s }),
  stdoutIsTTY: data.stdoutIsTTY,
  stderrIsTTY: data.stderrIsTTY,
  env: process.env,
});
post({ t: 'done', code });
