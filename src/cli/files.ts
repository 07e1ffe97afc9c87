/**
 * Files ppcheck writes are whole or absent: each is written to a temporary
 * file in the same directory, flushed, then renamed over the target (rename
 * is atomic within a directory), so a full disk, a crash or an interrupt
 * leaves the old file as it was, never a truncated one. Targets are checked
 * before a run (checkOutputTarget): the directory exists and takes a new
 * file, and the target is none of the run's inputs (a model file, a trace).
 *
 * Test seam: PPCHECK_FAULT_WRITE=<errno code> (e.g. ENOSPC) makes the write
 * of the temporary file fail after its first bytes, as a full disk does;
 * test/faults uses it where no small tmpfs can be mounted.
 */
import { closeSync, existsSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './exit.ts';

function tempName(file: string): string {
  return join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.${Math.floor(performance.now() * 1000) % 1e9}.tmp`);
}

function injectedFault(): NodeJS.ErrnoException | undefined {
  const code = process.env.PPCHECK_FAULT_WRITE;
  if (!code) return undefined;
  const e = new Error(`${code}: simulated write error (PPCHECK_FAULT_WRITE)`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** Write `text` to `file` whole (temporary file + rename). Throws the file system's error (with its `code`). */
export function writeFileWhole(file: string, text: string, _what = 'file'): void {
  const tmp = tempName(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const buf = Buffer.from(text, 'utf8');
    const fault = injectedFault();
    if (fault) {
      writeSync(fd, buf, 0, Math.min(buf.length, 16));
      throw fault;
    }
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      // nothing more to do: the target is untouched
    }
    throw e;
  }
}

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
