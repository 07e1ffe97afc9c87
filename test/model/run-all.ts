/**
 * Developer script: explore every (variant, scenario) the suite would run and
 * print state counts and times. `node --import tsx test/model/run-all.ts [variant] [scenario]`
 */
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';
import { VARIANTS } from '../../model/variants/index.ts';

const [onlyV, onlyS] = process.argv.slice(2);
for (const v of VARIANTS) {
  if (onlyV && v.id !== onlyV) continue;
  for (const sc of v.scenarios) {
    if (onlyS && sc !== onlyS) continue;
    const m = buildModel({ variant: v.id, scenario: sc, bounds: {} });
    const r = explore(m, { mode: 'bfs', maxStates: Number(process.env.MAX ?? 3_000_000), timeLimit: Number(process.env.TL ?? 120) });
    const st = r.stats;
    let verdict: string = r.kind;
    if (r.kind === 'violation') verdict += ` ${r.property} (${r.trace.steps.length - 1} steps): ${r.reason}`;
    if (r.kind === 'error') verdict += ` ${r.message}`;
    const complete = r.kind === 'error' ? '' : r.complete ? '' : ' INCOMPLETE';
    console.log(`${v.id.padEnd(36)} ${sc.padEnd(20)} ${String(st.distinctStates).padStart(8)} states depth ${String(st.maxDepth).padStart(3)} ${st.seconds.toFixed(1).padStart(6)}s ${verdict}${complete}`);
    if (r.kind === 'ok' && st.neverFired.length) console.log(`   never fired: ${st.neverFired.join(' ')}`);
    if (process.env.TRACE && r.kind === 'violation') for (const s of r.trace.steps) console.log('     ' + s.label);
  }
}
