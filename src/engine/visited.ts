/**
 * The visited set (TLC's FPSet plus its trace file, in typed arrays).
 *
 * Every distinct state gets an id 0, 1, 2, … in discovery order. Per id we
 * keep: its 64-bit fingerprint (two Uint32), its parent id (Uint32, NO_PARENT
 * for initial states) and the index of the action that produced it in
 * `model.actions(parent)` (for an initial state: its index in `model.init()`),
 * kept in a Uint8Array that widens to Uint16Array / Uint32Array on the first
 * index above 0xff / 0xffff. Optionally a depth per id (Uint32, DFS only). No states are stored.
 *
 * Lookup is open addressing with linear probing over a power-of-two table of
 * ids (Uint32, 0 = empty, else id+1), keyed by the fingerprint's low word and
 * compared on both words; the table doubles (rehash) above 3/4 load.
 *
 * Memory per stored state (BFS, no depth): 4+4+4+1 = 13 bytes of per-id data
 * plus 4/load bytes of table (5.3–10.7), i.e. ≈18–24 bytes once arrays are
 * full; per-id arrays grow by 1.5× so right after a growth they hold up to
 * 1.5× slack. `bytesAllocated()` reports the exact figure.
 */

export const NO_PARENT = 0xffffffff;

export class VisitedSet {
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  private cap: number;
  private fpHi: Uint32Array;
  private fpLo: Uint32Array;
  private parentArr: Uint32Array;
  private actionArr: Uint8Array | Uint16Array | Uint32Array;
  private depthArr: Uint32Array | null;

  constructor(opts: { trackDepth?: boolean; initialCapacity?: number } = {}) {
    const initCap = Math.max(16, opts.initialCapacity ?? 1024);
    let tsize = 16;
    while (tsize * 0.75 < initCap) tsize *= 2;
    this.table = new Uint32Array(tsize);
    this.mask = tsize - 1;
    this.cap = initCap;
    this.fpHi = new Uint32Array(initCap);
    this.fpLo = new Uint32Array(initCap);
    this.parentArr = new Uint32Array(initCap);
    this.actionArr = new Uint8Array(initCap);
    this.depthArr = opts.trackDepth ? new Uint32Array(initCap) : null;
  }

  get size(): number {
    return this.count;
  }

  /** The id of the state with fingerprint (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const table = this.table;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const e = table[i];
      if (e === 0) return -1;
      const id = e - 1;
      if (this.fpLo[id] === lo && this.fpHi[id] === hi) return id;
      i = (i + 1) & mask;
    }
  }

  /**
   * Insert (hi, lo) if absent. Returns the new id (≥ 0) when inserted, or
   * `-1 - existingId` when it was already present.
   */
  insert(hi: number, lo: number, parent: number, action: number, depth: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const table = this.table;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const e = table[i];
      if (e === 0) break;
      const id = e - 1;
      if (this.fpLo[id] === lo && this.fpHi[id] === hi) return -1 - id;
      i = (i + 1) & mask;
    }
    const id = this.count;
    if (id === this.cap) this.growIds();
    this.fpHi[id] = hi;
    this.fpLo[id] = lo;
    this.parentArr[id] = parent;
    this.setAction(id, action);
    if (this.depthArr) this.depthArr[id] = depth;
    table[i] = id + 1;
    this.count = id + 1;
    if (this.count > (this.table.length >>> 2) * 3) this.rehash();
    return id;
  }

  parent(id: number): number {
    return this.parentArr[id];
  }
  action(id: number): number {
    return this.actionArr[id];
  }
  hiOf(id: number): number {
    return this.fpHi[id];
  }
  loOf(id: number): number {
    return this.fpLo[id];
  }
  depth(id: number): number {
    if (!this.depthArr) throw new Error('VisitedSet: depth not tracked');
    return this.depthArr[id];
  }
  /** Re-parent a state reached again by a shorter path (DFS re-exploration). */
  update(id: number, parent: number, action: number, depth: number): void {
    this.parentArr[id] = parent;
    this.setAction(id, action);
    if (this.depthArr) this.depthArr[id] = depth;
  }

  /** Ids from the initial state to `id` (inclusive), following parent pointers. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    let cur = id;
    while (cur !== NO_PARENT) {
      path.push(cur);
      if (path.length > this.count) throw new Error('VisitedSet: parent cycle');
      cur = this.parentArr[cur];
    }
    return path.reverse();
  }

  /** Bytes held by the typed arrays. */
  bytesAllocated(): number {
    return (
      this.table.byteLength +
      this.fpHi.byteLength +
      this.fpLo.byteLength +
      this.parentArr.byteLength +
      this.actionArr.byteLength +
      (this.depthArr ? this.depthArr.byteLength : 0)
    );
  }

  private setAction(id: number, action: number): void {
    if (action > 0xff && this.actionArr instanceof Uint8Array) {
      const wide = action > 0xffff ? new Uint32Array(this.cap) : new Uint16Array(this.cap);
      wide.set(this.actionArr);
      this.actionArr = wide;
    } else if (action > 0xffff && this.actionArr instanceof Uint16Array) {
      const wide = new Uint32Array(this.cap);
      wide.set(this.actionArr);
      this.actionArr = wide;
    }
    this.actionArr[id] = action;
  }

  private growIds(): void {
    const ncap = Math.ceil(this.cap * 1.5);
    const grow = <T extends Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(ncap);
      b.set(a);
      return b;
    };
    this.fpHi = grow(this.fpHi, (n) => new Uint32Array(n));
    this.fpLo = grow(this.fpLo, (n) => new Uint32Array(n));
    this.parentArr = grow(this.parentArr, (n) => new Uint32Array(n));
    const act = this.actionArr;
    this.actionArr =
      act instanceof Uint8Array
        ? grow(act, (n) => new Uint8Array(n))
        : act instanceof Uint16Array
          ? grow(act, (n) => new Uint16Array(n))
          : grow(act, (n) => new Uint32Array(n));
    if (this.depthArr) this.depthArr = grow(this.depthArr, (n) => new Uint32Array(n));
    this.cap = ncap;
  }

  private rehash(): void {
    const nsize = this.table.length * 2;
    const t = new Uint32Array(nsize);
    const mask = nsize - 1;
    for (let id = 0; id < this.count; id++) {
      let i = (this.fpLo[id] ^ Math.imul(this.fpHi[id], 0x9e3779b1)) & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = id + 1;
    }
    this.table = t;
    this.mask = mask;
  }
}
