/**
 * The text report of `ppcheck mix` (pure: a function of the MixResult).
 * Roads that no run took are left out of the text (the JSON has them all).
 */
import type { Interval } from './stats.ts';
import type { DiffEntry, MixEntry, MixResult } from './run.ts';

function num(x: number | null, signed = false): string {
  if (x === null) return 'n/a';
  const s = x.toFixed(3);
  const z = s === '-0.000' ? '0.000' : s;
  return signed && !z.startsWith('-') ? `+${z}` : z;
}

function interval(i: Interval, signed = false): string {
  return `${num(i.mean, signed).padStart(signed ? 7 : 6)}  [${num(i.lo, signed)}, ${num(i.hi, signed)}]`;
}

function pointText(p: Record<string, number>): string {
  const keys = Object.keys(p);
  return keys.length === 0 ? '' : ` (${keys.map((k) => `${k}=${p[k]}`).join(', ')})`;
}

const W = 44;

/** Roads some mix of the result took (group.road): the text shows these for every mix, the others nowhere. */
function takenRoads(r: MixResult): Set<string> {
  const out = new Set<string>();
  for (const e of r.mixes) for (const g of e.groups) for (const road of g.roads) if (road.count > 0 || (road.exact !== null && road.exact > 0)) out.add(`${g.id}.${road.id}`);
  return out;
}

function boundsText(b: Record<string, number>): string {
  return Object.entries(b)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function mixLines(e: MixEntry, taken: Set<string>, header: Record<string, number>): string[] {
  const out: string[] = [];
  out.push(`${e.variant}${pointText(e.point)}: ${e.runs} runs, ${e.steps} steps${e.stuck > 0 ? `, ${e.stuck} runs stuck early` : ''}`);
  if (boundsText(e.bounds) !== boundsText(header)) out.push(`  bounds (the variant overrides some): ${boundsText(e.bounds)}`);
  if (e.exact) {
    out.push(
      `  exact: ${e.exact.states} states, ${e.exact.transitions} transitions, ${e.exact.iterations} power iterations, residual ${e.exact.residual.toExponential(1)}${e.exact.converged ? '' : ' (NOT converged)'}`,
    );
  }
  for (const g of e.groups) {
    if (g.events === 0) continue;
    out.push(`  ${g.label}: ${g.events}`);
    for (const r of g.roads) {
      if (!taken.has(`${g.id}.${r.id}`)) continue;
      out.push(`    ${r.label.padEnd(W)}${interval(r.fraction)}${r.exact !== null ? `  exact ${num(r.exact)}` : ''}`);
    }
  }
  out.push('  gauges (mean over steps):');
  for (const g of e.gauges) out.push(`    ${g.label.padEnd(W)}${interval(g.value)}${g.exact !== null ? `  exact ${num(g.exact)}` : ''}`);
  return out;
}

function diffLines(d: DiffEntry, groups: MixEntry['groups']): string[] {
  const out: string[] = [];
  out.push(`difference ${d.variant} - ${d.against}${pointText(d.point)} (Welch 95% interval):`);
  let last = '';
  for (const r of d.roads) {
    // a road no run of either variant took, or a group one variant never saw: no difference to show
    if ((r.difference.mean === 0 && r.difference.lo === 0 && r.difference.hi === 0) || r.difference.n === 0) continue;
    if (r.group !== last) {
      out.push(`  ${groups.find((g) => g.id === r.group)?.label ?? r.group}`);
      last = r.group;
    }
    out.push(`    ${r.label.padEnd(W)}${interval(r.difference, true)}`);
  }
  out.push('  gauges');
  for (const g of d.gauges) out.push(`    ${g.label.padEnd(W)}${interval(g.difference, true)}`);
  return out;
}

/** The effective parameters, one per line: every run prints them first. */
export function formatMixHeader(r: MixResult): string[] {
  const p = r.params;
  const params = Object.entries(p.params);
  return [
    `ppcheck mix: profile ${p.profile} (scenario ${p.scenario}), variant ${p.variant}${p.against !== null ? ` against ${p.against}` : ''}`,
    `  ${p.description}`,
    `  source: ${p.source}`,
    `  bounds: ${boundsText(p.bounds)}`,
    `  rates: ${p.rates.join('; ')}`,
    ...(params.length > 0 ? [`  params: ${params.map(([k, v]) => `${k}=${v.join(',')}`).join(' ')}`] : []),
    ...(p.config !== null ? [`  config overrides: ${JSON.stringify(p.config)}`] : []),
    `  seed ${p.seed}, ${p.runs} runs (shard ${p.shard}), warm-up ${p.warmup} steps, ${p.steps} counted steps per run`,
    `  interval: ${Math.round(p.confidence * 100)}%, ${p.interval}`,
  ];
}

export function formatMix(r: MixResult): string {
  const out = formatMixHeader(r);
  const taken = takenRoads(r);
  for (const e of r.mixes) {
    out.push('');
    out.push(...mixLines(e, taken, r.params.bounds));
  }
  for (const d of r.differences) {
    out.push('');
    out.push(...diffLines(d, r.mixes[0].groups));
  }
  return out.join('\n') + '\n';
}
