/**
 * The five findings of issue #22 as checked statements over `ppcheck mix`
 * results (src/mix/run.ts). Each is a conjunction of comparisons between
 * confidence intervals (or counts that must be exactly zero because no run
 * took the road), never a threshold fitted to the numbers. The thresholds
 * that appear are those of the words: "most" is more than half.
 * test/workloads/findings.test.ts runs each on the variants it is about and
 * on a mutant of the mechanism it depends on, where it must fail;
 * docs/workloads.md explains each against the seed it answers.
 */
import { batchMeans, type Interval } from '../../src/mix/stats.ts';
import { type MixEntry, type MixResult, roadFractions } from '../../src/mix/run.ts';

export interface Check {
  text: string;
  ok: boolean;
}

export interface Finding {
  holds: boolean;
  checks: Check[];
}

function entry(r: MixResult, variant: string, point?: Record<string, number>): MixEntry {
  const e = r.mixes.find((m) => m.variant === variant && (point === undefined || Object.entries(point).every(([k, v]) => m.point[k] === v)));
  if (!e) throw new Error(`no mix of ${variant} ${JSON.stringify(point ?? {})}`);
  return e;
}

function road(e: MixEntry, group: string, id: string): { count: number; fraction: Interval } {
  const g = e.groups.find((x) => x.id === group);
  const r = g?.roads.find((x) => x.id === id);
  if (!r) throw new Error(`no road ${group}.${id}`);
  return r;
}

function gauge(e: MixEntry, id: string): Interval {
  const g = e.gauges.find((x) => x.id === id);
  if (!g) throw new Error(`no gauge ${id}`);
  return g.value;
}

const f3 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3));
const iv = (i: Interval): string => `${f3(i.mean)} [${f3(i.lo)}, ${f3(i.hi)}]`;
/** a's interval lies entirely above b's */
const above = (a: Interval, b: Interval): boolean => a.lo !== null && b.hi !== null && a.lo > b.hi;
const aboveHalf = (a: Interval): boolean => a.lo !== null && a.lo > 0.5;

function finding(checks: Check[]): Finding {
  return { holds: checks.every((c) => c.ok), checks };
}

/** The roads of a group no run took (count 0), the others. */
function zero(e: MixEntry, group: string, ids: string[]): Check {
  const n = ids.reduce((s, id) => s + road(e, group, id).count, 0);
  return { text: `${e.variant}: ${group} roads ${ids.join(', ')} taken ${n} times (no run took them)`, ok: n === 0 };
}

/**
 * host-remote-app (seed 000, 8c48eea3): before NAPI-local caching (`old`,
 * e.g. v5.14) no free is direct and the ring is the frees' road; with it
 * (`young`, mainline) the direct cache is, and refills from the ring drop:
 * the young era's refill share lies below the old one's.
 */
export function remoteAppFinding(r: MixResult, young: string, old: string): Finding {
  const y = entry(r, young);
  const o = entry(r, old);
  const oRing = road(o, 'free', 'ring').fraction;
  const yCache = road(y, 'free', 'cache').fraction;
  const yRing = road(y, 'free', 'ring').fraction;
  const yRefill = road(y, 'alloc', 'ring').fraction;
  const oRefill = road(o, 'alloc', 'ring').fraction;
  return finding([
    zero(o, 'free', ['cache']),
    { text: `${old}: frees into the ring ${iv(oRing)}: more than half`, ok: aboveHalf(oRing) },
    { text: `${young}: frees direct into the cache ${iv(yCache)} above frees into the ring ${iv(yRing)}`, ok: above(yCache, yRing) },
    { text: `refills from the ring: ${young} ${iv(yRefill)} below ${old} ${iv(oRefill)}`, ok: above(oRefill, yRefill) },
  ]);
}

/**
 * host-local-app (seed 000: "the main case we'll miss out on is when
 * application runs on the same CPU as NAPI"). `ringMixes` (v5.14; mainline
 * with the pre-v6.10 reader, which frees in plain process context) send every
 * recyclable free to the ring. `napiMix` (mainline with the v6.10+ reader,
 * kfree_skb_napi_cache: BH disabled, so in_softirq()) recycles directly
 * exactly when the pool's NAPI is listed on the CPU at that moment: no direct
 * decision while it is not listed, no ring decision while it is.
 */
export function localAppFinding(ringMixes: MixEntry[], napiMix: MixEntry): Finding {
  const name = (e: MixEntry): string => `${e.variant}${Object.keys(e.point).length ? ` (${Object.entries(e.point).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
  const checks: Check[] = ringMixes.map((e) => ({ ...zero(e, 'decision', ['direct-listed', 'direct-unlisted']), text: `${name(e)}: ${zero(e, 'decision', ['direct-listed', 'direct-unlisted']).text.replace(/^[^:]*: /, '')}` }));
  const m = napiMix;
  const listed = road(m, 'decision', 'direct-listed');
  const z = zero(m, 'decision', ['direct-unlisted', 'ring-listed']);
  checks.push({ ...z, text: `${name(m)}: ${z.text.replace(/^[^:]*: /, '')}` });
  checks.push({ text: `${name(m)}: direct while listed ${iv(listed.fraction)}: taken`, ok: listed.count > 0 });
  return finding(checks);
}

/** router (seed 004): the alloc cache serves more than half of the allocations in every variant given. */
export function routerFinding(r: MixResult, variants: string[]): Finding {
  return finding(
    variants.map((v) => {
      const c = road(entry(r, v), 'alloc', 'cache').fraction;
      return { text: `${v}: alloc cache hits ${iv(c)}: more than half`, ok: aboveHalf(c) };
    }),
  );
}

/**
 * host-slow-reader (seed 004): over a sweep of the readers' hold, the share of
 * allocations served by the page allocator grows from each hold to the next
 * (separated intervals), and the pool never starves (no run saw an empty RX
 * descriptor with no page anywhere): the allocations fall through instead.
 */
export function slowReaderFinding(r: MixResult, variant: string, holds: number[]): Finding {
  const checks: Check[] = [];
  for (let i = 0; i + 1 < holds.length; i++) {
    const a = road(entry(r, variant, { hold: holds[i] }), 'alloc', 'slow').fraction;
    const b = road(entry(r, variant, { hold: holds[i + 1] }), 'alloc', 'slow').fraction;
    checks.push({ text: `slow path at hold ${holds[i]} ${iv(a)} below hold ${holds[i + 1]} ${iv(b)}`, ok: above(b, a) });
  }
  for (const h of holds) {
    const s = gauge(entry(r, variant, { hold: h }), 'starved');
    checks.push({ text: `hold ${h}: starved ${iv(s)} (no run starved)`, ok: s.mean === 0 });
  }
  return finding(checks);
}

/**
 * numa-remote (seed 002): with the put-side NUMA test (`buggy`) no page is
 * recycled: every free goes back to the page allocator and every allocation
 * takes the slow path; with the fix (`fixed`) most frees are recycled and most
 * allocations come from the pool.
 */
export function numaFinding(r: MixResult, fixed: string, buggy: string): Finding {
  const b = entry(r, buggy);
  const f = entry(r, fixed);
  const fSlow = road(f, 'alloc', 'slow').fraction;
  // per run: the share of frees recycled (into the cache or the ring)
  const cache = roadFractions(f, 'free', 'cache');
  const ring = roadFractions(f, 'free', 'ring');
  const recycled = batchMeans(cache.map((x, i) => x + ring[i]));
  return finding([
    zero(b, 'free', ['cache', 'ring']),
    zero(b, 'alloc', ['cache', 'ring']),
    { text: `${fixed}: slow-path allocations ${iv(fSlow)}: fewer than half`, ok: fSlow.hi !== null && fSlow.hi < 0.5 },
    { text: `${fixed}: frees recycled (cache or ring) ${iv(recycled)}: more than half`, ok: aboveHalf(recycled) },
  ]);
}
