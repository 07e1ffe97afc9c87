/**
 * The data of a trace: what its writer knew about the run (TraceMeta) and a
 * trace as read back from a file (Recorded). Types only, shared by the ITF
 * reader/writer (itf.ts) and the printable view (printable.ts), so that
 * neither imports the other's module for them.
 */
import type { ActionActor, Culprit } from '../engine/model.ts';
import type { Json } from './values.ts';

/** What the writer of a trace knows about the run that found it. */
export interface TraceMeta {
  /** model name, e.g. "page_pool" */
  model: string;
  /** ModelFamily.version */
  modelVersion: string;
  variant: string;
  scenario: string;
  bounds: Record<string, number>;
  mode?: string;
  seed?: number;
  property: string;
  /** the property's statement in kernel words, if known */
  propertyDescription?: string;
  reason: string;
  /** true when the property is a terminal (quiescence) one */
  terminal?: boolean;
  /** the `ppcheck check …` command line that finds this trace, if known */
  command?: string;
  /** a lasso (liveness counterexample): the index of the state the last state returns to (ITF `loop`) */
  loopStart?: number;
  /** the `--model` file of that command (as given), when the model is not the shipped one: `replay` and `show` load it */
  modelPath?: string;
}

export interface RecordedMeta extends TraceMeta {
  toolVersion: string;
  /** the culprit steps the writer's model found (Model.explain), if any */
  culprits?: Culprit[];
}

export interface RecordedStep {
  index: number;
  /** null for the initial state */
  action: Json;
  label: string;
  /** index among the enabled actions of the previous state; for step 0 the index into init() */
  actionIndex: number;
  actor?: ActionActor;
  changes?: string[];
  /** the fields the step read (Model.describeRead), if recorded */
  reads?: string[];
  fingerprint?: bigint;
  state: Json;
}

/** A trace as read back from a file: plain data, validated. */
export interface Recorded {
  meta: RecordedMeta;
  vars: string[];
  initIndex: number;
  steps: RecordedStep[];
  /** ITF `loop`: a lasso whose last state is the state at this index */
  loopStart?: number;
}
