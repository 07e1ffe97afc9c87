/**
 * `npm run plots`: regenerate the plots of docs/workloads.md
 * (docs/workloads/*.svg) with `ppcheck mix`'s engine and printer, at the
 * CLI's default run sizes and seed 1. Each plot is the SVG that the command
 * in PLOTS[i].command writes with `--svg`; test/workloads/docs.test.ts checks
 * that a committed one is still what this script writes.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MIX_DEFAULTS } from '../../src/cli/mix.ts';
import { mixPlotSvg } from '../../src/mix/plot.ts';
import { runMix, type MixOptions } from '../../src/mix/run.ts';
import { pagePoolWorkloads } from '../../model/workloads/index.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Plot {
  file: string;
  /** the equivalent command line */
  command: string;
  options: Omit<MixOptions, 'seed' | 'runs' | 'warmup' | 'steps'>;
}

export const PLOTS: Plot[] = [
  {
    file: 'docs/workloads/host-remote-app.svg',
    command: 'ppcheck mix --profile host-remote-app --variant mainline --against v5.14',
    options: { profile: 'host-remote-app', variant: 'mainline', against: 'v5.14' },
  },
  {
    file: 'docs/workloads/host-local-app.svg',
    command: 'ppcheck mix --profile host-local-app --variant mainline --against v5.14',
    options: { profile: 'host-local-app', variant: 'mainline', against: 'v5.14' },
  },
  {
    file: 'docs/workloads/host-local-app-poll.svg',
    command: 'ppcheck mix --profile host-local-app --variant mainline --param poll=0.25,1,4,16',
    options: { profile: 'host-local-app', variant: 'mainline', params: { poll: [0.25, 1, 4, 16] } },
  },
  {
    file: 'docs/workloads/router.svg',
    command: 'ppcheck mix --profile router --variant mainline --against v5.14',
    options: { profile: 'router', variant: 'mainline', against: 'v5.14' },
  },
  {
    file: 'docs/workloads/host-slow-reader.svg',
    command: 'ppcheck mix --profile host-slow-reader --param hold=0.25,0.5,1,2,4,8,16,32',
    options: { profile: 'host-slow-reader', variant: 'mainline', params: { hold: [0.25, 0.5, 1, 2, 4, 8, 16, 32] } },
  },
  {
    file: 'docs/workloads/numa-remote.svg',
    command: 'ppcheck mix --profile numa-remote --variant numa-no-node-starvation-fixed --against numa-no-node-starvation',
    options: { profile: 'numa-remote', variant: 'numa-no-node-starvation-fixed', against: 'numa-no-node-starvation' },
  },
];

export async function plotSvg(p: Plot): Promise<string> {
  const r = runMix(pagePoolWorkloads, { ...p.options, seed: MIX_DEFAULTS.seed, runs: MIX_DEFAULTS.runs, warmup: MIX_DEFAULTS.warmup, steps: MIX_DEFAULTS.steps });
  return mixPlotSvg(r);
}

async function main(): Promise<void> {
  for (const p of PLOTS) {
    const svg = await plotSvg(p);
    const out = join(REPO, p.file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, svg);
    process.stdout.write(`${p.file}  (${p.command})\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
