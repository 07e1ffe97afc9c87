/**
 * Promela for the mainline page_pool model, for the SPIN side of `npm run bench`.
 *
 * GENERATED from the model's own description (model/build.ts, model/state.ts):
 *   - the bounds (#defines) and the state layout: one Promela global per state
 *     field, with its initial value, taken from `initialState(scenario, bounds)`;
 *   - the per-CPU do-alternatives (which CPU/context may run which action kind),
 *     from the bounds and the scenario's action kinds.
 * HAND-WRITTEN (marked below, transcribed from model/actions.ts, mainline config):
 *   - the action bodies (inline macros), for the action kinds of the `xdp`
 *     scenario only: napi_schedule, napi_complete_done, page_pool_alloc_pages
 *     (+ __page_pool_get_cached, page_pool_refill_alloc_cache,
 *     __page_pool_alloc_pages_slow), page_pool_recycle_direct, xdp_do_redirect,
 *     xdp_return_frame, and the put path (page_pool_recycle_in_cache[:store],
 *     page_pool_recycle_in_ring, page_pool_producer_unlock).
 *
 * Each model transition is one `d_step` (one SPIN transition, no intermediate
 * state), so SPIN's "states, stored" (with `spin -o2`: keep write-only variables
 * such as the hold/release counters in the state vector) equals our
 * distinct-state count with page symmetry off (plus 1 when an initial d_step sets non-uniform arrays, see
 * `extraInitState`). Fields that the xdp kinds never touch (skbs, shinfos, ext,
 * the actors' pending-put queues, drv, devUnbound, the pool's frag/destroy
 * fields) are constant in this scenario and left out of the Promela state:
 * a constant field changes no count. `promelaFor` refuses other scenarios,
 * other configs and pools != 1.
 */
import { initialState, resolve } from '../../model/build.ts';
import type { Bounds } from '../../src/family.ts';

/** Action kinds the hand-written part covers (the xdp scenario's). */
const SUPPORTED = new Set([
  'napi_schedule',
  'napi_complete_done',
  'page_pool_alloc_pages',
  'page_pool_recycle_direct',
  'xdp_do_redirect',
  'xdp_return_frame',
]);

/** Fields that may hold -1 (or go negative): declared `short`, others `byte`/`bool`. */
const SIGNED = new Set(['pp', 'nid', 'ppRef', 'lock', 'napi', 'cpuid', 'owner', 'run', 'pool', 'page', 'c', 'count']);

export interface PromelaModel {
  text: string;
  /** 1 when SPIN has one extra state before an initial d_step (non-uniform array initial values), else 0 */
  extraInitState: number;
  bounds: Bounds;
}

function declArray(name: string, vals: (number | boolean)[], signed: boolean, init: string[]): string {
  const allSame = vals.every((v) => v === vals[0]);
  const type = typeof vals[0] === 'boolean' ? 'bool' : signed ? 'short' : 'byte';
  const v0 = (x: number | boolean) => (typeof x === 'boolean' ? (x ? 'true' : 'false') : String(x));
  if (allSame) return `${type} ${name}[${vals.length}] = ${v0(vals[0])};`;
  vals.forEach((v, i) => init.push(`${name}[${i}] = ${v0(v)};`));
  return `${type} ${name}[${vals.length}];`;
}

function declScalar(name: string, v: number | boolean, signed: boolean): string {
  if (typeof v === 'boolean') return `bool ${name} = ${v};`;
  return `${signed || v < 0 ? 'short' : 'byte'} ${name} = ${v};`;
}

export function promelaFor(scenario: string, over: Partial<Bounds> = {}, opts: { dump?: boolean } = {}): PromelaModel {
  const { scen, cfg, bounds } = resolve({ variant: 'mainline', scenario, bounds: over });
  const unsupported = scen.kinds.filter((k) => !SUPPORTED.has(k));
  if (unsupported.length > 0 || scen.script.length > 0)
    throw new Error(`promela: scenario ${scenario} uses kinds without a Promela transcription: ${unsupported.join(', ') || 'a driver script'}`);
  if (bounds.pools !== 1) throw new Error('promela: pools must be 1');
  if (bounds.threaded || bounds.preemptRt) throw new Error('promela: threaded NAPI / PREEMPT_RT not transcribed');
  // the hand-written part assumes the mainline guards below
  const need: [keyof typeof cfg, unknown][] = [
    ['recycleRequiresRefcntOne', true],
    ['recycleChecksPfmemalloc', true],
    ['putUnrefsPpRef', true],
    ['napiLocalChecksListOwner', true],
    ['directRecycleCheck', 'in_softirq'],
    ['refillChecksNuma', true],
    ['ringStatInsideLock', true],
    ['returnUnmapsDma', true],
    ['napiLocalRecycling', true],
    ['allowDirectContextCheck', 'none'],
    ['recycleChecksPoolNid', false],
  ];
  for (const [k, v] of need) if (cfg[k] !== v) throw new Error(`promela: config ${k} must be ${String(v)}`);

  const s0 = initialState(scen, bounds);
  const init: string[] = [];
  const decl: string[] = [];
  // ---- generated: state layout from the model's initial state ----
  decl.push('/* pages (model/state.ts Page) */');
  for (const f of ['ref', 'ppRef', 'pp', 'magic', 'nid', 'pfm', 'dma'] as const)
    decl.push(declArray(`pg_${f}`, s0.pages.map((p) => p[f]), SIGNED.has(f), init));
  decl.push('/* pool 0 (model/state.ts Pool; frag/destroy fields are constant in this scenario) */');
  const P = s0.pools[0];
  for (const f of ['st', 'count', 'lock', 'nid', 'napi', 'cpuid', 'hold', 'release'] as const)
    decl.push(declScalar(`pl_${f}`, P[f], SIGNED.has(f)));
  decl.push(declArray('pl_cache', P.cache, true, init));
  decl.push(`short pl_ring[${bounds.ringSize}] = -1;  /* FIFO, head first, unused slots -1 */`);
  decl.push(`byte pl_ringlen = ${P.ring.length};`);
  decl.push('/* napi (model/state.ts Napi) */');
  for (const f of ['sched', 'owner', 'run', 'disabled', 'irq', 'pool'] as const)
    decl.push(declScalar(`n_${f}`, s0.napi[f], SIGNED.has(f)));
  decl.push('/* RX descriptors and XDP frames in flight (FIFOs of page indices, unused slots -1) */');
  decl.push(`short rx[${bounds.descs}] = -1;`, `byte rxlen = 0;`, `short xdpq[1] = -1;`, `byte xdplen = 0;`);
  decl.push('/* actors[cpu*3 + ctx], ctx 0 task, 1 softirq, 2 hardirq (model/state.ts Actor; q is always empty here) */');
  for (const f of ['op', 'pool', 'page', 'c', 'bh'] as const)
    decl.push(declArray(`a_${f}`, s0.actors.map((a) => a[f]), SIGNED.has(f), init));
  decl.push(declScalar('budget', s0.budget, false));
  decl.push('/* ghost flags (model/state.ts Ghost) */');
  for (const f of ['poolUaf', 'putFreed', 'ppUnderflow', 'nonLocalPush', 'unmapDeadDev'] as const)
    decl.push(declScalar(`g_${f}`, s0.g[f], true));

  const defs = [
    `#define CPUS ${bounds.cpus}`,
    `#define NPAGES ${bounds.pages}`,
    `#define NACT ${bounds.cpus * 3}`,
    `#define CACHE ${bounds.cacheSize}`,
    `#define RING ${bounds.ringSize}`,
    `#define DESCS ${bounds.descs}`,
    `#define NODES ${bounds.nodes}`,
    `#define REFILL ${Math.max(1, bounds.cacheSize >> 1)}`,
  ];

  // ---- generated: the alternatives, per CPU and context ----
  const alts: string[] = [];
  const k = new Set<string>(scen.kinds);
  const pfms = bounds.pressure === 1 ? [0, 1] : [0];
  const skbCpus = new Set(scen.skbCpus ?? Array.from({ length: bounds.cpus }, (_, i) => i));
  for (let c = 0; c < bounds.cpus; c++) {
    const H = c * 3 + 2;
    const Sx = c * 3 + 1;
    if (k.has('napi_schedule'))
      alts.push(`:: d_step { (a_op[${H}] == 0 && ${c} == n_irq && !n_sched && !n_disabled && budget > 0) -> napi_schedule(${c}); SCRUB }`);
    const idle = `a_op[${Sx}] == 0 && CANRUN_SOFT(${c})`;
    const poll = `${idle} && POLL(${c})`;
    if (k.has('page_pool_alloc_pages')) {
      const can = `${poll} && budget > 0 && rxlen < DESCS && pl_st == 0`;
      alts.push(`:: d_step { (${can} && pl_count > 0) -> alloc_pages(${Sx}); SCRUB }`);
      for (const pfm of pfms) {
        alts.push(`:: d_step { (${can} && pl_count <= 0 && pl_ringlen > 0) -> refill_step(${c}, ${pfm}); SCRUB }`);
        alts.push(`:: d_step { (${can} && pl_count <= 0 && pl_ringlen == 0 && HASFREE(${c})) -> slow_step(${c}, ${pfm}); SCRUB }`);
      }
    }
    if (k.has('page_pool_recycle_direct')) alts.push(`:: d_step { (${poll} && rxlen > 0) -> recycle_direct(${c}, ${Sx}); SCRUB }`);
    if (k.has('xdp_do_redirect')) alts.push(`:: d_step { (${poll} && rxlen > 0 && xdplen < 1) -> xdp_do_redirect(); SCRUB }`);
    if (k.has('napi_complete_done')) alts.push(`:: d_step { (${poll}) -> napi_complete_done(); SCRUB }`);
    if (k.has('xdp_return_frame') && skbCpus.has(c))
      alts.push(`:: d_step { (${idle} && xdplen > 0) -> xdp_return_frame(${c}, ${Sx}); SCRUB }`);
    // continuations of the softirq actor (the only context that starts multi-step operations here)
    const cont = `CANRUN_SOFT(${c})`;
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 1) -> recycle_in_cache(${c}, ${Sx}); SCRUB }`);
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 2) -> recycle_in_cache_store(${c}, ${Sx}); SCRUB }`);
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 3 && pl_lock == -1) -> recycle_in_ring(${Sx}); SCRUB }`);
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 4) -> producer_unlock(${Sx}); SCRUB }`);
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 11) -> return_page(${Sx}); SCRUB }`);
    alts.push(`:: d_step { (${cont} && a_op[${Sx}] == 6) -> get_cached(${Sx}); SCRUB }`);
  }

  // debugging aid (--dump): after every transition a c_code block prints the whole state; sort -u of
  // pan's output is the set of reachable states (the c_code adds intermediate states to SPIN's count)
  const dumpVars: string[] = [];
  for (const d of decl) {
    const m = /^(?:byte|short|bool) (\w+)(?:\[(\d+)\])?/.exec(d);
    if (!m) continue;
    if (m[2]) for (let i = 0; i < Number(m[2]); i++) dumpVars.push(`${m[1]}[${i}]`);
    else dumpVars.push(m[1]);
  }
  const dump = opts.dump
    ? ` }; c_code { printf("S${dumpVars.map(() => ' %d').join('')}\\n", ${dumpVars.map((v) => 'now.' + v).join(', ')}); }`
    : ' }';
  for (let i = 0; i < alts.length; i++) alts[i] = alts[i].replace(/SCRUB \}$/, `SCRUB${dump}`);
  const text = `/* GENERATED by test/bench/promela.ts from the ppcheck page_pool model (variant mainline,
 * scenario ${scenario}, bounds ${JSON.stringify(bounds)}). Do not edit: regenerate.
 * State layout, bounds and per-CPU alternatives are generated; the inline action bodies are
 * hand-written transcriptions of model/actions.ts (marked HAND-WRITTEN). */
${defs.join('\n')}

${decl.join('\n')}
hidden short tpg, tk, tn, tpref, ti, tret;
hidden byte tdirect, tconsumer, tskip;

/* ===== HAND-WRITTEN: transcription of model/actions.ts (mainline config) ===== */
#define BUSY(a) (a_op[a] != 0)
/* canRun(): softirq runs unless the hardirq is mid-operation or the task has BH off */
#define CANRUN_SOFT(c) (!BUSY(c*3+2) && !(BUSY(c*3) && (a_bh[c*3] || a_op[c*3] == 4)))
/* isPollCtx() for a softirq (not threaded) */
#define POLL(c) (n_sched && !n_disabled && n_run == c)
/* prefNid(): pool->p.nid, or the CPU's node for NUMA_NO_NODE */
inline setPref(c) { if :: pl_nid < 0 -> tpref = c % NODES :: else -> tpref = pl_nid fi }
#define HASFREE(c) ((pl_nid < 0 && HASFREE0(c % NODES)) || (pl_nid >= 0 && HASFREE0(pl_nid)))

/* the first free page on node tpref, into tpg */
inline findFree() {
  tpg = -1; ti = 0;
  do :: ti < NPAGES -> if :: (tpg < 0 && pg_ref[ti] == 0 && pg_nid[ti] == tpref) -> tpg = ti :: else -> skip fi; ti++
     :: else -> break od
}
${hasFreeMacro(bounds.pages)}

/* scrubDeadSlots(): idle actors have bh off; dead cache slots are -1 unless a cache access is in flight */
inline SCRUB_body() {
  ti = 0;
  do :: ti < NACT -> if :: a_op[ti] == 0 -> a_bh[ti] = false :: else -> skip fi; ti++
     :: else -> break od;
  tskip = false; ti = 0;
  do :: ti < NACT -> if :: ((a_op[ti] == 2 || a_op[ti] == 6) && a_pool[ti] == 0) -> tskip = true :: else -> skip fi; ti++
     :: else -> break od;
  if :: !tskip -> ti = (pl_count > 0 -> pl_count : 0);
        do :: ti < CACHE -> pl_cache[ti] = -1; ti++ :: else -> break od
     :: else -> skip fi
}
#define SCRUB SCRUB_body()

inline touchPool(k) {
  if :: k < 0 -> if :: g_poolUaf < 0 -> g_poolUaf = 99 :: else -> skip fi
     :: else -> if :: (pl_st == 2 && g_poolUaf < 0) -> g_poolUaf = k :: else -> skip fi
  fi
}
inline finishOp(a) { a_op[a] = 0; a_pool[a] = -1; a_page[a] = -1; a_c[a] = 0; a_bh[a] = false }
inline putPage(pg) {
  if :: pg_ref[pg] <= 0 -> if :: g_putFreed < 0 -> g_putFreed = pg :: else -> skip fi
     :: else -> pg_ref[pg]--; if :: pg_ref[pg] == 0 -> pg_pfm[pg] = false :: else -> skip fi
  fi
}
/* page_pool_return_netmem() */
inline returnNetmem(k, pg) {
  touchPool(k);
  if :: pg_dma[pg] -> pg_dma[pg] = false :: else -> skip fi;  /* devUnbound is false in this scenario */
  if :: k >= 0 -> pl_release++ :: else -> skip fi;
  pg_pp[pg] = -1; pg_magic[pg] = false; pg_ppRef[pg] = 0;
  putPage(pg)
}
/* page_pool_unref_netmem(pg, 1) into tret */
inline unref1(pg) {
  if :: pg_ppRef[pg] == 1 -> tret = 0
     :: else -> tret = pg_ppRef[pg] - 1;
        if :: tret < 0 -> if :: g_ppUnderflow < 0 -> g_ppUnderflow = pg :: else -> skip fi; pg_ppRef[pg] = tret
           :: tret == 0 -> pg_ppRef[pg] = 1
           :: else -> pg_ppRef[pg] = tret
        fi
  fi
}
/* startPut() for a softirq actor a on cpu c */
inline startPut(c, a, pg, allowDirect) {
  tk = pg_pp[pg];
  touchPool(tk);
  if :: tk >= 0 ->
        unref1(pg);
        if :: tret == 0 ->
              /* napiLocal(): in_softirq, pool->cpuid == cpu, or napi linked and list_owner == cpu */
              tdirect = (allowDirect || pl_cpuid == c || (pl_napi >= 0 && n_owner == c));
              if :: (pg_ref[pg] == 1 && !pg_pfm[pg]) ->
                    a_op[a] = (tdirect -> 1 : 3); a_pool[a] = tk; a_page[a] = pg
                 :: else -> returnNetmem(tk, pg)
              fi
           :: else -> skip
        fi
     :: else -> skip
  fi
}
inline checkLocalPush(k, c) {
  tconsumer = (pl_st == 0 && (pl_cpuid == c || (pl_napi >= 0 && n_owner == c && n_run == c) || (n_pool == k && POLL(c))));
  if :: (!tconsumer && g_nonLocalPush < 0) -> g_nonLocalPush = k :: else -> skip fi
}
inline rxPush(pg) { rx[rxlen] = pg; rxlen++ }
inline rxShift() {
  tpg = rx[0]; ti = 1;
  do :: ti < DESCS -> rx[ti-1] = rx[ti]; ti++ :: else -> break od;
  rx[DESCS-1] = -1; rxlen--
}
inline ringShift() {
  tn = pl_ring[0]; ti = 1;
  do :: ti < RING -> pl_ring[ti-1] = pl_ring[ti]; ti++ :: else -> break od;
  pl_ring[RING-1] = -1; pl_ringlen--
}
/* alloc_pages_node + page_pool_set_pp_info, into tpg (-1: none) */
inline slowAlloc(c, pfm) {
  setPref(c); findFree();
  if :: tpg >= 0 ->
        pg_ref[tpg] = 1; pg_ppRef[tpg] = 1; pg_pp[tpg] = 0; pg_magic[tpg] = true; pg_pfm[tpg] = (pfm == 1); pg_dma[tpg] = true;
        pl_hold++
     :: else -> skip
  fi
}
/* page_pool_refill_alloc_cache(), into tpg */
inline refill(c) {
  setPref(c); tpg = -1;
  do
  :: pl_ringlen > 0 ->
     ringShift();
     if :: pg_nid[tn] == tpref -> pl_cache[pl_count] = tn; pl_count++;
           if :: (pl_count >= REFILL || pl_count >= CACHE) -> break :: else -> skip fi
        :: else -> returnNetmem(0, tn); break
     fi
  :: else -> break
  od;
  if :: pl_count > 0 -> pl_count--; tpg = pl_cache[pl_count] :: else -> tpg = -1 fi
}
inline napi_schedule(c) { n_sched = true; n_run = c; n_owner = c }
inline napi_complete_done() { n_sched = false; n_owner = -1; n_run = -1 }
inline alloc_pages(a) { touchPool(0); budget--; a_op[a] = 6; a_pool[a] = 0; a_c[a] = pl_count; a_bh[a] = false }
inline get_cached(a) {
  touchPool(a_pool[a]);
  tpg = (a_c[a] > 0 -> pl_cache[a_c[a] - 1] : -1);
  pl_count = a_c[a] - 1;
  if :: tpg >= 0 -> rxPush(tpg) :: else -> skip fi;
  finishOp(a)
}
inline refill_step(c, pfm) {
  touchPool(0); budget--;
  refill(c);
  if :: tpg < 0 -> slowAlloc(c, pfm) :: else -> skip fi;
  if :: tpg >= 0 -> rxPush(tpg) :: else -> skip fi
}
inline slow_step(c, pfm) {
  touchPool(0); budget--;
  slowAlloc(c, pfm);
  if :: tpg >= 0 -> rxPush(tpg) :: else -> skip fi
}
inline recycle_direct(c, a) { rxShift(); a_bh[a] = false; startPut(c, a, tpg, true) }
inline xdp_do_redirect() { rxShift(); xdpq[0] = tpg; xdplen = 1 }
inline xdp_return_frame(c, a) { tpg = xdpq[0]; xdpq[0] = -1; xdplen = 0; startPut(c, a, tpg, false) }
inline recycle_in_cache(c, a) {
  touchPool(a_pool[a]); checkLocalPush(a_pool[a], c);
  if :: pl_count >= CACHE -> a_op[a] = 3
     :: else -> a_op[a] = 2; a_c[a] = pl_count
  fi
}
inline recycle_in_cache_store(c, a) {
  touchPool(a_pool[a]); checkLocalPush(a_pool[a], c);
  pl_cache[a_c[a]] = a_page[a]; pl_count = a_c[a] + 1;
  finishOp(a)
}
inline recycle_in_ring(a) {
  touchPool(a_pool[a]);
  pl_lock = a; a_op[a] = 4;
  if :: pl_ringlen >= RING -> skip /* the produce fails under the lock: the page stays (op 11 after the unlock) */
     :: else -> pl_ring[pl_ringlen] = a_page[a]; pl_ringlen++; a_page[a] = -1
  fi
}
inline producer_unlock(a) {
  touchPool(a_pool[a]); pl_lock = -1;
  if :: a_page[a] >= 0 -> a_op[a] = 11
     :: else -> finishOp(a)
  fi
}
inline return_page(a) { tpg = a_page[a]; tk = a_pool[a]; touchPool(tk); finishOp(a); returnNetmem(tk, tpg) }
/* ===== end of HAND-WRITTEN ===== */

active proctype pagepool() {
${init.length > 0 ? `  d_step { ${init.join(' ')} };\n` : ''}end:
  do
${alts.map((a) => '  ' + a).join('\n')}
  od
}
`;
  return { text, extraInitState: init.length > 0 ? 1 : 0, bounds };
}

/** HASFREE0(nid): some page with _refcount 0 on node nid (an expression, unrolled over the pages). */
function hasFreeMacro(pages: number): string {
  const terms = Array.from({ length: pages }, (_, i) => `(pg_ref[${i}] == 0 && pg_nid[${i}] == (nid))`);
  return `#define HASFREE0(nid) (${terms.join(' || ')})`;
}

// `node --import tsx test/bench/promela.ts [scenario] [bounds-json] [--dump]` prints the Promela
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(promelaFor(process.argv[2] ?? 'xdp', JSON.parse(process.argv[3] ?? '{}'), { dump: process.argv.includes('--dump') }).text);
}
