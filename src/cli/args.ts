/**
 * Parsers for numeric flags (commander argParsers). A malformed value throws
 * commander's InvalidArgumentError, which the CLI turns into one line, exit 2.
 */
import { availableParallelism, totalmem } from 'node:os';
import { InvalidArgumentError } from 'commander';

/** A safe integer ≥ min, written in decimal (no "1e3", "0x10", "2.0"). */
export function integerAtLeast(min: number): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer`);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`integer too large`);
    if (n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

/** A bound's value: one of its names (BoundSpec.names: value min + index) or an integer. */
export function boundValue(spec: { min: number; names?: readonly string[] }): (value: string) => number {
  const int = integerAtLeast(Number.MIN_SAFE_INTEGER);
  return (value: string) => {
    const i = spec.names?.indexOf(value.trim()) ?? -1;
    if (i >= 0) return spec.min + i;
    if (spec.names && !/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected one of ${spec.names.join(', ')}`);
    return int(value);
  };
}

/** A 32-bit unsigned seed. */
export function parseSeed(value: string): number {
  const n = integerAtLeast(0)(value);
  if (n > 0xffffffff) throw new InvalidArgumentError(`expected an integer in 0..4294967295`);
  return n;
}

/**
 * The longest time limit the platform can keep: Node's timers hold at most
 * 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms.
 */
export const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Seconds: a positive decimal number, at most MAX_SECONDS. */
export function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError(`expected a number of seconds`);
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a positive number of seconds`);
  if (n > MAX_SECONDS) throw new InvalidArgumentError(`at most ${MAX_SECONDS} seconds (about 24.8 days, the longest timer Node supports)`);
  if (n < 0.001) throw new InvalidArgumentError(`at least 0.001 seconds`);
  return n;
}

/** The default memory limit: half the machine's memory, in MiB. */
export function defaultMaxMemoryMiB(): number {
  return Math.floor(totalmem() / 2 / 2 ** 20);
}

/** --max-memory: MiB, at least 64, at most the machine's memory. */
export function parseMaxMemory(value: string): number {
  const n = integerAtLeast(64)(value);
  const total = Math.floor(totalmem() / 2 ** 20);
  if (n > total) throw new InvalidArgumentError(`at most ${total} (this machine's memory in MiB)`);
  return n;
}

/** The most worker threads --workers may start: the machine's available parallelism. */
export function maxWorkers(): number {
  return availableParallelism();
}

/** --workers: 1 ≤ n ≤ maxWorkers(). */
export function parseWorkers(value: string): number {
  const n = integerAtLeast(1)(value);
  const max = maxWorkers();
  if (n > max) throw new InvalidArgumentError(`at most ${max} (the CPUs available to this process, os.availableParallelism())`);
  return n;
}

/** The flag of a bound: its name in kebab case ("cpus" → --cpus, "cacheSize" → --cache-size). */
export function boundFlag(name: string): string {
  return `--${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}
