/**
 * The model's transition system, derived from the table of kernel functions
 * (model/registry.ts): the enabled actions of a state (enabledActions) and
 * the step (stepInPlace / stepState), dispatched by action kind to the model
 * function of that kernel function. A variant or proposal replaces a kernel
 * function by its name (`stepperFor`).
 */
import { canRun, isPollCtx, kthreadPollBhDisable, scrubDeadSlots } from './context.ts';
import type { Action, Env, StepFn } from './env.ts';
import { push } from './env.ts';
import { KERNEL_FUNCTION, KERNEL_FUNCTIONS, type KernelFunction, POLL_STARTED, type PpAction } from './registry.ts';
import type { Actor, Ctx, PagePoolState } from './state.ts';
import * as S from './state.ts';

const { HARDIRQ, OP_NONE, SOFTIRQ, TASK, actorId, cloneState, stateChanged } = S;

/** The contexts of a CPU in the order their actions are listed. */
const CTX_ORDER: readonly Ctx[] = [HARDIRQ, SOFTIRQ, TASK];

/** The continuation of each in-flight operation, by S.OP_* code. */
const CONTINUATION: (KernelFunction | undefined)[] = [];
for (const e of KERNEL_FUNCTIONS as readonly KernelFunction[]) if (e.continues !== undefined) CONTINUATION[e.continues] = e;
/** The kinds that take the next page of a loop (Actor.q): skb_release_data's, an XDP frame's (Actor.ns NS_XDP*). */
const LOOP = (KERNEL_FUNCTIONS as readonly KernelFunction[]).find((e) => e.loop === 'skb')!.fn;
const XDP_LOOP = (KERNEL_FUNCTIONS as readonly KernelFunction[]).find((e) => e.loop === 'xdp')!.fn;

function continuation(s: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, out: Action[]): void {
  const e = CONTINUATION[act.op];
  if (e === undefined) return;
  if (e.ready !== undefined && !e.ready(s, env, act)) return;
  push(out, e.fn, cpu, ctx, e.arg === 'page' ? act.page : act.pool);
}

/** The network stack and tasks on a CPU of `skbCpus`: per live skb, then per CPU. */
function stackActions(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const perSkb = ctx === SOFTIRQ ? env.starts.softirqSkb : env.starts.taskSkb;
  if (perSkb.length > 0) {
    for (let j = 0; j < s.skbs.length; j++) {
      if (s.skbs[j].st !== S.SKB_LIVE) continue;
      for (let i = 0; i < perSkb.length; i++) perSkb[i](s, env, cpu, ctx, out, j);
    }
  }
  if (ctx === SOFTIRQ) for (const r of env.starts.softirq) r(s, env, cpu, ctx, out);
}

/** The driver script's next step (cpu0 task), when its rule lets it run. */
function scriptAction(s: PagePoolState, env: Env, out: Action[]): void {
  const step = env.scen.script[s.drv];
  if (step && KERNEL_FUNCTION.get(step.fn)?.script?.(s, env, step.arg)) push(out, step.fn, 0, TASK, step.arg);
}

function taskActions(s: PagePoolState, env: Env, cpu: number, out: Action[]): void {
  if (env.skbCpus.has(cpu)) stackActions(s, env, cpu, TASK, out);
  for (const r of env.starts.task) r(s, env, cpu, TASK, out);
  if (cpu !== 0) return;
  scriptAction(s, env, out);
  for (const r of env.starts.worker) r(s, env, cpu, TASK, out);
}

function contextActions(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const act = s.actors[actorId(cpu, ctx)];
  if (act.op !== OP_NONE) return continuation(s, env, act, cpu, ctx, out);
  if (act.q.length > 0) return push(out, act.ns >= S.NS_XDP ? XDP_LOOP : LOOP, cpu, ctx, act.q[0] >> 2);
  if (ctx === HARDIRQ) {
    for (const r of env.starts.hardirq) r(s, env, cpu, ctx, out);
    return;
  }
  if (isPollCtx(s, env, cpu, ctx)) for (const r of env.starts.poll) r(s, env, cpu, ctx, out);
  if (ctx === SOFTIRQ && env.skbCpus.has(cpu)) stackActions(s, env, cpu, ctx, out);
  if (ctx === TASK) taskActions(s, env, cpu, out);
}

export function enabledActions(s: PagePoolState, env: Env): PpAction[] {
  const out: Action[] = [];
  for (let cpu = 0; cpu < env.cpus; cpu++) {
    for (const ctx of CTX_ORDER) if (canRun(s, env, cpu, ctx)) contextActions(s, env, cpu, ctx, out);
  }
  return out as PpAction[];
}

// ---------------------------------------------------------------------------
// The step

/** The model function of each kind, with `replace` (kind -> step) on top. */
function stepTable(replace: Readonly<Record<string, StepFn | undefined>> = {}): Map<string, StepFn> {
  const m = new Map<string, StepFn>();
  for (const e of KERNEL_FUNCTIONS as readonly KernelFunction[]) m.set(e.fn, replace[e.fn] ?? e.step);
  for (const fn of Object.keys(replace)) if (!m.has(fn)) throw new Error(`replace: unknown kernel function '${fn}' (model/registry.ts)`);
  return m;
}

export type InPlaceStep = (t: PagePoolState, a: PpAction, env: Env) => void;

/**
 * What the kernel does before any step's function runs, here and for a proposal's replaced
 * step (model/proposal.ts): the acting context's in-flight record; a poll step of the threaded
 * NAPI kthread disables BH first (napi_threaded_poll_loop, model/context.ts kthreadPollBhDisable).
 */
export function enterStep(t: PagePoolState, a: Action, env: Env): Actor {
  const act = t.actors[actorId(a.cpu, a.ctx)];
  if (POLL_STARTED.has(a.fn)) kthreadPollBhDisable(env, a.ctx, act);
  return act;
}

/**
 * The in-place step with some kernel functions replaced by name (a variant's
 * `replace`): `t` becomes step(t, a). The functions change only `t` (and
 * objects and arrays inside it that they replace); none keeps a reference to
 * one of its objects in another place, so a state object can be refilled
 * (Model.unpackWordsInto) and stepped again.
 */
export function stepperFor(replace?: Readonly<Record<string, StepFn | undefined>>): InPlaceStep {
  const steps = stepTable(replace);
  return (t, a, env) => {
    const f = steps.get(a.fn);
    if (f === undefined) throw new Error(`unknown action ${a.fn}`);
    f(t, a, env, enterStep(t, a, env));
    scrubDeadSlots(t);
    stateChanged(t);
  };
}

/** The mainline step, in place. */
export const stepInPlace: InPlaceStep = stepperFor();

export function stepState(s: PagePoolState, a: PpAction, env: Env): PagePoolState {
  const t = cloneState(s);
  stepInPlace(t, a, env);
  return t;
}

