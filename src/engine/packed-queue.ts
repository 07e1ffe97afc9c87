/**
 * A FIFO of packed states (Model.pack / Model.unpack) in one growable
 * Int32Array: the BFS frontier without an object graph for the garbage
 * collector to trace and promote. `push(s)` packs at the tail; `shift()`
 * unpacks at the head. The consumed prefix is dropped when it is more than
 * half of the buffer.
 *
 * With Model.packWords / unpackWords the states are stored and read straight
 * in the array; else through `pack`/`unpack` with this queue as the
 * StateWriter / StateReader. BFS may hash the state pushed last in place
 * (`words()`, `lastStart()`, `end()`) and take it back (`dropLast()`) when it
 * was seen before.
 */
import type { Model, StateReader, StateWriter } from './model.ts';

export class PackedQueue<S> implements StateWriter, StateReader {
  private buf = new Int32Array(1 << 16);
  private tail = 0;
  private head = 0;
  private count = 0;
  /** where the state being pushed starts (kept up to date by makeRoom) */
  private pushStart = 0;
  /** the words of the state shifted last (readable until the next push) */
  private shiftStart = 0;
  private shiftEnd = 0;
  private readonly cursor = { pos: 0 };
  private scratch = new Int32Array(256);
  private readonly matcher = new WordMatcher();
  private readonly packWords: ((s: S, words: Int32Array, at: number) => number) | undefined;
  private readonly unpackWords: ((words: Int32Array, cursor: { pos: number }) => S) | undefined;
  private readonly unpackWordsInto: ((words: Int32Array, cursor: { pos: number }, into: S) => void) | undefined;
  /** a copy of the words of the state shifted last by shiftInto (for restoreShifted) */
  private shifted = new Int32Array(256);

  constructor(private readonly model: Model<S, unknown>) {
    if (model.packWords && model.unpackWords) {
      this.packWords = model.packWords;
      this.unpackWords = model.unpackWords;
      if (model.unpackWordsInto) this.unpackWordsInto = model.unpackWordsInto;
    }
  }

  /**
   * shift(), but into `into` (a state object of this model, reused) when given,
   * and keep a copy of the state's words for restoreShifted (Model.unpackWordsInto).
   */
  shiftInto(into: S | undefined): S {
    const from = this.head;
    let s: S;
    if (into === undefined) s = this.shift();
    else {
      this.shiftStart = from;
      this.cursor.pos = from;
      (this.unpackWordsInto as (words: Int32Array, cursor: { pos: number }, into: S) => void)(this.buf, this.cursor, into);
      this.head = this.cursor.pos;
      this.shiftEnd = this.head;
      s = into;
      this.count--;
    }
    const len = this.shiftEnd - from;
    if (this.shifted.length < len) this.shifted = new Int32Array(2 * len);
    const buf = this.buf;
    const copy = this.shifted;
    for (let i = 0; i < len; i++) copy[i] = buf[from + i];
    if (this.count === 0) {
      this.head = 0;
      this.tail = 0;
    }
    return s;
  }

  /** Refill `into` with the state shifted last by shiftInto (its words were kept). */
  restoreShifted(into: S): void {
    this.cursor.pos = 0;
    (this.unpackWordsInto as (words: Int32Array, cursor: { pos: number }, into: S) => void)(this.shifted, this.cursor, into);
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held by the buffer. */
  get bytes(): number {
    return this.buf.byteLength;
  }

  push(s: S): void {
    this.pushStart = this.tail;
    const packWords = this.packWords;
    if (packWords) {
      let end = packWords(s, this.buf, this.tail);
      while (end < 0) {
        this.makeRoom();
        end = packWords(s, this.buf, this.tail);
      }
      this.tail = end;
    } else {
      try {
        (this.model.pack as (s: S, w: StateWriter) => void)(s, this);
      } catch (e) {
        this.tail = this.pushStart; // drop a partly packed state
        throw e;
      }
    }
    this.count++;
  }

  /** The buffer and the bounds of the state pushed last (`words()[lastStart()..end())`, valid until the next push). */
  words(): Int32Array {
    return this.buf;
  }
  lastStart(): number {
    return this.pushStart;
  }
  end(): number {
    return this.tail;
  }

  /** Take back the state pushed last (BFS: it was hashed in place and found already visited). */
  dropLast(): void {
    this.tail = this.pushStart;
    this.count--;
  }

  shift(): S {
    this.shiftStart = this.head;
    let s: S;
    const unpackWords = this.unpackWords;
    if (unpackWords) {
      this.cursor.pos = this.head;
      s = unpackWords(this.buf, this.cursor);
      this.head = this.cursor.pos;
    } else s = (this.model.unpack as (r: StateReader) => S)(this);
    this.shiftEnd = this.head;
    this.count--;
    if (this.count === 0) {
      this.head = 0;
      this.tail = 0;
    }
    return s;
  }

  /**
   * Whether packing `s` gives exactly the words of the state shifted last
   * (call before the next push): BFS checks that unpack rebuilt the state
   * that pack wrote, by comparing words instead of hashing them again.
   */
  packsAsLastShifted(s: S): boolean {
    const from = this.shiftStart;
    const len = this.shiftEnd - from;
    const packWords = this.packWords;
    if (packWords) {
      if (this.scratch.length < len + 1) this.scratch = new Int32Array(2 * len + 1);
      let end = packWords(s, this.scratch, 0);
      // -1: packWords wants more room than the scratch has (it asks for its worst case first)
      while (end < 0) {
        this.scratch = new Int32Array(2 * this.scratch.length + 16);
        end = packWords(s, this.scratch, 0);
      }
      if (end !== len) return false; // longer or shorter
      const buf = this.buf;
      const sc = this.scratch;
      for (let i = 0; i < len; i++) if (sc[i] !== buf[from + i]) return false;
      return true;
    }
    const m = this.matcher;
    m.reset(this.buf, from, this.shiftEnd);
    (this.model.pack as (s: S, w: StateWriter) => void)(s, m);
    return m.matched();
  }

  int(n?: number): number {
    if (n === undefined) return this.buf[this.head++];
    if ((n | 0) !== n) throw new RangeError(`pack: ${n} does not fit in 32 bits`);
    if (this.tail === this.buf.length) this.makeRoom();
    this.buf[this.tail++] = n;
    return n;
  }

  bool(b?: boolean): boolean {
    if (b === undefined) return this.buf[this.head++] !== 0;
    if (typeof b !== 'boolean') throw new RangeError(`pack: ${String(b)} is not a boolean`);
    if (this.tail === this.buf.length) this.makeRoom();
    this.buf[this.tail++] = b ? 1 : 0;
    return b;
  }

  private makeRoom(): void {
    if (this.head * 2 >= this.buf.length) {
      this.buf.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.pushStart -= this.head;
      this.head = 0;
      return;
    }
    const b = new Int32Array(this.buf.length * 2);
    b.set(this.buf.subarray(this.head, this.tail));
    this.tail -= this.head;
    this.pushStart -= this.head;
    this.head = 0;
    this.buf = b;
  }
}

/** A StateWriter that compares what it is given with words already in a buffer. */
class WordMatcher implements StateWriter {
  private buf: Int32Array = new Int32Array(0);
  private pos = 0;
  private end = 0;
  private same = true;

  reset(buf: Int32Array, start: number, end: number): void {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.same = true;
  }

  int(n: number): void {
    if (this.pos >= this.end || this.buf[this.pos] !== n) this.same = false;
    this.pos++;
  }

  bool(b: boolean): void {
    if (this.pos >= this.end || this.buf[this.pos] !== (b ? 1 : 0)) this.same = false;
    this.pos++;
  }

  matched(): boolean {
    return this.same && this.pos === this.end;
  }
}
