/**
 * Output targets, checked before a run (checkOutputTarget): the directory
 * exists and takes a new file, and the target is none of the run's inputs (a
 * model file, a trace). Files are then written whole (src/write-whole.ts).
 */
import { closeSync, existsSync, openSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { tempName } from '../write-whole.ts';
import { UsageError } from './exit.ts';

export { writeFileWhole } from '../write-whole.ts';

/** The same file? (by real path, or by device and inode when both exist) */
export function sameFile(a: string, b: string): boolean {
  const ra = resolve(a);
  const rb = resolve(b);
  if (ra === rb) return true;
  try {
    const sa = statSync(ra);
    const sb = statSync(rb);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    try {
      return realpathSync(dirname(ra)) === realpathSync(dirname(rb)) && basename(ra) === basename(rb);
    } catch {
      return false;
    }
  }
}

/**
 * Refuse, before the run, an output target that cannot be written whole
 * (no directory, a directory, a directory that takes no new file) or that
 * is one of the run's inputs.
 */
export function checkOutputTarget(file: string, what: string, inputs: readonly string[]): void {
  for (const input of inputs) {
    if (sameFile(file, input)) throw new UsageError(`cannot write ${what} ${file}: it is an input of this run (${input}); choose another file`);
  }
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write ${what} ${file}: no directory ${dirname(file)}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`cannot write ${what} ${file}: it is a directory`);
  // the directory must take a new file (the temporary one): try it
  const probe = tempName(file);
  try {
    closeSync(openSync(probe, 'wx', 0o644));
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write ${what} ${file}: directory ${dirname(file)} takes no new file (${code})`);
  }
}
