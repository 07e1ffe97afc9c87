/**
 * The oracle models by TLA+ module name, built from the CONSTANTS of a
 * configuration as recorded in test/oracle/manifest.json.
 */
import type { Model } from '../../../src/engine/model.ts';
import { internalMemoryModel, writeThroughCacheModel } from './CachingMemory.ts';
import { chameneosModel } from './Chameneos.ts';
import { coffeeCanModel } from './CoffeeCan.ts';
import { dieHardModel } from './DieHard.ts';
import { diningPhilosophersModel } from './DiningPhilosophers.ts';
import { ewd840Model } from './EWD840.ts';
import { readersWritersModel } from './ReadersWriters.ts';
import { tCommitModel } from './TCommit.ts';
import { twoPhaseModel } from './TwoPhase.ts';
import { votingModel } from './Voting.ts';

export type Constants = Record<string, number>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any, any>;

function need(c: Constants, name: string): number {
  const v = c[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`constant ${name} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

export const ORACLE_MODELS: Readonly<Record<string, (c: Constants) => AnyModel>> = {
  DieHard: () => dieHardModel(),
  TCommit: (c) => tCommitModel(need(c, 'RM')),
  TwoPhase: (c) => twoPhaseModel(need(c, 'RM')),
  EWD840: (c) => ewd840Model(need(c, 'N')),
  ReadersWriters: (c) => readersWritersModel(need(c, 'NumActors')),
  Chameneos: (c) => chameneosModel(need(c, 'N'), need(c, 'M')),
  CoffeeCan: (c) => coffeeCanModel(need(c, 'MaxBeanCount')),
  DiningPhilosophers: (c) => diningPhilosophersModel(need(c, 'NP')),
  InternalMemory: (c) => internalMemoryModel({ proc: need(c, 'Proc'), adr: need(c, 'Adr'), val: need(c, 'Val') }),
  Voting: (c) =>
    votingModel({ acceptors: need(c, 'Acceptor'), values: need(c, 'Value'), ballots: need(c, 'Ballot'), symmetry: true }),
  WriteThroughCache: (c) =>
    writeThroughCacheModel({ proc: need(c, 'Proc'), adr: need(c, 'Adr'), val: need(c, 'Val'), qlen: need(c, 'QLen') }),
};

export function buildOracleModel(spec: string, constants: Constants): AnyModel {
  const f = ORACLE_MODELS[spec];
  if (!f) throw new Error(`no oracle model for spec ${spec}`);
  return f(constants);
}
