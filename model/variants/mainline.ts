import { SCENARIOS } from '../scenarios.ts';
import type { VariantDef } from './types.ts';

export const mainline: VariantDef = {
  id: 'mainline',
  kind: 'mainline',
  description: 'current mainline page_pool and skb recycling (net/core/page_pool.c, net/core/skbuff.c), checked under every scenario',
  scenarios: SCENARIOS.map((s) => s.id),
  expect: { verdict: 'ok' },
  config: {},
};
