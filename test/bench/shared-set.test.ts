/**
 * The parallel BFS's shared fingerprint set (src/engine/shared-set.ts), in one
 * thread: insert/has, fingerprints with a 0 word (0 marks an empty slot, so a 0
 * word is stored as 1), the shared count and grow flag, rehash into another
 * capacity, and the worker log's chunks.
 */
import { describe, expect, it } from 'vitest';
import { CTRL_GROW, FLUSH_EVERY, SharedSet, WorkerLog, allocSharedSet, rehash } from '../../src/engine/shared-set.ts';

describe('SharedSet', () => {
  it('inserts once, finds what it inserted (0 words included), keeps it across a rehash', () => {
    const set = new SharedSet(allocSharedSet(1 << 10));
    const fps: [number, number][] = [[0, 0], [0, 5], [7, 0], [0xffffffff, 0xffffffff], [0x80000000, 1]];
    for (let i = 0; i < 600; i++) fps.push([Math.imul(i + 1, 0x9e3779b1) >>> 0, Math.imul(i + 7, 0x85ebca77) >>> 0]);
    for (const [hi, lo] of fps) expect(set.insert(hi, lo)).toBe(true);
    for (const [hi, lo] of fps) expect(set.insert(hi, lo)).toBe(false);
    expect(set.has(3, 3)).toBe(false);
    set.flush();
    expect(set.size).toBe(fps.length);
    // past 0.85 of 1024 slots the grow flag is up
    expect(Atomics.load(set.ctrl, CTRL_GROW)).toBe(0);
    for (let i = 0; i < 400; i++) set.insert(i + 1, 0x1234);
    set.flush();
    expect(Atomics.load(set.ctrl, CTRL_GROW)).toBe(1);
    const grown = new SharedSet(rehash(set, 1537));
    expect(Atomics.load(grown.ctrl, CTRL_GROW)).toBe(0);
    for (const [hi, lo] of fps) expect(grown.has(hi, lo)).toBe(true);
    for (let i = 0; i < 400; i++) expect(grown.has(i + 1, 0x1234)).toBe(true);
    expect(grown.has(401, 0x1234)).toBe(false);
    expect(FLUSH_EVERY).toBeGreaterThan(0);
  });

  it('a worker log: parent and action per state across chunks, actions widened past 255', () => {
    const log = new WorkerLog();
    for (let k = 0; k < 70000; k++) expect(log.add(k - 1, k === 69999 ? 300 : k % 7)).toBe(k);
    const { parent, action } = log.flat();
    expect(parent.length).toBe(70000);
    expect(parent[0]).toBe(-1);
    expect(parent[65537]).toBe(65536);
    expect(action[65540]).toBe(65540 % 7);
    expect(action[69999]).toBe(300);
    expect(log.bytesAllocated()).toBe(2 * 65536 * 4 + 65536 + 65536 * 2);
  });
});
