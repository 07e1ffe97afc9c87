/**
 * The fingerprint set shared by parallel BFS workers: open addressing with
 * linear probing over typed arrays in SharedArrayBuffers.
 *
 * Per slot: fingerprint high and low words (Int32), parent slot (Int32, -1 for
 * initial states) and a tag (Uint16): 0 empty, 1 being written, 2 + action
 * index when full (the action index into `actions(parent)`, or the initial
 * state's index into `init()`). A slot is claimed by compare-and-swap of its
 * tag 0 → 1; the claimer writes the words and then publishes the tag;
 * readers that meet tag 1 spin until it is published. 14 bytes per slot.
 *
 * The table does not grow while workers insert: when the shared count passes
 * 3/4 of the capacity, inserting workers raise the `grow` flag, every worker
 * pauses at its next state boundary, and the coordinator rehashes into a
 * table twice the size (`rehash`, remapping parent slots) and hands the new
 * buffers to the workers. A full table (count = capacity − 1) cannot be
 * reached: growth starts at 3/4 and a worker pauses after at most one
 * state's successors.
 */

export const CTRL_COUNT = 0;
export const CTRL_GROW = 1;
export const CTRL_STOP = 2;
export const CTRL_WORDS = 4;

export interface SharedSetBuffers {
  hi: SharedArrayBuffer;
  lo: SharedArrayBuffer;
  parent: SharedArrayBuffer;
  tag: SharedArrayBuffer;
  /** [count, grow flag, stop flag, spare] */
  ctrl: SharedArrayBuffer;
  capacity: number;
}

export const TAG_EMPTY = 0;
export const TAG_BUSY = 1;
export const TAG_BASE = 2;
/** Largest action index a tag can hold. */
export const MAX_ACTION = 0xffff - TAG_BASE;

export function allocSharedSet(capacity: number, ctrl?: SharedArrayBuffer): SharedSetBuffers {
  return {
    hi: new SharedArrayBuffer(capacity * 4),
    lo: new SharedArrayBuffer(capacity * 4),
    parent: new SharedArrayBuffer(capacity * 4),
    tag: new SharedArrayBuffer(capacity * 2),
    ctrl: ctrl ?? new SharedArrayBuffer(CTRL_WORDS * 4),
    capacity,
  };
}

export function slotOf(hi: number, lo: number, mask: number): number {
  return ((lo >>> 0) ^ Math.imul(hi >>> 0, 0x9e3779b1)) & mask;
}

export class SharedSet {
  hi!: Int32Array;
  lo!: Int32Array;
  parent!: Int32Array;
  tag!: Uint16Array;
  ctrl!: Int32Array;
  mask = 0;
  growAt = 0;
  buffers!: SharedSetBuffers;

  constructor(b: SharedSetBuffers) {
    this.attach(b);
  }

  attach(b: SharedSetBuffers): void {
    this.buffers = b;
    this.hi = new Int32Array(b.hi);
    this.lo = new Int32Array(b.lo);
    this.parent = new Int32Array(b.parent);
    this.tag = new Uint16Array(b.tag);
    this.ctrl = new Int32Array(b.ctrl);
    this.mask = b.capacity - 1;
    this.growAt = (b.capacity >>> 2) * 3;
  }

  get size(): number {
    return Atomics.load(this.ctrl, CTRL_COUNT);
  }

  /** Slot of (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    hi |= 0;
    lo |= 0;
    const tag = this.tag;
    let i = slotOf(hi, lo, this.mask);
    for (;;) {
      let t = Atomics.load(tag, i);
      if (t === TAG_EMPTY) return -1;
      while (t === TAG_BUSY) t = Atomics.load(tag, i);
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Insert (hi, lo) if absent: returns its new slot (≥ 0), or −1 − slot when
   * it was present. Raises the grow flag past 3/4 load.
   */
  insert(hi: number, lo: number, parent: number, action: number): number {
    hi |= 0;
    lo |= 0;
    const tag = this.tag;
    const mask = this.mask;
    let i = slotOf(hi, lo, mask);
    for (;;) {
      let t = Atomics.load(tag, i);
      if (t === TAG_EMPTY) {
        if (Atomics.compareExchange(tag, i, TAG_EMPTY, TAG_BUSY) === TAG_EMPTY) {
          this.hi[i] = hi;
          this.lo[i] = lo;
          this.parent[i] = parent;
          Atomics.store(tag, i, TAG_BASE + action);
          if (Atomics.add(this.ctrl, CTRL_COUNT, 1) + 1 >= this.growAt) Atomics.store(this.ctrl, CTRL_GROW, 1);
          return i;
        }
        t = Atomics.load(tag, i);
      }
      while (t === TAG_BUSY) t = Atomics.load(tag, i);
      if (this.lo[i] === lo && this.hi[i] === hi) return -1 - i;
      i = (i + 1) & mask;
    }
  }

  actionOf(slot: number): number {
    return this.tag[slot] - TAG_BASE;
  }

  /** Slots from an initial state to `slot`, following parent slots. */
  pathTo(slot: number): number[] {
    const path: number[] = [];
    let cur = slot;
    while (cur !== -1) {
      path.push(cur);
      if (path.length > this.buffers.capacity) throw new Error('SharedSet: parent cycle');
      cur = this.parent[cur];
    }
    return path.reverse();
  }

  bytesAllocated(): number {
    return this.buffers.capacity * 14;
  }
}

/**
 * Rehash `old` into a table of `capacity` slots (no worker may be inserting).
 * Returns the new buffers and the old → new slot map (to remap the slots the
 * workers hold for their frontier states).
 */
export function rehash(old: SharedSet, capacity: number): { buffers: SharedSetBuffers; map: Int32Array } {
  const b = allocSharedSet(capacity, old.buffers.ctrl);
  const n = new SharedSet(b);
  const oldCap = old.buffers.capacity;
  const map = new Int32Array(new SharedArrayBuffer(oldCap * 4)).fill(-1);
  for (let i = 0; i < oldCap; i++) {
    const t = old.tag[i];
    if (t < TAG_BASE) continue;
    let j = slotOf(old.hi[i], old.lo[i], n.mask);
    while (n.tag[j] !== TAG_EMPTY) j = (j + 1) & n.mask;
    n.hi[j] = old.hi[i];
    n.lo[j] = old.lo[i];
    n.tag[j] = t;
    map[i] = j;
  }
  for (let i = 0; i < oldCap; i++) {
    const j = map[i];
    if (j < 0) continue;
    const p = old.parent[i];
    n.parent[j] = p < 0 ? -1 : map[p];
  }
  Atomics.store(n.ctrl, CTRL_GROW, 0);
  n.growAt = (capacity >>> 2) * 3;
  return { buffers: b, map };
}
