/**
 * The fault-injection table (issue #19, "Verdicts that never lie"): each row
 * is a command, the fault it injects, and what must come of it: the exit
 * code, stderr (exactly one line matching `stderr`, or nothing when null),
 * no stack trace, and the files the run may leave in its directory.
 *
 * `run: 'inproc'` rows call the CLI's entry (runCli) in the test process:
 * parsing, validation, model-code faults, trace files, endings. Rows about
 * processes (signals, workers, the supervisor, exits) are in faults.test.ts
 * and spawn `bin/ppcheck.mjs`.
 *
 * In argv and set-up texts, `$TMP` is the row's own fresh directory and
 * `$REPO` the repository; a set-up `trace` is the good trace of the toy
 * family's racy variant (written by `check --out` once), edited.
 */

export interface TraceEdit {
  /** set (or delete, with value undefined) a JSON path like `#meta.bounds.workers` or `states.1.#meta.action-label` */
  set?: [string, unknown];
  delete?: string;
  /** keep only the first n states */
  truncateStates?: number;
  /** the file's text cut after n characters */
  cutText?: number;
  /** replace the whole text */
  text?: string;
  /** states[0].counter nested n levels deep in arrays */
  nest?: number;
}

export interface FaultCase {
  id: string;
  /** the fault class */
  class: 'endings' | 'timer' | 'options' | 'workers' | 'memory' | 'files' | 'model-code' | 'trace' | 'sanitize' | 'merge' | 'replay';
  argv: string[];
  exit: 0 | 2 | 3 | 12 | 255;
  /** a regular expression the one stderr line must match (whole line); null: stderr must be empty */
  stderr: string | null;
  /** stdout is one JSON object with these top-level fields */
  json?: Record<string, unknown>;
  /** regular expressions stdout must match / must not match */
  stdout?: string;
  stdoutNot?: string;
  /** files the run may leave in $TMP besides those set up (names); default none */
  leaves?: string[];
  /** files set up in $TMP before the run: a trace edited from the good one, or text */
  setup?: Record<string, { trace: TraceEdit[] } | { text: string }>;
  /** environment for the run */
  env?: Record<string, string>;
  /** files (in $TMP) whose content must be unchanged by the run */
  unchanged?: string[];
}

const MODEL = 'test/cli/fixtures/toy.ts';
const FAULTY = 'test/faults/fixtures/faulty.ts';
const check = (...a: string[]): string[] => ['check', '--model', MODEL, ...a];
const OPT = (flag: string): string => `^ppcheck: option '${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^']*' argument '.*' is invalid\\. .*$`;

const cases: FaultCase[] = [];
const add = (c: FaultCase): void => void cases.push(c);

// ------------------------------------------------------------------ endings: one code per way a run ends
add({ id: 'verified', class: 'endings', argv: check('--scenario', 'pair'), exit: 0, stderr: null, stdout: 'result +OK' });
add({ id: 'verified-json', class: 'endings', argv: check('--scenario', 'pair', '--json'), exit: 0, stderr: null, json: { ending: 'verified', exitCode: 0, complete: true, stoppedBy: null } });
add({ id: 'violation', class: 'endings', argv: check('--variant', 'racy'), exit: 12, stderr: null, stdout: 'VIOLATION' });
add({ id: 'violation-json', class: 'endings', argv: check('--variant', 'racy', '--json'), exit: 12, stderr: null, json: { ending: 'violation', exitCode: 12, stoppedBy: null } });
add({ id: 'max-states-cut', class: 'endings', argv: check('--scenario', 'trio', '--max-states', '5'), exit: 3, stderr: null, stdout: 'complete +no, stopped by max-states', stdoutNot: 'result +OK' });
add({ id: 'max-states-cut-json', class: 'endings', argv: check('--scenario', 'trio', '--max-states', '5', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', exitCode: 3, complete: false, stoppedBy: 'max-states' } });
add({ id: 'max-states-large-enough', class: 'endings', argv: check('--scenario', 'pair', '--max-states', '1000'), exit: 0, stderr: null });
add({ id: 'max-depth-cut', class: 'endings', argv: check('--scenario', 'trio', '--max-depth', '2', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', stoppedBy: 'max-depth' } });
add({ id: 'max-depth-deep-enough', class: 'endings', argv: check('--scenario', 'pair', '--max-depth', '50', '--json'), exit: 0, stderr: null, json: { ending: 'verified' } });
add({ id: 'dfs-cut', class: 'endings', argv: check('--scenario', 'trio', '--mode', 'dfs', '--max-depth', '2', '--json'), exit: 3, stderr: null, json: { stoppedBy: 'max-depth' } });
add({ id: 'dfs-complete', class: 'endings', argv: check('--scenario', 'pair', '--mode', 'dfs', '--json'), exit: 0, stderr: null, json: { ending: 'verified' } });
add({ id: 'random-never-complete', class: 'endings', argv: check('--scenario', 'pair', '--mode', 'random', '--runs', '20', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', complete: false } });
add({ id: 'random-violation', class: 'endings', argv: check('--variant', 'racy', '--mode', 'random', '--runs', '200', '--seed', '1', '--json'), exit: 12, stderr: null, json: { ending: 'violation' } });
add({ id: 'time-limit-tiny', class: 'endings', argv: check('--scenario', 'trio', '--time-limit', '0.001', '--max-states', '3', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', complete: false } });
add({ id: 'all-scenarios-cut', class: 'endings', argv: check('--max-states', '3', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', stoppedBy: 'max-states' } });
add({ id: 'violation-beats-cut', class: 'endings', argv: check('--variant', 'racy', '--max-states', '1000', '--json'), exit: 12, stderr: null, json: { ending: 'violation' } });
add({ id: 'text-says-cut-short', class: 'endings', argv: check('--scenario', 'trio', '--max-depth', '1'), exit: 3, stderr: null, stdout: 'result +CUT SHORT' });
add({ id: 'suite-ok', class: 'endings', argv: ['suite', '--model', MODEL, '--kind', 'bug'], exit: 0, stderr: null, stdout: 'suite passed' });
add({ id: 'suite-json', class: 'endings', argv: ['suite', '--model', MODEL, '--kind', 'bug', '--json'], exit: 0, stderr: null });

// under --json every ending prints one object, input errors too
add({ id: 'json-input-error', class: 'endings', argv: check('--json', '--frobnicate'), exit: 2, stderr: "^ppcheck: unknown option '--frobnicate'$", json: { ending: 'input-error', exitCode: 2, complete: false, stoppedBy: null, message: "unknown option '--frobnicate'" } });
add({ id: 'json-bad-bound', class: 'endings', argv: check('--incs', '9', '--json'), exit: 2, stderr: '^ppcheck: --incs 9 is out of range.*$', json: { ending: 'input-error', exitCode: 2 } });
add({ id: 'json-replay-truncated', class: 'endings', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL, '--json'], setup: { 't.itf.json': { trace: [{ truncateStates: 2 }] } }, exit: 2, stderr: '^ppcheck: .*does not reproduce.*$', json: { ending: 'input-error' } });
add({ id: 'json-replay-reproduced', class: 'endings', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL, '--json'], setup: { 't.itf.json': { trace: [] } }, exit: 12, stderr: null, json: { ending: 'violation', exitCode: 12 } });
add({ id: 'json-merge-error', class: 'endings', argv: ['merge', '$TMP/none.json', '--json'], exit: 2, stderr: '^ppcheck: cannot read .*$', json: { ending: 'input-error' } });

// ------------------------------------------------------------------ the timer: option values the platform can keep
for (const v of ['3000000', '2147484', '99999999999', '1e9']) {
  add({ id: `time-limit-${v}`, class: 'timer', argv: check('--time-limit', v), exit: 2, stderr: OPT('--time-limit') });
  add({ id: `time-limit-${v}-workers`, class: 'timer', argv: check('--scenario', 'pair', '--time-limit', v, '--workers', '2'), exit: 2, stderr: OPT('--time-limit') });
}
add({ id: 'time-limit-max-ok', class: 'timer', argv: check('--scenario', 'pair', '--time-limit', '2147483', '--json'), exit: 0, stderr: null, json: { ending: 'verified' } });
for (const v of ['0', '-1', 'abc', '', '0.0001', 'Infinity', 'NaN', '1s']) {
  add({ id: `time-limit-bad-${v || 'empty'}`, class: 'timer', argv: check('--time-limit', v), exit: 2, stderr: OPT('--time-limit') });
}

// ------------------------------------------------------------------ numeric options: one line, exit 2
const BAD_INTS = ['-1', 'abc', '1e3', '0x10', '1.5', '99999999999999999999', ' ', '--'];
for (const flag of ['--max-states', '--max-depth', '--runs', '--seed']) {
  for (const v of BAD_INTS) {
    if (flag === '--max-depth' && v === '--') continue;
    add({ id: `${flag.slice(2)}-${v.trim() || 'blank'}`, class: 'options', argv: check(flag, v), exit: 2, stderr: OPT(flag) });
  }
}
add({ id: 'max-states-0', class: 'options', argv: check('--max-states', '0'), exit: 2, stderr: OPT('--max-states') });
add({ id: 'seed-2^32', class: 'options', argv: check('--seed', '4294967296'), exit: 2, stderr: OPT('--seed') });
for (const v of ['0', '-3', '9', '1.5', 'two']) {
  add({ id: `bound-incs-${v}`, class: 'options', argv: check('--incs', v), exit: 2, stderr: v === '0' || v === '9' || v === '-3' ? '^ppcheck: --incs -?\\d+ is out of range: incs must be in 1\\.\\.3$' : OPT('--incs') });
}
add({ id: 'unknown-option', class: 'options', argv: check('--frobnicate'), exit: 2, stderr: "^ppcheck: unknown option '--frobnicate'$" });
add({ id: 'unknown-variant', class: 'options', argv: check('--variant', 'nope'), exit: 2, stderr: "^ppcheck: unknown variant 'nope' .*$" });
add({ id: 'unknown-scenario', class: 'options', argv: check('--scenario', 'nope'), exit: 2, stderr: "^ppcheck: unknown scenario 'nope' .*$" });
add({ id: 'unknown-property', class: 'options', argv: check('--property', 'nope'), exit: 2, stderr: "^ppcheck: unknown property 'nope' .*$" });
add({ id: 'bad-mode', class: 'options', argv: check('--mode', 'magic'), exit: 2, stderr: OPT('--mode') });
add({ id: 'unknown-command', class: 'options', argv: ['frobnicate'], exit: 2, stderr: "^ppcheck: unknown command 'frobnicate'$" });
add({ id: 'depth-disagrees', class: 'options', argv: check('--depth', '3', '--max-depth', '4', '--mode', 'random'), exit: 2, stderr: '^ppcheck: --depth and --max-depth disagree .*$' });
add({ id: 'model-missing', class: 'options', argv: ['check', '--model', '$TMP/none.ts'], exit: 2, stderr: '^ppcheck: model file not found: .*none\\.ts$' });
add({ id: 'model-is-dir', class: 'options', argv: ['check', '--model', '$TMP'], exit: 2, stderr: '^ppcheck: model file is not a file: .*$' });
add({ id: 'model-syntax', class: 'options', argv: ['check', '--model', '$TMP/broken.ts'], setup: { 'broken.ts': { text: 'export const family = {;\n' } }, exit: 2, stderr: '^ppcheck: error in model file .*broken\\.ts:1:\\d+: .*$' });
add({ id: 'model-no-family', class: 'options', argv: ['check', '--model', '$TMP/empty.ts'], setup: { 'empty.ts': { text: 'export const x = 1;\n' } }, exit: 2, stderr: "^ppcheck: model file .*empty\\.ts: export 'family' is missing$" });
add({ id: 'model-top-level-throw', class: 'options', argv: ['check', '--model', '$TMP/top.ts'], setup: { 'top.ts': { text: "throw 'no family today';\nexport const family = 1;\n" } }, exit: 2, stderr: '^ppcheck: error in model file .*top\\.ts.*no family today.*$' });

// ------------------------------------------------------------------ workers: a cap, and its message
// (the page_pool model: the toy family has a bound named workers, whose flag takes --workers' place)
for (const v of ['0', '999', '100000', '-2', 'many']) {
  add({ id: `workers-${v}`, class: 'workers', argv: ['check', '--scenario', 'xdp', '--workers', v], exit: 2, stderr: OPT('--workers') });
}
add({ id: 'workers-random-mode', class: 'workers', argv: ['check', '--scenario', 'xdp', '--workers', '2', '--mode', 'random'], exit: 2, stderr: '^ppcheck: --workers needs --mode bfs.*$' });
add({ id: 'workers-property', class: 'workers', argv: ['check', '--scenario', 'xdp', '--workers', '2', '--property', 'pp-ownership'], exit: 2, stderr: '^ppcheck: --workers cannot be combined with --property$' });

// ------------------------------------------------------------------ memory limit option
for (const v of ['0', '63', '-5', 'lots', '1.5', '99999999999']) {
  add({ id: `max-memory-${v}`, class: 'memory', argv: check('--max-memory', v), exit: 2, stderr: OPT('--max-memory') });
}
add({ id: 'max-memory-ok', class: 'memory', argv: check('--scenario', 'pair', '--max-memory', '4096', '--json'), exit: 0, stderr: null, json: { ending: 'verified' } });
// the limit reached by the search itself (this process is above 64 MiB already): cut short, memory, with a partial result
add({ id: 'max-memory-reached', class: 'memory', argv: ['check', '--scenario', 'rx-recycle', '--max-memory', '64', '--json'], exit: 3, stderr: null, json: { ending: 'cut-short', stoppedBy: 'memory', complete: false } });
add({ id: 'max-memory-reached-random', class: 'memory', argv: check('--scenario', 'trio', '--mode', 'random', '--runs', '100000', '--max-memory', '64', '--json'), exit: 3, stderr: null, json: { ending: 'cut-short', stoppedBy: 'memory' } });
add({ id: 'suite-max-memory-bad', class: 'memory', argv: ['suite', '--model', MODEL, '--max-memory', '1'], exit: 2, stderr: OPT('--max-memory') });

// ------------------------------------------------------------------ files: whole or absent, never over an input
add({ id: 'out-written', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/new.itf.json'), exit: 12, stderr: null, leaves: ['new.itf.json'] });
add({ id: 'out-no-violation', class: 'files', argv: check('--scenario', 'pair', '--out', '$TMP/new.itf.json'), exit: 0, stderr: null });
add({ id: 'out-equals-model', class: 'files', argv: ['check', '--model', '$TMP/model.ts', '--variant', 'racy', '--out', '$TMP/model.ts'], setup: { 'model.ts': { text: "export { family } from '$REPO/test/cli/fixtures/toy.ts';\n" } }, exit: 2, stderr: '^ppcheck: cannot write trace file .*model\\.ts: it is an input of this run .*$', unchanged: ['model.ts'] });
add({ id: 'out-equals-model-other-spelling', class: 'files', argv: ['check', '--model', MODEL, '--variant', 'racy', '--out', './test/cli/../cli/fixtures/toy.ts'], exit: 2, stderr: '^ppcheck: cannot write trace file .*: it is an input of this run .*$' });
add({ id: 'out-no-dir', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/nodir/x.itf.json'), exit: 2, stderr: '^ppcheck: cannot write trace file .*: no directory .*$' });
add({ id: 'out-is-dir', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP'), exit: 2, stderr: '^ppcheck: cannot write trace file .*: it is a directory$' });
add({ id: 'out-under-a-file', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/trace.itf.json/x.json'), setup: { 'trace.itf.json': { trace: [] } }, exit: 2, stderr: '^ppcheck: cannot write trace file .*: no directory .*$', unchanged: ['trace.itf.json'] });
add({ id: 'out-proc', class: 'files', argv: check('--variant', 'racy', '--out', '/proc/ppcheck.itf.json'), exit: 2, stderr: '^ppcheck: cannot write trace file /proc/ppcheck\\.itf\\.json: directory /proc takes no new file .*$' });
add({ id: 'out-disk-full-simulated', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/trace.itf.json'), setup: { 'trace.itf.json': { trace: [] } }, env: { PPCHECK_FAULT_WRITE: 'ENOSPC' }, exit: 2, stderr: '^ppcheck: cannot write trace file .*trace\\.itf\\.json: ENOSPC$', unchanged: ['trace.itf.json'], stdout: 'VIOLATION' });
add({ id: 'out-eio-simulated', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/new.itf.json', '--json'), env: { PPCHECK_FAULT_WRITE: 'EIO' }, exit: 2, stderr: '^ppcheck: cannot write trace file .*new\\.itf\\.json: EIO$', json: { verdict: 'violation', ending: 'input-error', exitCode: 2 } });
add({ id: 'out-replaces-whole', class: 'files', argv: check('--variant', 'racy', '--out', '$TMP/trace.itf.json'), setup: { 'trace.itf.json': { text: 'old' } }, exit: 12, stderr: null });
add({ id: 'merge-out-equals-input', class: 'files', argv: ['merge', '$TMP/a.json', '--out', '$TMP/a.json'], setup: { 'a.json': { text: '{}' } }, exit: 2, stderr: '^ppcheck: cannot write merge result .*a\\.json: it is an input of this run .*$', unchanged: ['a.json'] });
add({ id: 'merge-out-no-dir', class: 'files', argv: ['merge', '$TMP/a.json', '--out', '$TMP/no/m.json'], setup: { 'a.json': { text: '{}' } }, exit: 2, stderr: '^ppcheck: cannot write merge result .*: no directory .*$' });

// ------------------------------------------------------------------ model code: any thrown value, nondeterminism, bad bounds
for (const v of ['throw-string', 'throw-number', 'throw-null', 'throw-undefined', 'throw-object', 'throw-cyclic', 'throw-in-actions', 'throw-in-invariant', 'throw-in-encode', 'throw-in-label']) {
  add({ id: `model-${v}`, class: 'model-code', argv: ['check', '--model', FAULTY, '--variant', v], exit: 2, stderr: `^ppcheck: ${FAULTY.replace(/\./g, '\\.')}: model code failed: .* threw: .*\\(pair\\)$`, stdout: 'result +ERROR' });
  add({ id: `model-${v}-json`, class: 'model-code', argv: ['check', '--model', FAULTY, '--variant', v, '--json'], exit: 2, stderr: `^ppcheck: ${FAULTY.replace(/\./g, '\\.')}: model code failed: .*$`, json: { verdict: 'error', ending: 'input-error', exitCode: 2 } });
}
for (const v of ['throw-error', 'throw-in-init']) {
  add({ id: `model-${v}-line`, class: 'model-code', argv: ['check', '--model', FAULTY, '--variant', v], exit: 2, stderr: `^ppcheck: .*faulty\\.ts: model code failed: .* threw: .*\\(at test/faults/fixtures/faulty\\.ts:\\d+:\\d+\\) \\(pair\\)$` });
}
for (const v of ['math-random', 'hidden-counter']) {
  for (const mode of ['bfs', 'dfs']) {
    add({ id: `model-${v}-${mode}`, class: 'model-code', argv: ['check', '--model', FAULTY, '--variant', v, '--mode', mode], exit: 2, stderr: '^ppcheck: .*faulty\\.ts: step\\(worker\\d atomic_inc\\) is not deterministic: .*$' });
  }
}
add({ id: 'model-bound-named-json', class: 'model-code', argv: ['check', '--model', 'test/faults/fixtures/bound-json.ts'], exit: 2, stderr: "^ppcheck: .*bound-json\\.ts: model family bound-json: bound 'json' cannot be a flag of check .*$" });
add({ id: 'model-bound-named-max-memory', class: 'model-code', argv: ['check', '--model', 'test/faults/fixtures/bound-max-memory.ts'], exit: 2, stderr: "^ppcheck: .*bound-max-memory\\.ts: model family bound-max-memory: bound 'maxMemory' cannot be a flag of check .*$" });
add({ id: 'proposal-math-random', class: 'model-code', argv: ['check', '--model', 'test/faults/fixtures/random-proposal.ts'], exit: 2, stderr: '^ppcheck: .*random-proposal\\.ts: step\\(.*napi_pp_put_page.*\\) is not deterministic: .*$' });

// ------------------------------------------------------------------ traces: checked whole before anything runs
const replayBad = (id: string, edits: TraceEdit[], stderr: string, showExit: 0 | 2 = 2): void => {
  add({ id: `replay-${id}`, class: 'trace', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL], setup: { 't.itf.json': { trace: edits } }, exit: 2, stderr });
  // show needs no model: what it cannot check (bounds, reproduction) it prints as data
  add({ id: `show-${id}`, class: 'trace', argv: ['show', '$TMP/t.itf.json'], setup: { 't.itf.json': { trace: edits } }, exit: showExit, stderr: showExit === 0 ? null : stderr });
};
replayBad('truncated-states', [{ truncateStates: 3 }], '^ppcheck: .*t\\.itf\\.json: does not reproduce on its own variant racy: its 2 steps replay without violating no-lost-update \\(the trace is cut short, or the model changed\\)$', 0);
replayBad('only-initial-state', [{ truncateStates: 1 }], '^ppcheck: .*t\\.itf\\.json: does not reproduce on its own variant racy: its 0 steps replay .*$', 0);
replayBad('bound-huge', [{ set: ['#meta.bounds.workers', 50000000] }], '^ppcheck: .*t\\.itf\\.json: #meta\\.bounds\\.workers: 50000000 is out of range 1\\.\\.4$', 0);
replayBad('bound-negative', [{ set: ['#meta.bounds.incs', -1] }], '^ppcheck: .*t\\.itf\\.json: #meta\\.bounds\\.incs: -1 is out of range 1\\.\\.3$', 0);
replayBad('bound-unknown', [{ set: ['#meta.bounds.json', 1] }], '^ppcheck: .*t\\.itf\\.json: #meta\\.bounds\\.json: not a bound of toy .*$', 0);
replayBad('bound-missing', [{ delete: '#meta.bounds.incs' }], '^ppcheck: .*t\\.itf\\.json: #meta\\.bounds\\.incs: missing$', 0);
replayBad('nested-2000', [{ nest: 2000 }], '^ppcheck: .*t\\.itf\\.json: JSON nested more than 100 levels deep at position \\d+$');
replayBad('nested-101', [{ nest: 101 }], '^ppcheck: .*t\\.itf\\.json: JSON nested more than 100 levels deep at position \\d+$');
replayBad('cut-text', [{ cutText: 200 }], '^ppcheck: .*t\\.itf\\.json: malformed JSON at position \\d+ .*$');
replayBad('empty', [{ text: '' }], '^ppcheck: .*t\\.itf\\.json: empty file$');
replayBad('not-json', [{ text: 'hello' }], '^ppcheck: .*t\\.itf\\.json: malformed JSON.*$');
replayBad('array', [{ text: '[1,2]' }], '^ppcheck: .*t\\.itf\\.json: not an ITF trace: .*$');
replayBad('no-meta', [{ delete: '#meta' }], '^ppcheck: .*t\\.itf\\.json: not a ppcheck trace: .*$');
replayBad('missing-action', [{ delete: 'states.2.#meta.action' }], '^ppcheck: .*t\\.itf\\.json: states\\[2\\]\\.#meta\\.action: missing$');
replayBad('index-out-of-order', [{ set: ['states.1.#meta.index', 5] }], '^ppcheck: .*t\\.itf\\.json: states\\[1\\]\\.#meta\\.index: is 5, expected 1 .*$');
replayBad('states-not-array', [{ set: ['states', 'many'] }], '^ppcheck: .*t\\.itf\\.json: states: expected an array.*$');
replayBad('no-states', [{ set: ['states', []] }], '^ppcheck: .*t\\.itf\\.json: states: empty: .*$');
replayBad('label-not-string', [{ set: ['states.1.#meta.action-label', 7] }], '^ppcheck: .*t\\.itf\\.json: states\\[1\\]\\.#meta\\.action-label: expected a string.*$');
replayBad('float-in-state', [{ set: ['states.0.counter', 0.5] }], '^ppcheck: .*t\\.itf\\.json: states\\[0\\]\\.counter: 0\\.5 is not an integer$');
replayBad('null-in-state', [{ set: ['states.0.counter', null] }], '^ppcheck: .*t\\.itf\\.json: states\\[0\\]\\.counter: null is not an ITF value$');
add({ id: 'replay-no-file', class: 'trace', argv: ['replay', '$TMP/none.itf.json', '--model', MODEL], exit: 2, stderr: '^ppcheck: .*none\\.itf\\.json: no such file$' });
add({ id: 'show-no-file', class: 'trace', argv: ['show', '$TMP/none.itf.json'], exit: 2, stderr: '^ppcheck: .*none\\.itf\\.json: no such file$' });
add({ id: 'show-dir', class: 'trace', argv: ['show', '$TMP'], exit: 2, stderr: '^ppcheck: .*: is a directory$' });
add({ id: 'show-bad-format', class: 'trace', argv: ['show', '$TMP/t.itf.json', '--format', 'pdf'], setup: { 't.itf.json': { trace: [] } }, exit: 2, stderr: '^ppcheck: --format must be one of .*$' });
// a trace of another model version replays by its actions (issue #20: old files keep replaying), and says so
add({ id: 'replay-other-model-version', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL], setup: { 't.itf.json': { trace: [{ set: ['#meta.model-version', '99'] }] } }, exit: 12, stderr: null, stdout: 'recorded by toy model version 99, replayed on version 1' });
add({ id: 'replay-reproduces', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL], setup: { 't.itf.json': { trace: [] } }, exit: 12, stderr: null, stdout: 'reproduced: no-lost-update' });
add({ id: 'replay-fixed-variant', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL, '--variant', 'mainline'], setup: { 't.itf.json': { trace: [] } }, exit: 0, stderr: null, stdout: 'no longer violates' });
add({ id: 'replay-truncated-other-variant', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL, '--variant', 'mainline'], setup: { 't.itf.json': { trace: [{ truncateStates: 3 }] } }, exit: 0, stderr: null });
add({ id: 'replay-json-truncated-2', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL, '--json'], setup: { 't.itf.json': { trace: [{ truncateStates: 2 }] } }, exit: 2, stderr: '^ppcheck: .*does not reproduce on its own variant.*$' });
add({ id: 'replay-faulty-model', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', FAULTY, '--variant', 'racy-throw'], setup: { 't.itf.json': { trace: [{ set: ['#meta.model', 'faulty'] }] } }, exit: 2, stderr: '^ppcheck: .*faulty\\.ts: model code failed while replaying .* at step \\d+: a thrown string .*$' });
add({ id: 'replay-nondeterministic-model', class: 'replay', argv: ['replay', '$TMP/t.itf.json', '--model', FAULTY, '--variant', 'racy-hidden-counter'], setup: { 't.itf.json': { trace: [{ set: ['#meta.model', 'faulty'] }] } }, exit: 2, stderr: '^ppcheck: .*faulty\\.ts: model code failed while replaying .*: step\\(worker\\d .*\\) is not deterministic.*$' });

// ------------------------------------------------------------------ hostile strings: printed as data
const ESC = '\u001b';
const hostile: TraceEdit[] = [
  { set: ['states.1.#meta.action-label', `${ESC}]0;pwned${ESC}\\ read\nresult     OK: no violation`] },
  { set: ['states.1.#meta.changes', [`${ESC}[2J${ESC}[31mcleared\r\nresult OK`, '\u009b31m C1 CSI', 'bell\u0007']] },
  { set: ['states.2.#meta.actor', { actor: `cpu0${ESC}[8m`, context: 'soft\nirq', fn: 'f%%{init: {"theme":"dark"}}%%', args: 'end' }] },
  { set: ['#meta.command', `npx ppcheck check\n${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`] },
  { set: ['#meta.reason', `lost\u2028update\u202e gnp.exe`] },
  { set: ['#meta.scenario', 'pair\nresult     OK'] },
];
for (const format of ['text', 'columns', 'mermaid', 'json']) {
  add({
    id: `show-hostile-${format}`,
    class: 'sanitize',
    argv: ['show', '$TMP/t.itf.json', '--format', format],
    setup: { 't.itf.json': { trace: hostile } },
    exit: 0,
    stderr: null,
    // no control character but the newline, no C1, no separators or bidi overrides; no forged report line
    // (a Mermaid directive `%%{…}%%` only matters in Mermaid)
    stdoutNot: `[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e]|^\\s*result${format === 'mermaid' ? '|%%\\{' : ''}`,
  });
}
add({ id: 'show-command-quoted', class: 'sanitize', argv: ['show', '$TMP/t.itf.json'], setup: { 't.itf.json': { trace: [{ set: ['#meta.command', 'rm -rf / # found'] }] } }, exit: 0, stderr: null, stdout: '^found by: "rm -rf / # found"$' });
add({ id: 'show-mermaid-keyword', class: 'sanitize', argv: ['show', '$TMP/t.itf.json', '--format', 'mermaid'], setup: { 't.itf.json': { trace: [{ set: ['states.1.#meta.actor', { actor: 'end', fn: 'participant', context: 'loop' }] }] } }, exit: 0, stderr: null, stdoutNot: 'as (end|loop)\\b' });
add({ id: 'replay-hostile-label', class: 'sanitize', argv: ['replay', '$TMP/t.itf.json', '--model', MODEL], setup: { 't.itf.json': { trace: [{ set: ['#meta.scenario', 'pair'] }, { set: ['#meta.reason', `x${ESC}[31m\nresult OK`] }] } }, exit: 12, stderr: null, stdoutNot: '[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]' });

// ------------------------------------------------------------------ merge: endings of combined shards
add({ id: 'merge-no-file', class: 'merge', argv: ['merge', '$TMP/none.json'], exit: 2, stderr: '^ppcheck: cannot read .*none\\.json: ENOENT$' });
add({ id: 'merge-bad-json', class: 'merge', argv: ['merge', '$TMP/a.json'], setup: { 'a.json': { text: '{' } }, exit: 2, stderr: '^ppcheck: .*a\\.json: malformed JSON .*$' });
add({ id: 'merge-not-result', class: 'merge', argv: ['merge', '$TMP/a.json'], setup: { 'a.json': { text: '[1]' } }, exit: 2, stderr: '^ppcheck: .*a\\.json: not a ppcheck JSON result.*$' });

export const CASES: readonly FaultCase[] = cases;
