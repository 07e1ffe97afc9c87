/**
 * Checks every row of the corpus manifest with the engine's BFS: the verdict,
 * the violated property, the exact length of the shortest counterexample and
 * the distinct-state count. Also checks that the manifest and the family's
 * variant expectations (what `npm run check` shows) agree, and that every
 * corpus id has its bug and fixed variant in the manifest.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { CORPUS_IDS } from '../../model/variants/corpus.ts';
import { ERA_IDS } from '../../model/variants/eras.ts';
import { readManifest, type ManifestRow } from './manifest.ts';

const manifest = readManifest();
const family = pagePoolFamily;

function rowName(r: ManifestRow): string {
  return `${r.variant} / ${r.scenario} ${JSON.stringify(r.bounds)}`;
}

describe('corpus manifest rows', () => {
  it.each(manifest.rows.map((r) => [rowName(r), r] as const))('%s', (_name, row) => {
    const model = family.build({ variant: row.variant, scenario: row.scenario, bounds: row.bounds });
    const res = explore(model, { mode: 'bfs', timeLimit: 60 });
    if (row.expect === 'ok') {
      expect(res.kind, res.kind === 'violation' ? `${res.property}: ${res.reason}` : res.kind).toBe('ok');
      if (res.kind !== 'ok') return;
      expect(res.complete).toBe(true);
      expect(res.stats.distinctStates).toBe(row.distinctStates);
    } else {
      expect(res.kind).toBe('violation');
      if (res.kind !== 'violation') return;
      expect(res.property).toBe(row.property);
      expect(res.trace.steps.length - 1).toBe(row.traceLength);
      expect(res.stats.distinctStates).toBe(row.distinctStates);
    }
  }, 120_000);
});

describe('corpus coverage', () => {
  const byVariant = new Map<string, ManifestRow[]>();
  for (const r of manifest.rows) byVariant.set(r.variant, [...(byVariant.get(r.variant) ?? []), r]);

  it('has 13 corpus ids', () => {
    expect(CORPUS_IDS.length).toBe(13);
  });

  it.each(CORPUS_IDS.map((id) => [id]))('%s: a violation row for the bug and an ok row for the fix at the same bounds', (id) => {
    const bug = byVariant.get(id) ?? [];
    const fixed = byVariant.get(`${id}-fixed`) ?? [];
    expect(bug.length).toBeGreaterThan(0);
    expect(fixed.length).toBeGreaterThan(0);
    for (const b of bug) {
      expect(b.expect).toBe('violation');
      const twin = fixed.find((f) => f.scenario === b.scenario && JSON.stringify(f.bounds) === JSON.stringify(b.bounds));
      expect(twin, `no ${id}-fixed row at ${b.scenario} ${JSON.stringify(b.bounds)}`).toBeDefined();
      expect(twin!.expect).toBe('ok');
    }
  });

  it.each(ERA_IDS.map((id) => [id]))('era %s has a row and is a variant of the family', (id) => {
    expect(byVariant.get(id)?.length ?? 0).toBeGreaterThan(0);
    expect(family.variants.some((v) => v.id === id)).toBe(true);
  });

  it('every manifest variant exists in the family, and its expectation agrees with the manifest', () => {
    for (const [id, rows] of byVariant) {
      const v = family.variants.find((x) => x.id === id);
      expect(v, `variant ${id}`).toBeDefined();
      if (!v) continue;
      for (const r of rows) {
        // the suite runs the variant under its own scenarios at their default bounds
        if (!v.scenarios.includes(r.scenario)) continue;
        const e = v.expect;
        expect(e.verdict, id).toBe(r.expect);
        if (e.verdict === 'violation') {
          expect(e.property, id).toBe(r.property);
          expect(e.maxTraceLength, id).toBeDefined();
          expect(r.traceLength!).toBeLessThanOrEqual(e.maxTraceLength!);
        }
      }
      expect(rows.some((r) => v.scenarios.includes(r.scenario)), `${id}: a row for one of its default scenarios`).toBe(true);
    }
  });

  it('default-scenario rows use the scenario default bounds (what `ppcheck check --variant <id>` runs)', () => {
    for (const r of manifest.rows) {
      const v = family.variants.find((x) => x.id === r.variant);
      if (!v || !v.scenarios.includes(r.scenario)) continue;
      const sc = family.scenarios.find((s) => s.id === r.scenario);
      expect(sc, r.scenario).toBeDefined();
      expect(r.bounds, rowName(r)).toEqual(sc!.bounds);
    }
  });
});
