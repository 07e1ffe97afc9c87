/**
 * Parsers for numeric flags (commander argParsers). A malformed value throws
 * commander's InvalidArgumentError, which the CLI turns into one line, exit 2.
 */
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

/** A 32-bit unsigned seed. */
export function parseSeed(value: string): number {
  const n = integerAtLeast(0)(value);
  if (n > 0xffffffff) throw new InvalidArgumentError(`expected an integer in 0..4294967295`);
  return n;
}

/** Seconds: a positive decimal number. */
export function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError(`expected a number of seconds`);
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a positive number of seconds`);
  return n;
}

/** The flag of a bound: its name in kebab case ("cpus" → --cpus, "cacheSize" → --cache-size). */
export function boundFlag(name: string): string {
  return `--${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}
