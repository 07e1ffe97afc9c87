/**
 * The fingerprint set shared by parallel BFS workers: open addressing with
 * linear probing over one Int32Array in a SharedArrayBuffer, 8 bytes per
 * slot (the fingerprint's high and low words side by side: one cache line
 * holds eight slots of a probe run). Nothing else per slot: each worker keeps
 * the trace data (parent id, action index) of the states it inserted in its
 * own log (`WorkerLog`, 5 bytes per state), so the
 * table is all that is shared, and rehashing it needs no slot map.
 *
 * An empty slot has low word 0. A slot is claimed by compare-and-swap of its
 * low word 0 → lo; the claimer then stores the high word; a reader that
 * finds its low word in a slot whose high word is still 0 spins until it is
 * published. So a fingerprint's words are never 0: a 0 word is stored as 1
 * (two fingerprints that differ only there are one state: a collision
 * between two given states with probability 2⁻³², as for any two
 * fingerprints that share a slot's 32 bits; the set's birthday bound is
 * unchanged in order of magnitude).
 *
 * No lock, and no shared counter on the hot path: each worker counts its own
 * insertions and adds them to the shared count every FLUSH_EVERY (and at the
 * end of each round). When the shared count passes GROW_LOAD of the
 * capacity, the flushing worker raises the `grow` flag, every worker pauses
 * at its next state boundary, and the coordinator rehashes into a table
 * GROW_FACTOR times larger. The slack between the flag and the pause (at
 * most FLUSH_EVERY + one state's successors per worker) keeps the load below
 * 1; a probe that wraps around the whole table throws rather than loop.
 *
 * Bytes per state: 8 / load, the load between GROW_LOAD / GROW_FACTOR and
 * GROW_LOAD (0.57–0.85): 9.4–14.1 bytes, plus the workers' logs (5, 7 with
 * two-byte actions, in chunks): at most ~19.
 */

export const CTRL_COUNT = 0;
export const CTRL_GROW = 1;
export const CTRL_STOP = 2;
export const CTRL_WORDS = 4;

/** Load at which the table grows, and by how much. */
export const GROW_LOAD = 0.85;
export const GROW_FACTOR = 1.5;
/** A worker adds its insertions to the shared count every FLUSH_EVERY. */
export const FLUSH_EVERY = 64;

export interface SharedSetBuffers {
  /** [hi, lo] per slot */
  fps: SharedArrayBuffer;
  /** [count, grow flag, stop flag, spare] */
  ctrl: SharedArrayBuffer;
  capacity: number;
}

/** Largest action index a worker's log can hold. */
export const MAX_ACTION = 0xffff;

export function allocSharedSet(capacity: number, ctrl?: SharedArrayBuffer): SharedSetBuffers {
  return {
    fps: new SharedArrayBuffer(capacity * 8),
    ctrl: ctrl ?? new SharedArrayBuffer(CTRL_WORDS * 4),
    capacity,
  };
}

/** The first slot to probe for (hi, lo) in a table of `capacity` slots (multiply-shift range reduction: any capacity). */
export function slotOf(hi: number, lo: number, capacity: number): number {
  const mix = ((lo | 0) ^ Math.imul(hi | 0, 0x9e3779b1)) >>> 0;
  return Math.floor(mix * capacity * 2.3283064365386963e-10);
}

export class SharedSet {
  fps!: Int32Array;
  ctrl!: Int32Array;
  capacity = 0;
  growAt = 0;
  buffers!: SharedSetBuffers;
  /** insertions by this thread not yet added to the shared count */
  private unflushed = 0;

  constructor(b: SharedSetBuffers) {
    this.attach(b);
  }

  attach(b: SharedSetBuffers): void {
    this.buffers = b;
    this.fps = new Int32Array(b.fps);
    this.ctrl = new Int32Array(b.ctrl);
    this.capacity = b.capacity;
    this.growAt = Math.floor(b.capacity * GROW_LOAD);
  }

  /** The shared count (insertions flushed by every thread). */
  get size(): number {
    return Atomics.load(this.ctrl, CTRL_COUNT);
  }

  /** Add this thread's unflushed insertions to the shared count; raise the grow flag past GROW_LOAD. */
  flush(): void {
    if (this.unflushed === 0) return;
    const n = Atomics.add(this.ctrl, CTRL_COUNT, this.unflushed) + this.unflushed;
    this.unflushed = 0;
    if (n >= this.growAt) Atomics.store(this.ctrl, CTRL_GROW, 1);
  }

  has(hi: number, lo: number): boolean {
    hi = hi | 0 || 1;
    lo = lo | 0 || 1;
    const f = this.fps;
    const cap = this.capacity;
    let i = slotOf(hi, lo, cap);
    for (let probes = 0; probes < cap; probes++) {
      const l = Atomics.load(f, 2 * i + 1);
      if (l === 0) return false;
      if (l === lo) {
        let h = Atomics.load(f, 2 * i);
        while (h === 0) h = Atomics.load(f, 2 * i);
        if (h === hi) return true;
      }
      if (++i === cap) i = 0;
    }
    return false;
  }

  /** Insert (hi, lo) if absent; true when this call inserted it. */
  insert(hi: number, lo: number): boolean {
    hi = hi | 0 || 1;
    lo = lo | 0 || 1;
    const f = this.fps;
    const cap = this.capacity;
    let i = slotOf(hi, lo, cap);
    for (let probes = 0; probes < cap; probes++) {
      // a plain read first: a slot's words never change once written, so a stale
      // 0 only costs a failed compare-and-swap below
      let l = f[2 * i + 1];
      if (l === 0) {
        l = Atomics.compareExchange(f, 2 * i + 1, 0, lo);
        if (l === 0) {
          Atomics.store(f, 2 * i, hi);
          if (++this.unflushed >= FLUSH_EVERY) this.flush();
          return true;
        }
      }
      if (l === lo) {
        let h = Atomics.load(f, 2 * i);
        while (h === 0) h = Atomics.load(f, 2 * i);
        if (h === hi) return false;
      }
      if (++i === cap) i = 0;
    }
    throw new Error('SharedSet: the table is full (it did not grow in time)');
  }

  bytesAllocated(): number {
    return this.buffers.capacity * 8;
  }
}

/** Rehash `old` into a table of `capacity` slots (no thread may be inserting; their counts flushed). */
export function rehash(old: SharedSet, capacity: number): SharedSetBuffers {
  const b = allocSharedSet(capacity, old.buffers.ctrl);
  const to = new Int32Array(b.fps);
  const from = old.fps;
  const oldCap = old.capacity;
  for (let i = 0; i < oldCap; i++) {
    const lo = from[2 * i + 1];
    if (lo === 0) continue;
    const hi = from[2 * i];
    let j = slotOf(hi, lo, capacity);
    while (to[2 * j + 1] !== 0) if (++j === capacity) j = 0;
    to[2 * j] = hi;
    to[2 * j + 1] = lo;
  }
  Atomics.store(new Int32Array(b.ctrl), CTRL_GROW, 0);
  return b;
}

/**
 * The trace data of the states one worker inserted, by its own sequence
 * number k (the state's id is k × workers + worker): parent id (−1 for an
 * initial state) and action index (the initial state's index into init()),
 * in chunks of CHUNK entries (nothing copied as it grows, at most one chunk
 * unused); actions in one byte per chunk until one needs two.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

export class WorkerLog {
  private parents: Int32Array[] = [];
  private actions: (Uint8Array | Uint16Array)[] = [];
  size = 0;

  add(parent: number, action: number): number {
    if (action > MAX_ACTION) throw new Error(`more than ${MAX_ACTION + 1} enabled actions`);
    const k = this.size;
    const c = k >>> CHUNK_BITS;
    const i = k & (CHUNK - 1);
    if (c === this.parents.length) {
      this.parents.push(new Int32Array(CHUNK));
      this.actions.push(new Uint8Array(CHUNK));
    }
    let a = this.actions[c];
    if (action > 0xff && a instanceof Uint8Array) {
      a = Uint16Array.from(a);
      this.actions[c] = a;
    }
    this.parents[c][i] = parent;
    a[i] = action;
    this.size = k + 1;
    return k;
  }

  /** The whole log as two flat arrays (for the coordinator, to rebuild a counterexample). */
  flat(): { parent: Int32Array; action: Uint16Array } {
    const parent = new Int32Array(this.size);
    const action = new Uint16Array(this.size);
    for (let c = 0; c < this.parents.length; c++) {
      const n = Math.min(CHUNK, this.size - c * CHUNK);
      parent.set(this.parents[c].subarray(0, n), c * CHUNK);
      action.set(this.actions[c].subarray(0, n), c * CHUNK);
    }
    return { parent, action };
  }

  bytesAllocated(): number {
    let n = 0;
    for (let c = 0; c < this.parents.length; c++) n += this.parents[c].byteLength + this.actions[c].byteLength;
    return n;
  }
}
