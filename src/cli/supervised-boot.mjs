// Worker entry of the CLI's supervisor (supervise.ts): registers tsx in this
// thread (resolved from this package, whatever the current directory), then
// runs the command (supervised-worker.ts).
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

register();
// a --model file outside any "type": "module" package is loaded as CommonJS
registerCjs();
await import('./supervised-worker.ts');
