/**
 * What every model function receives besides the state: the action being
 * stepped (`Action`) and the run's fixed parameters (`Env`). A leaf module:
 * the kernel functions (model/kernel/), the driver (model/driver/) and the
 * table that joins them (model/registry.ts) import it, never the other way.
 */
import type { ModelConfig } from './config.ts';
import type { Scenario } from './scenario.ts';
import type { Actor, Ctx, PagePoolState } from './state.ts';

/** One transition: a kernel function started (or continued) by a CPU in a context. */
export interface Action {
  /** the action kind: the kernel function's name (model/registry.ts lists them) */
  fn: string;
  cpu: number;
  ctx: Ctx;
  /** skb index, pool index, page index or choice, depending on fn (-1 if unused) */
  a: number;
  /** second skb (coalesce `from`), BH-off flag (kfree_skb) or pfmemalloc choice (-1 if unused) */
  b: number;
}

/** One boolean per action kind: whether the scenario starts it. */
export type KindFlags = Readonly<Record<string, boolean>>;

/**
 * The transition of one kernel function (or one step of a split one) on a
 * state the caller owns: `act` is the acting (cpu, ctx)'s in-flight record
 * inside `t`. Plain top-level functions: no closure per transition.
 */
export type StepFn = (t: PagePoolState, a: Action, env: Env, act: Actor) => void;

/** Appends the actions of one kind that may start at (cpu, ctx) in `s`. */
export type StartFn = (s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]) => void;
/** Appends the actions of one kind that may start on live skb `j` at (cpu, ctx). */
export type SkbStartFn = (s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[], j: number) => void;
/** Whether a driver script step of this kind may run now (cpu0, task). */
export type ScriptFn = (s: PagePoolState, env: Env, arg: number) => boolean;

/**
 * The start rules of the kinds a scenario runs, per place in the enumeration
 * of enabledActions (model/registry.ts `startTables`), in the table's order.
 */
export interface StartTables {
  hardirq: StartFn[];
  poll: StartFn[];
  softirqSkb: SkbStartFn[];
  softirq: StartFn[];
  taskSkb: SkbStartFn[];
  task: StartFn[];
  /** the system workqueue (cpu0 task, after the driver script) */
  worker: StartFn[];
}

export interface Env {
  cfg: ModelConfig;
  scen: Scenario;
  cpus: number;
  nodes: number;
  descs: number;
  clones: number;
  ringSize: number;
  cacheSize: number;
  threaded: boolean;
  rt: boolean;
  pressure: boolean;
  /** `--arch` (ARCH_64, ARCH_32, ARCH_32_DMA64 of model/kernel/include/linux/mm.ts): the layout of struct page's pp words */
  arch: number;
  kinds: Set<string>;
  /** the same as `kinds`, one boolean per action kind (kindFlags(kinds)): looked up on every state */
  on: KindFlags;
  /** the start rules of the kinds in `kinds` (startTables(on)), so that a state asks only those */
  starts: StartTables;
  skbCpus: Set<number>;
}

/** Append an action to `out` (a, b: -1 if unused). */
export function push(out: Action[], fn: string, cpu: number, ctx: Ctx, a = -1, b = -1): void {
  out.push({ fn, cpu, ctx, a, b });
}

/** cpu c is on NUMA node c % nodes (numa_mem_id()). */
export const nodeOf = (env: Env, cpu: number): number => cpu % env.nodes;
