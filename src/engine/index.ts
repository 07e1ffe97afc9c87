/** The public API of the exploration engine. */
export type * from './model.ts';
export type * from './result.ts';
export { explore } from './explore.ts';
export { normalizeOptions, OptionsError, DEFAULT_BOUNDED_DEPTH, DEFAULT_RUNS } from './options.ts';
export { fingerprintOf, fpToBigInt, fpToHex, FingerprintWriter } from './fingerprint.ts';
export { replayPath, replayActions, canonicalJson, isReplayError, INIT_LABEL } from './replay.ts';
export type { ReplayError, ReplayErrorCause } from './replay.ts';
export { createPrng } from './prng.ts';
export type { Prng } from './prng.ts';
export { VisitedSet, NO_PARENT } from './visited.ts';
export { CompactVisitedSet, FingerprintDepthMap, FingerprintSet } from './fpset.ts';
export type { ReplayExpectation } from './fpset.ts';
export { exploreParallel } from './parallel.ts';
export type { ModelSpec } from './parallel-protocol.ts';
export { compileCodec } from './codec.ts';
export type { Codec } from './codec.ts';
export { PackedQueue } from './packed-queue.ts';
