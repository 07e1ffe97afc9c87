/**
 * Building a `Model` for (variant, scenario, bounds).
 */
import type { Invariant, Model } from '../src/engine/model.ts';
import { type Bounds, FamilyInputError } from '../src/family.ts';
import type { Env } from './env.ts';
import { KERNEL_FUNCTION, KERNEL_FUNCTIONS, type KernelFunction, type PpAction, kindFlags, startTables } from './registry.ts';
import { enabledActions, stepperFor } from './transition.ts';
import { scrubDeadSlots } from './context.ts';
import { type ModelConfig, mainlineConfig } from './config.ts';
import { actionActor, actionLabel, describeChange } from './printers.ts';
import { PAGE_POOL_ITF_TYPES } from './itf-types.ts';
import { explainPagePool } from './explain.ts';
import { contextState, describeRead } from './views.ts';
import { BOUND_SPECS, type Scenario } from './scenario.ts';
import { SCENARIOS, findScenario } from './scenarios.ts';
import { ALLOC_STATS, type PagePoolState, POOL_ALIVE, STAT_FIELDS, cloneState, encodeState, stateChanged } from './state.ts';
import { mp_dmabuf_devmem_init } from './kernel/net/core/devmem.ts';
import { compileCodec } from '../src/engine/codec.ts';
import { encodeCanonical } from './symmetry.ts';
import { page_pool_create_percpu } from './kernel/net/core/page_pool.ts';
import { cpuClasses, makeCpuCanonicalEncode } from './cpu-symmetry.ts';
import { findVariant, VARIANTS } from './variants/index.ts';
import type { VariantDef } from './variants/types.ts';
import { stateProperties, terminalProperties } from '../properties/index.ts';
import { livenessParts, steadyStepper } from './liveness-model.ts';
import { CORPUS_PROPERTIES, SCENARIO_PROPERTIES } from './variants/corpus.ts';

export function validateBounds(b: Bounds): void {
  for (const k of Object.keys(b)) {
    if (!BOUND_SPECS.some((s) => s.name === k))
      throw new FamilyInputError(`unknown bound '${k}' (known: ${BOUND_SPECS.map((s) => s.name).join(', ')})`);
  }
  for (const spec of BOUND_SPECS) {
    const v = b[spec.name];
    if (v === undefined) throw new FamilyInputError(`missing bound '${spec.name}'`);
    if (!Number.isInteger(v) || v < spec.min || v > spec.max)
      throw new FamilyInputError(`--${spec.name} must be an integer in ${spec.min}..${spec.max}, got ${v}`);
  }
}

export function initialState(scen: Scenario, b: Bounds): PagePoolState {
  const cpus = b.cpus;
  return {
    pages: Array.from({ length: b.pages }, (_, i) => ({
      ref: 0,
      ppRef: 0,
      pp: -1,
      magic: false,
      nid: i % b.nodes,
      pfm: false,
      dma: false,
      dmaAddr: 0,
      dmaIdx: 0,
    })),
    pools: Array.from({ length: b.pools }, (_, k) => ({
      st: POOL_ALIVE,
      cache: new Array<number>(b.cacheSize).fill(-1),
      count: 0,
      ring: [],
      lock: -1,
      nid: scen.poolNid,
      // page_pool_create() with p.napi = the driver's NAPI; page_pool_create_percpu(): cpuid, no napi
      ...page_pool_create_percpu(0, k === 0 && scen.percpuPool !== undefined ? scen.percpuPool : -1),
      hold: 0,
      release: 0,
      // page_pool_create(): user_cnt 1; page_pool_use_xdp_mem() adds the XDP memory model's user
      user: k === 0 && scen.xdpMemModel === true ? 2 : 1,
      destroyCnt: 0,
      frag: -1,
      fragUsers: 0,
      fragOff: 0,
      retry: false,
      seen: 0,
      dmaSync: scen.dmaSyncDev === true,
      // page_pool_create() with p.order (a high-order pool: scenario `order`)
      order: scen.order ?? 0,
      // CONFIG_PAGE_POOL_STATS (bound poolStats): pool->alloc_stats (zeroed with the pool) and
      // pool->recycle_stats = alloc_percpu() at page_pool_init(), one block per CPU
      stats: b.poolStats === 1 ? new Array<number>(ALLOC_STATS + cpus * STAT_FIELDS).fill(0) : [],
    })),
    napi: scen.napiScheduled
      ? { sched: true, owner: b.threaded ? -1 : 0, run: 0, disabled: false, irq: 0, pool: 0 }
      : { sched: false, owner: -1, run: -1, disabled: false, irq: 0, pool: 0 },
    skbs: Array.from({ length: b.skbs }, () => ({ st: 0, sh: -1, ppr: false, cpu: -1, cloned: false, up: -1, ur: false })),
    sh: Array.from({ length: b.skbs }, () => ({ dataref: 0, refs: [] as number[], head: false })),
    rx: [],
    xdp: [],
    xdpFrag: [],
    ext: [],
    drvFrag: -1,
    drvFrags: 0,
    // devmem: the netlink bind holds the binding (1); page_pool_init() -> mp_ops->init() takes the pool's reference
    binding: scen.devmem === true ? mp_dmabuf_devmem_init(1) : -1,
    bound: scen.devmem === true,
    actors: Array.from({ length: cpus * 3 }, () => ({ op: 0, pool: -1, page: -1, c: 0, bh: false, bhd: 0, ns: -1, q: [] as number[], bq: [] as number[] })),
    budget: b.budget,
    drv: 0,
    devUnbound: false,
    g: { poolUaf: -1, putFreed: -1, ppUnderflow: -1, nonLocalPush: -1, unmapDeadDev: -1, negInflight: -1, syncUnmapped: -1, oob: -1, pfmReuse: -1, mpUaf: -1, niovPut: -1, foreign: -1, badPage: -1, numaRemote: -1, dmaBad: -1, statBad: -1, niovAsPage: -1 },
  };
}

const TABLE: readonly KernelFunction[] = KERNEL_FUNCTIONS;

/** Action kinds the config can produce (the table's `exists`: mainline never runs a stat increment after the unlock). */
export function kindsFor(cfg: ModelConfig): string[] {
  return TABLE.filter((e) => e.exists?.(cfg) ?? true).map((e) => e.fn);
}

/**
 * The kinds a (config, scenario) model can produce: the scenario's kinds, its
 * driver script, and what they lead to. `npm run check` checks that mainline's
 * scenarios together fire every kind of `kindsFor(mainlineConfig)` (test/model/mainline.test.ts).
 */
export function scenarioKinds(cfg: ModelConfig, scen: Scenario): string[] {
  const want = new Set<string>([...scen.kinds, ...scen.script.map((x) => x.fn)]);
  for (const k of [...want]) for (const i of KERNEL_FUNCTION.get(k)?.leadsTo ?? []) want.add(i);
  if (scen.dmaSyncDev && want.has('page_pool_recycle_in_ring')) {
    want.add('page_pool_dma_sync_for_device');
    want.add('__page_pool_dma_sync_for_device');
  }
  return kindsFor(cfg).filter((k) => want.has(k));
}

export interface BuildInput {
  variant: string;
  scenario: string;
  /** the scenario as data, when it is not one of model/scenarios.ts (a proposal's own scenario) */
  scenarioDef?: Scenario;
  bounds: Partial<Bounds>;
  /** extra config overrides on top of the variant's (tests, proposals) */
  config?: Partial<ModelConfig>;
  /**
   * Symmetry reduction (default true): page symmetry (model/symmetry.ts)
   * and, unless `cpuSymmetry` says otherwise, CPU symmetry. false: fingerprint
   * the state as is (the bench compares these counts with SPIN's, which has
   * no symmetry reduction).
   */
  symmetry?: boolean;
  /**
   * CPU symmetry reduction (default: as `symmetry`): CPUs with the same
   * static role (model/cpu-symmetry.ts) are interchangeable; fingerprint the
   * smallest relabelling. Only bounds with two or more such CPUs (3+ CPUs)
   * change. `{cpuSymmetry: false}` = page symmetry only;
   * `{symmetry: false, cpuSymmetry: true}` = CPU symmetry only.
   */
  cpuSymmetry?: boolean;
}

/** The run's fixed parameters (Env) for a config, scenario and complete bounds: the one place that builds them (buildModel, proposals). */

export function resolve(req: BuildInput): { v: VariantDef; scen: Scenario; cfg: ModelConfig; bounds: Bounds } {
  const v = findVariant(req.variant);
  if (!v) throw new FamilyInputError(`unknown variant '${req.variant}' (known: ${VARIANTS.map((x) => x.id).join(', ')})`);
  const scen = req.scenarioDef ?? findScenario(req.scenario);
  if (!scen) throw new FamilyInputError(`unknown scenario '${req.scenario}' (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
  const bounds: Bounds = { ...scen.bounds };
  for (const over of [v.bounds ?? {}, req.bounds])
    for (const [k, val] of Object.entries(over)) if (val !== undefined) bounds[k] = val;
  validateBounds(bounds);
  for (const [k, max] of Object.entries(scen.maxBounds ?? {}))
    if (max !== undefined && bounds[k] > max)
      throw new FamilyInputError(`scenario '${scen.id}' takes --${k} at most ${max}, got ${bounds[k]}: ${scen.limitReason ?? 'its script is written for that bound'}`);
  const cfg: ModelConfig = { ...mainlineConfig, ...v.config, ...(req.config ?? {}) };
  return { v, scen, cfg, bounds };
}

/**
 * The state properties of a model: the global ones, then, for mainline's code (and its mutants),
 * the scenario's workload properties (Scenario.checks) at the scenario's default bounds (their
 * assumption is that workload: xdp-drop-direct needs a cache that holds every page). An era is
 * checked against them by its corpus entries (v5.14 has the threaded-NAPI in_serving_softirq()
 * test that 542bcea4be86 fixed in v6.3, so it fails xdp-drop-direct in threaded-xdp).
 */
function invariantsOf(v: VariantDef, scen: Scenario, bounds: Bounds): Invariant<PagePoolState>[] {
  const own = scen.checks && (v.kind === 'mainline' || v.kind === 'mutant') && Object.keys(scen.bounds).every((k) => bounds[k] === scen.bounds[k]);
  return own ? [...stateProperties, ...[...CORPUS_PROPERTIES, ...SCENARIO_PROPERTIES].filter((p) => scen.checks!.includes(p.id))] : stateProperties;
}

/** The run's fixed parameters (`Env`) of a resolved request (one path for build.ts and proposal.ts). */
export function buildEnv(cfg: ModelConfig, scen: Scenario, bounds: Bounds): Env {
  return {
    cfg,
    scen,
    cpus: bounds.cpus,
    nodes: bounds.nodes,
    descs: bounds.descs,
    clones: bounds.clones,
    ringSize: bounds.ringSize,
    cacheSize: bounds.cacheSize,
    threaded: bounds.threaded === 1,
    rt: bounds.preemptRt === 1,
    pressure: bounds.pressure === 1,
    arch: bounds.arch ?? 0,
    kinds: new Set(scen.kinds),
    on: kindFlags(scen.kinds),
    starts: startTables(kindFlags(scen.kinds)),
    skbCpus: new Set(scen.skbCpus ?? Array.from({ length: bounds.cpus }, (_, i) => i)),
  };
}

export function buildModel(req: BuildInput): Model<PagePoolState, PpAction> {
  const { v, scen, cfg, bounds } = resolve(req);
  const env = buildEnv(cfg, scen, bounds);
  const init = initialState(scen, bounds);
  // compact BFS frontiers: pack/unpack generated from the initial state's shape (every field, as is)
  const codec = compileCodec(init);
  const pageEncode = req.symmetry === false ? encodeState : encodeCanonical;
  // local copies: imported bindings are accessor calls once transpiled (tsx), and these run per state
  const actionsOf = enabledActions;
  // the variant's kernel functions replaced by name (VariantDef.replace) on top of the table's
  // (a steady workload is normalized after every step: model/liveness-model.ts)
  const stepHere = steadyStepper(stepperFor(v.replace), scen, bounds.budget);
  const step = (s: PagePoolState, a: PpAction): PagePoolState => {
    const t = cloneState(s);
    stepHere(t, a, env);
    return t;
  };
  const m: Model<PagePoolState, PpAction> = {
    name: 'page_pool',
    init: () => [init],
    actions: (s) => actionsOf(s, env),
    step,
    stepInPlace: (t, a) => stepHere(t, a, env),
    inPlaceStepOf: step,
    invariants: invariantsOf(v, scen, bounds),
    terminalInvariants: terminalProperties,
    ...livenessParts(scen, env, bounds),
    // page frames are interchangeable: the encoding is that of the canonical relabelling
    // (model/symmetry.ts; equal to encodeState(canonicalPages(s)), without building it)
    // with CPU symmetry: the smallest encoding over relabellings of interchangeable CPUs (model/cpu-symmetry.ts).
    // Without any symmetry the encoding is the packed state itself (every field, as is; as
    // injective as encodeState, so the same counts): BFS then hashes each successor where
    // it packs it into the frontier, one serialization per transition (src/engine/bfs.ts)
    encode: (req.cpuSymmetry ?? req.symmetry !== false)
      ? makeCpuCanonicalEncode(env.cpus, cpuClasses(env), pageEncode)
      : req.symmetry === false
        ? codec.pack
        : pageEncode,
    pack: codec.pack,
    unpack: codec.unpack,
    packWords: codec.packWords,
    unpackWords: codec.unpackWords,
    // a refilled state object is a state changed in place (pageCounts' cache)
    unpackWordsInto: (b, c, t) => {
      codec.unpackWordsInto(b, c, t);
      stateChanged(t);
    },
    actionLabel,
    actionKind: (a) => a.fn,
    actionKinds: scenarioKinds(cfg, scen),
    actionActor,
    describeChange: (prev, next) => describeChange(prev, next),
    // trace files write states and ops by name, NULL pointers as None (model/itf-types.ts)
    itfTypes: PAGE_POOL_ITF_TYPES,
    // trace printers only (model/views.ts, model/explain.ts): never called while exploring
    contextState: (prev, a) => contextState(prev, step(prev, a), a),
    describeRead,
    stepEpilogue: scrubDeadSlots,
    explain: explainPagePool,
  };
  // a patch that replaces `step` is stepped with its own step (Model.inPlaceStepOf)
  return v.patch ? v.patch(m, cfg) : m;
}
