import { FINDING_SCENARIOS, SCENARIOS } from '../scenarios.ts';
import type { VariantDef } from './types.ts';

export const mainline: VariantDef = {
  id: 'mainline',
  kind: 'mainline',
  description: 'current mainline page_pool and skb recycling (net/core/page_pool.c, net/core/skbuff.c), checked under every scenario',
  // the finding scenarios are checked by model/variants/findings.ts (mainline violates them)
  scenarios: SCENARIOS.filter((s) => !FINDING_SCENARIOS.includes(s)).map((s) => s.id),
  expect: { verdict: 'ok' },
  config: {},
};
