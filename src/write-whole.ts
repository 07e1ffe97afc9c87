/**
 * Files ppcheck writes are whole or absent: each is written to a temporary
 * file in the same directory, flushed, then renamed over the target (rename
 * is atomic within a directory), so a full disk, a crash or an interrupt
 * leaves the old file as it was, never a truncated one. Used by every writer:
 * trace files (check --out, diff), merge --out, the bench's results.json.
 *
 * Test seam: PPCHECK_FAULT_WRITE=<errno code> (e.g. ENOSPC) makes the write
 * of the temporary file fail after its first bytes, as a full disk does;
 * test/faults uses it where no small tmpfs can be mounted.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export function tempName(file: string): string {
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

