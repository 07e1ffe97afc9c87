/**
 * The BFS visited set in at most 16 bytes per stored state (issue #9).
 *
 * BFS never needs to map a fingerprint to an id: a successor is either new
 * (it gets the next id, and its parent is the state being expanded, whose id
 * BFS knows) or it is not. So the set is two independent structures:
 *
 * - `FingerprintSet`: the 64-bit fingerprints alone, 8 bytes per slot, no ids.
 *   Robin Hood linear probing over a table of any size T (not a power of
 *   two): a fingerprint's home slot is ⌊hi · T / 2³²⌋ ("fastrange" on the high
 *   word), so slots in a run are in order of their home slot, a lookup stops
 *   at the first slot whose occupant is closer to its own home than the
 *   probe is (the fingerprint cannot be further on), and an insertion shifts
 *   the rest of the run by one slot. The load stays between 0.75 and 0.9:
 *   the table grows by 1.2× (a rehash) when the load would pass 0.9, so
 *   8/load = 8.9–10.7 bytes per state. The all-zero fingerprint marks an empty
 *   slot; a state whose fingerprint is 0 is stored as `REMAP_HI:REMAP_LO`
 *   instead (it then shares that value with any state that has it: one more
 *   fingerprint collision, probability 2⁻⁶⁴).
 *
 * - `TraceLog`: per id, in discovery order, a 32-bit parent word and the
 *   action index (Uint8, widening to Uint16/Uint32 on the first index above
 *   0xff/0xffff, as VisitedSet does): 5 bytes. For ids below 2²⁸ the parent
 *   word is the parent id in its low 28 bits and 4 check bits of the state's
 *   own fingerprint in the top 4 (ids from 2²⁸ on, 268M states, keep the
 *   full 32-bit parent and no check bits). The arrays grow by chunks of
 *   ⌊size/32⌋ entries (at least 256, at most 2²⁰): no reallocation and at
 *   most 1/32 unused, i.e. ≤ 0.16 bytes per state.
 *
 * So 5 + 8/load + ≤ 0.16 = 13.9–15.8 bytes per state. `bytesAllocated()` is
 * the exact byte length of the typed arrays held. While the table is rehashed
 * the old and the new table are both alive for a moment (2.2× the table).
 *
 * Counterexamples are rebuilt by following parent ids and replaying action
 * indices (counterexample.ts). The check that the replay is the exploration's
 * path (a nondeterministic model breaks it) is: every replayed state's
 * fingerprint is in the set and has the check bits recorded for its id, and
 * the last one is the violating state's fingerprint (`lastHi/lastLo` of the
 * last insertion). See `replayExpectation`.
 */
import { NO_PARENT } from './visited.ts';

/** The fingerprint stored for a state whose fingerprint is 0:0 (0:0 marks an empty slot). */
export const REMAP_HI = 0x9e3779b9;
export const REMAP_LO = 0x7f4a7c15;

export const MAX_LOAD = 0.9;
export const GROWTH = 1.2;
const MIN_SLOTS = 256;
const TWO_POW_32 = 4294967296;

export class FingerprintSet {
  /** slot i: table[2i] = hi, table[2i+1] = lo; 0:0 = empty */
  private table: Uint32Array;
  private slots: number;
  /** slots / 2^32: home(hi) = ⌊hi · scale⌋ */
  private scale: number;
  /** grow when count exceeds this */
  private limit: number;
  private count = 0;

  constructor(initialSlots = MIN_SLOTS) {
    this.slots = Math.max(MIN_SLOTS, Math.ceil(initialSlots));
    this.table = new Uint32Array(this.slots * 2);
    this.scale = this.slots / TWO_POW_32;
    this.limit = Math.floor(this.slots * MAX_LOAD);
  }

  get size(): number {
    return this.count;
  }

  /** The number of slots of the table (for tests and the bench). */
  get capacity(): number {
    return this.slots;
  }

  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      hi = REMAP_HI;
      lo = REMAP_LO;
    }
    return probe(this.table, this.slots, this.scale, hi, lo) >= 0;
  }

  /** Insert; true if the fingerprint was new. */
  add(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      hi = REMAP_HI;
      lo = REMAP_LO;
    }
    const i = probe(this.table, this.slots, this.scale, hi, lo);
    if (i >= 0) return false;
    shiftIn(this.table, this.slots, ~i, hi, lo);
    if (++this.count > this.limit) this.grow();
    return true;
  }

  /** Bytes held by the table. */
  bytesAllocated(): number {
    return this.table.byteLength;
  }

  /** Every stored fingerprint (as stored: 0:0 appears as REMAP), in slot order. For tests. */
  *entries(): Generator<[number, number]> {
    const t = this.table;
    for (let i = 0; i < this.slots; i++) if (t[2 * i] !== 0 || t[2 * i + 1] !== 0) yield [t[2 * i], t[2 * i + 1]];
  }

  private grow(): void {
    const n = Math.ceil(this.slots * GROWTH);
    if (n * 2 > 0xffffffff) throw new RangeError(`fingerprint set: more than ${this.count} states do not fit in one table`);
    const old = this.table;
    const oldSlots = this.slots;
    const t = new Uint32Array(n * 2);
    const scale = n / TWO_POW_32;
    const oldScale = this.scale;
    // The old table is in order of home slot (Robin Hood), and home slots in both tables are
    // monotone in `hi`: in slot order, the entries that did not wrap around the old table's
    // end come in the new table's home order, so each goes at max(its home, previous + 1)
    // without probing. The few others (wrapped around the old end, or out of order) are
    // inserted after, by probing.
    let next = 0;
    let prevHome = 0;
    let late: number[] | undefined;
    for (let j = 0; j < oldSlots; j++) {
      const hi = old[2 * j];
      const lo = old[2 * j + 1];
      if (hi === 0 && lo === 0) continue;
      const home = Math.floor(hi * scale);
      if (Math.floor(hi * oldScale) > j || home < prevHome) {
        (late ??= []).push(hi, lo);
        continue;
      }
      const at = home > next ? home : next;
      if (at >= n) {
        (late ??= []).push(hi, lo);
        continue;
      }
      t[2 * at] = hi;
      t[2 * at + 1] = lo;
      next = at + 1;
      prevHome = home;
    }
    if (late) for (let k = 0; k < late.length; k += 2) shiftIn(t, n, ~probe(t, n, scale, late[k], late[k + 1]), late[k], late[k + 1]);
    this.table = t;
    this.slots = n;
    this.scale = scale;
    this.limit = Math.floor(n * MAX_LOAD);
  }
}

/**
 * Robin Hood lookup of hi:lo (never 0:0, callers remap it) in a table of n
 * slots: the slot that holds it, or ~slot (negative) of the slot where it
 * belongs. Slots in a run are in order of their home slot, so the probe stops
 * at an empty slot or at the first occupant closer to its home than the probe
 * is to hi:lo's home.
 */
function probe(t: Uint32Array, n: number, scale: number, hi: number, lo: number): number {
  let i = Math.floor(hi * scale);
  for (let d = 0; ; d++) {
    const h = t[2 * i];
    const l = t[2 * i + 1];
    if (h === hi && l === lo) return i;
    if (h === 0 && l === 0) return ~i;
    const home = Math.floor(h * scale);
    if ((i >= home ? i - home : i + n - home) < d) return ~i;
    if (++i === n) i = 0;
  }
}

/** Put hi:lo at slot i and move the occupants of slots i… up by one, up to the first empty slot. */
function shiftIn(t: Uint32Array, n: number, i: number, hi: number, lo: number): void {
  for (;;) {
    const h = t[2 * i];
    const l = t[2 * i + 1];
    t[2 * i] = hi;
    t[2 * i + 1] = lo;
    if (h === 0 && l === 0) return;
    hi = h;
    lo = l;
    if (++i === n) i = 0;
  }
}

/** Ids below this keep 4 check bits in the parent word's top bits. */
export const CHECKED_IDS = 1 << 28;
const PARENT_MASK = CHECKED_IDS - 1;
/** NO_PARENT as stored in a 28-bit parent field (no id below CHECKED_IDS has it as a parent) */
const NO_PARENT_28 = PARENT_MASK;
const MIN_CHUNK = 256;
const MAX_CHUNK = 1 << 20;

/** The 4 check bits of a fingerprint kept per id. */
export function checkBitsOf(lo: number): number {
  return lo & 15;
}

/** Per id: parent word and action index, in chunks. */
export class TraceLog {
  /** ids below this have check bits (2²⁸; smaller only in tests) */
  private readonly checked: number;
  private parents: Uint32Array[] = [];
  private actions: (Uint8Array | Uint16Array | Uint32Array)[] = [];
  /** first id of each chunk */
  private starts: number[] = [];
  private count = 0;
  private cap = 0;
  private actionBytes: 1 | 2 | 4 = 1;
  /** the chunk being filled, and the id of its first entry */
  private curParents: Uint32Array = new Uint32Array(0);
  private curActions: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(0);
  private curStart = 0;

  constructor(checkedIds = CHECKED_IDS) {
    if (!(checkedIds >= 0 && checkedIds <= CHECKED_IDS)) throw new RangeError('trace log: checkedIds out of range');
    this.checked = checkedIds;
  }

  get size(): number {
    return this.count;
  }

  /** Append a record; returns its id. `lo` is the state's fingerprint's low word (for the check bits). */
  append(parent: number, action: number, lo: number): number {
    const id = this.count;
    if (parent !== NO_PARENT && !(parent >= 0 && parent < id)) throw new RangeError(`trace log: parent ${parent} of state ${id} is not an earlier state`);
    if (id === this.cap) this.addChunk();
    if (action > 0xff && this.actionBytes === 1) this.widen(action > 0xffff ? 4 : 2);
    else if (action > 0xffff && this.actionBytes === 2) this.widen(4);
    const k = id - this.curStart;
    this.curParents[k] =
      id < this.checked ? ((checkBitsOf(lo) << 28) | (parent === NO_PARENT ? NO_PARENT_28 : parent)) >>> 0 : parent;
    this.curActions[k] = action;
    this.count = id + 1;
    return id;
  }

  parent(id: number): number {
    const c = this.chunkOf(id);
    const w = this.parents[c][id - this.starts[c]];
    if (id >= this.checked) return w;
    const p = w & PARENT_MASK;
    return p === NO_PARENT_28 ? NO_PARENT : p;
  }

  action(id: number): number {
    const c = this.chunkOf(id);
    return this.actions[c][id - this.starts[c]];
  }

  /** The check bits recorded for `id`, or -1 if it has none (ids ≥ 2²⁸). */
  checkBits(id: number): number {
    if (id >= this.checked) return -1;
    const c = this.chunkOf(id);
    return this.parents[c][id - this.starts[c]] >>> 28;
  }

  bytesAllocated(): number {
    let b = 0;
    for (let c = 0; c < this.parents.length; c++) b += this.parents[c].byteLength + this.actions[c].byteLength;
    return b;
  }

  private chunkOf(id: number): number {
    if (!(id >= 0 && id < this.count)) throw new RangeError(`trace log: no id ${id} (${this.count} states)`);
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private addChunk(): void {
    const len = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(this.cap / 32)));
    this.curParents = new Uint32Array(len);
    this.curActions = this.newActions(len);
    this.curStart = this.cap;
    this.parents.push(this.curParents);
    this.actions.push(this.curActions);
    this.starts.push(this.cap);
    this.cap += len;
  }

  private newActions(len: number): Uint8Array | Uint16Array | Uint32Array {
    return this.actionBytes === 1 ? new Uint8Array(len) : this.actionBytes === 2 ? new Uint16Array(len) : new Uint32Array(len);
  }

  private widen(bytes: 2 | 4): void {
    this.actionBytes = bytes;
    for (let c = 0; c < this.actions.length; c++) {
      const w = this.newActions(this.actions[c].length);
      w.set(this.actions[c]);
      this.actions[c] = w;
    }
    this.curActions = this.actions[this.actions.length - 1];
  }
}

/**
 * What `replayPath` checks against when the per-step fingerprints are not
 * stored: `mismatch(k, hi, lo)` is null when the replayed state k (fingerprint
 * hi:lo) agrees with what exploration recorded, else what was recorded, as
 * text for the message.
 */
export interface ReplayExpectation {
  /** states 0…count-1 are checked */
  readonly count: number;
  mismatch(k: number, hi: number, lo: number): string | null;
}

/** The visited set of sequential BFS: fingerprint set + trace log. */
export class CompactVisitedSet {
  private readonly fps: FingerprintSet;
  private readonly log: TraceLog;
  /** the fingerprint and id of the last state inserted (the violating state, when BFS stops at one) */
  lastHi = 0;
  lastLo = 0;
  lastId = -1;

  constructor(opts: { initialSlots?: number; checkedIds?: number } = {}) {
    this.fps = new FingerprintSet(opts.initialSlots);
    this.log = new TraceLog(opts.checkedIds);
  }

  get size(): number {
    return this.log.size;
  }

  has(hi: number, lo: number): boolean {
    return this.fps.has(hi, lo);
  }

  /** Insert hi:lo if absent: its new id, or -1 if it was present. */
  insert(hi: number, lo: number, parent: number, action: number): number {
    if (!this.fps.add(hi, lo)) return -1;
    const id = this.log.append(parent, action, lo);
    this.lastHi = hi >>> 0;
    this.lastLo = lo >>> 0;
    this.lastId = id;
    return id;
  }

  parent(id: number): number {
    return this.log.parent(id);
  }
  action(id: number): number {
    return this.log.action(id);
  }
  checkBits(id: number): number {
    return this.log.checkBits(id);
  }

  /** Ids from the initial state to `id` (inclusive), following parent pointers. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    let cur = id;
    while (cur !== NO_PARENT) {
      path.push(cur);
      if (path.length > this.size) throw new Error('visited set: parent cycle');
      cur = this.log.parent(cur);
    }
    return path.reverse();
  }

  /**
   * The replay check for the path to `id` (from `pathTo(id)`): state k must be
   * in the set with the check bits of path[k]; the last state must be the
   * last inserted one's fingerprint when `id` is the last inserted id.
   */
  replayExpectation(path: readonly number[]): ReplayExpectation {
    const last = path.length - 1;
    const knownLast = path[last] === this.lastId;
    const hex = (hi: number, lo: number): string => ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
    return {
      count: path.length,
      mismatch: (k, hi, lo) => {
        if (k === last && knownLast) {
          return (hi >>> 0) === this.lastHi && (lo >>> 0) === this.lastLo ? null : `the violating state's ${hex(this.lastHi, this.lastLo)}`;
        }
        if (!this.fps.has(hi, lo)) return 'no such fingerprint (a state exploration never reached)';
        const bits = this.log.checkBits(path[k]);
        if (bits >= 0 && bits !== checkBitsOf(lo)) {
          return `another state (check bits ${bits.toString(16)} for state #${path[k]}, got ${checkBitsOf(lo).toString(16)})`;
        }
        return null;
      },
    };
  }

  bytesAllocated(): number {
    return this.fps.bytesAllocated() + this.log.bytesAllocated();
  }

  /** Table and per-id bytes apart (for the bench). */
  bytesBreakdown(): { table: number; perId: number; slots: number } {
    return { table: this.fps.bytesAllocated(), perId: this.log.bytesAllocated(), slots: this.fps.capacity };
  }
}

/**
 * DFS's visited set: fingerprint → depth, the same Robin Hood table as
 * `FingerprintSet` with the depth of each slot's state in a parallel array
 * (Uint8, widening to Uint16/Uint32 on the first depth above 0xff/0xffff),
 * moved with its fingerprint. DFS needs no parent or action per state (its
 * counterexample is its stack), only whether a state was seen and at which
 * depth: (8 + 1)/load = 10–12 bytes per state while depths fit in a byte.
 */
export class FingerprintDepthMap {
  private table: Uint32Array;
  private depths: Uint8Array | Uint16Array | Uint32Array;
  private slots: number;
  private scale: number;
  private limit: number;
  private count = 0;

  constructor(initialSlots = MIN_SLOTS) {
    this.slots = Math.max(MIN_SLOTS, Math.ceil(initialSlots));
    this.table = new Uint32Array(this.slots * 2);
    this.depths = new Uint8Array(this.slots);
    this.scale = this.slots / TWO_POW_32;
    this.limit = Math.floor(this.slots * MAX_LOAD);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.slots;
  }

  /** The slot holding hi:lo, or -1. Valid until the next `insert`. */
  find(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      hi = REMAP_HI;
      lo = REMAP_LO;
    }
    const i = probe(this.table, this.slots, this.scale, hi, lo);
    return i >= 0 ? i : -1;
  }

  depthAt(slot: number): number {
    return this.depths[slot];
  }

  setDepthAt(slot: number, depth: number): void {
    this.widenFor(depth);
    this.depths[slot] = depth;
  }

  /** Insert hi:lo (absent: `find` said so) with its depth. */
  insert(hi: number, lo: number, depth: number): void {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      hi = REMAP_HI;
      lo = REMAP_LO;
    }
    this.widenFor(depth);
    this.place(this.table, this.depths, this.slots, this.scale, hi, lo, depth);
    if (++this.count > this.limit) this.grow();
  }

  bytesAllocated(): number {
    return this.table.byteLength + this.depths.byteLength;
  }

  /** Robin Hood insertion of an absent fingerprint, its depth moving with it. */
  private place(
    t: Uint32Array,
    dep: Uint8Array | Uint16Array | Uint32Array,
    n: number,
    scale: number,
    hi: number,
    lo: number,
    depth: number,
  ): void {
    let i = probe(t, n, scale, hi, lo);
    if (i >= 0) throw new Error('fingerprint depth map: insert of a present fingerprint');
    i = ~i;
    for (;;) {
      const h = t[2 * i];
      const l = t[2 * i + 1];
      const v = dep[i];
      t[2 * i] = hi;
      t[2 * i + 1] = lo;
      dep[i] = depth;
      if (h === 0 && l === 0) return;
      hi = h;
      lo = l;
      depth = v;
      if (++i === n) i = 0;
    }
  }

  private newDepths(len: number, like: Uint8Array | Uint16Array | Uint32Array): Uint8Array | Uint16Array | Uint32Array {
    return like instanceof Uint8Array ? new Uint8Array(len) : like instanceof Uint16Array ? new Uint16Array(len) : new Uint32Array(len);
  }

  private widenFor(depth: number): void {
    const d = this.depths;
    if (depth > 0xff && d instanceof Uint8Array) this.depths = depth > 0xffff ? new Uint32Array(d) : new Uint16Array(d);
    else if (depth > 0xffff && d instanceof Uint16Array) this.depths = new Uint32Array(d);
  }

  private grow(): void {
    const n = Math.ceil(this.slots * GROWTH);
    if (n * 2 > 0xffffffff) throw new RangeError(`fingerprint depth map: more than ${this.count} states do not fit in one table`);
    const old = this.table;
    const oldDep = this.depths;
    const t = new Uint32Array(n * 2);
    const dep = this.newDepths(n, oldDep);
    const scale = n / TWO_POW_32;
    for (let j = 0; j < this.slots; j++) {
      const hi = old[2 * j];
      const lo = old[2 * j + 1];
      if (hi === 0 && lo === 0) continue;
      this.place(t, dep, n, scale, hi, lo, oldDep[j]);
    }
    this.table = t;
    this.depths = dep;
    this.slots = n;
    this.scale = scale;
    this.limit = Math.floor(n * MAX_LOAD);
  }
}
