/** Counterexample traces: ITF files, replay, and the text/Mermaid/JSON printers. */
export { TraceFileError } from './errors.ts';
export {
  traceToItf,
  itfToText,
  itfToRecorded,
  parseTraceText,
  readTraceFile,
  writeTraceFile,
  checkModelVersion,
  type TraceMeta,
  type Recorded,
  type RecordedMeta,
  type RecordedStep,
  type ItfTrace,
} from './itf.ts';
export { replayRecorded, type ReplayOutcome, type Divergence, type FoundViolation } from './replay.ts';
export { printableFromTrace, printableFromRecorded, type PrintableTrace, type PrintableStep } from './printable.ts';
export { traceToText, stepLines, violationLine, replayCommand, describeRun, type TextHeader, type TextOptions } from './text.ts';
export { traceToMermaid } from './mermaid.ts';
export { traceToColumns } from './columns.ts';
export { traceToJson, traceToJsonData, toJsonText } from './json.ts';
export { toolVersion } from './version.ts';
