/**
 * A FIFO of packed states (Model.pack / Model.unpack) in one growable
 * Int32Array: the BFS frontier without an object graph for the garbage
 * collector to trace and promote. `push(s)` packs at the tail; `shift()`
 * unpacks at the head. The consumed prefix is dropped when it is more than
 * half of the buffer.
 */
import type { Model, StateReader, StateWriter } from './model.ts';

export class PackedQueue<S> implements StateWriter, StateReader {
  private buf = new Int32Array(1 << 16);
  private tail = 0;
  private head = 0;
  private count = 0;
  /** where the state being pushed starts (kept up to date by makeRoom) */
  private pushStart = 0;

  constructor(private readonly model: Model<S, unknown>) {}

  get length(): number {
    return this.count;
  }

  /** Bytes held by the buffer. */
  get bytes(): number {
    return this.buf.byteLength;
  }

  push(s: S): void {
    this.pushStart = this.tail;
    try {
      (this.model.pack as (s: S, w: StateWriter) => void)(s, this);
    } catch (e) {
      this.tail = this.pushStart; // drop a partly packed state
      throw e;
    }
    this.count++;
  }

  shift(): S {
    const s = (this.model.unpack as (r: StateReader) => S)(this);
    this.count--;
    if (this.count === 0) {
      this.head = 0;
      this.tail = 0;
    }
    return s;
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
