// Worker entry for parallel.ts: registers the tsx loader in this thread (a
// Worker's execArgv --import is not enough on Node 20), then runs the worker.
import { register } from 'tsx/esm/api';

register();
await import('./parallel-worker.ts');
