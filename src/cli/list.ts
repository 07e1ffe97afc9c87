/**
 * `ppcheck list variants|properties|scenarios|bounds`: what a family offers,
 * as a text table or (--json) one JSON object whose `items` are objects with `id` and
 * `description` (docs/schemas/list.schema.json).
 */
import type { Bounds, Expectation, ModelFamily } from '../family.ts';
import { formatBounds } from '../trace/text.ts';
import { boundFlag } from './args.ts';
import { UsageError } from './exit.ts';
import { jsonEnvelope, stringify } from './print/json.ts';
import { formatTable } from './print/table.ts';

export const LIST_TOPICS = ['variants', 'properties', 'scenarios', 'bounds'] as const;
export type ListTopic = (typeof LIST_TOPICS)[number];

export function expectationText(e: Expectation): string {
  if (e.verdict === 'ok') return 'ok';
  return `violation of ${e.property}${e.maxTraceLength !== undefined ? ` in ≤${e.maxTraceLength} steps` : ''}`;
}

/** The scenarios column: the ids, or "all N" / "N scenarios" when the list is long (--json has them all). */
function scenariosText(family: ModelFamily<unknown, unknown>, ids: readonly string[]): string {
  const joined = ids.join(',');
  if (joined.length <= 40) return joined;
  return ids.length === family.scenarios.length ? `all ${ids.length}` : `${ids.length} scenarios`;
}

export function listItems(family: ModelFamily<unknown, unknown>, topic: ListTopic): Record<string, unknown>[] {
  switch (topic) {
    case 'variants':
      return family.variants.map((v) => ({
        id: v.id,
        kind: v.kind,
        description: v.description,
        scenarios: v.scenarios,
        expect: v.expect,
        expectation: expectationText(v.expect),
      }));
    case 'properties':
      return family.properties.map((p) => ({ id: p.id, description: p.description }));
    case 'scenarios':
      return family.scenarios.map((s) => ({ id: s.id, description: s.description, bounds: s.bounds, ...(s.maxBounds ? { maxBounds: s.maxBounds, limitReason: s.limitReason } : {}) }));
    case 'bounds':
      return family.bounds.map((b) => ({ id: b.name, flag: boundFlag(b.name), description: b.description, min: b.min, max: b.max }));
  }
}

export function formatListText(family: ModelFamily<unknown, unknown>, topic: ListTopic): string {
  switch (topic) {
    case 'variants':
      return formatTable(
        ['VARIANT', 'KIND', 'EXPECT', 'SCENARIOS', 'DESCRIPTION'],
        family.variants.map((v) => [v.id, v.kind, expectationText(v.expect), scenariosText(family, v.scenarios), v.description]),
      );
    case 'properties':
      return formatTable(['PROPERTY', 'DESCRIPTION'], family.properties.map((p) => [p.id, p.description]));
    case 'scenarios':
      return formatTable(['SCENARIO', 'BOUNDS', 'DESCRIPTION'], family.scenarios.map((s) => [s.id, formatBounds(s.bounds) + (s.maxBounds ? ` (at most ${formatBounds(s.maxBounds as Bounds)})` : ''), s.description]));
    case 'bounds':
      return formatTable(['BOUND', 'RANGE', 'DESCRIPTION'], family.bounds.map((b) => [boundFlag(b.name), `${b.min}..${b.max}`, b.description]));
  }
}

export function runList(family: ModelFamily<unknown, unknown>, topic: string, json: boolean): string {
  if (!(LIST_TOPICS as readonly string[]).includes(topic)) {
    throw new UsageError(`cannot list '${topic}' (choose: ${LIST_TOPICS.join(', ')})`);
  }
  const t = topic as ListTopic;
  return json ? stringify({ ...jsonEnvelope('list'), topic: t, family: family.name, familyVersion: family.version, items: listItems(family, t) }) + '\n' : formatListText(family, t);
}
