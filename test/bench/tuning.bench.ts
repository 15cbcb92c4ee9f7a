/**
 * What the panel's default learning-rate switch ("tuned (quick sweep)") adds before the first frame
 * (`node out/test/bench/index.js tuning`): the host's `tunedConfig` — core's autoTune, 12 rates from
 * 1e-4 to 1 × min(steps, 1,000) updates for every optimizer whose rate is not set — for the seven
 * default optimizers at the default 500 steps on each preset, and on the bundled datasets with the
 * "Optimize on Dataset" defaults (minibatches of 16, 20 epochs, standardised inputs). Targets: < 300 ms
 * on a preset, < 1 s on a dataset. Beside each, in the same run: the rest of the host's work for that
 * first frame (buildPanelModel with the tuned rates), the baseline of the tuning row; and core's
 * autoTune alone against the same tuning sweep with the loss after every update (runSweep on the
 * same target, grid and steps: what autoTune ran before it checked the loss every 10 updates).
 * Best of 3, warm (the expression compiled once).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BenchRow, timeOnce } from './harness';
import { buildPanelModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { parseCsv } from '../../src/core/data/csv';
import { prepareData, type PreparedData } from '../../src/core/dataRun';
import type { OptimizerId } from '../../src/core/optim/types';
import type { DataConfig, RunConfig } from '../../src/core/protocol';
import { sweepTargetFor, tunedConfig } from '../../src/extension/panelSweep';
import { autoTune, runSweep, TUNE_LR_GRID } from '../../src/core/sweep';

/** The panel's default optimizers (src/extension/settings.ts DEFAULT_OPTIMIZERS; that module needs vscode). */
const DEFAULT_SEVEN: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'];
const root = path.resolve(__dirname, '../../..');

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const met = (ms: number, target: number) => `${ms < target ? 'meets' : 'MISSES'} < ${target} ms`;

/**
 * Rows "<name>: autoTune" and its baseline "<name>: tuning sweep, loss after every update" (runSweep
 * over autoTune's grid and step count `steps`), both on the panel's target for `config`.
 */
function beforeAfter(section: string, name: string, config: RunConfig, steps: number, data?: PreparedData): BenchRow[] {
  const t = must(sweepTargetFor(config, data));
  const before = timeOnce(() => { must(runSweep({ source: t.source, start: t.start, optimizers: t.optimizers, grid: TUNE_LR_GRID, steps })); }, 3);
  const after = timeOnce(() => { must(autoTune({ source: t.source, start: t.start, optimizers: t.optimizers, steps: config.steps, ...(t.cost ? { cost: t.cost } : {}) })); }, 3);
  const baseline = `${name}: tuning sweep, loss after every update`;
  return [
    { section, name: baseline, nsPerOp: before * 1e6, unit: 'tune' },
    { section, name: `${name}: autoTune`, nsPerOp: after * 1e6, unit: 'tune', baseline },
  ];
}

async function buildMs(config: RunConfig, data?: PreparedData): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    must(await buildPanelModel(config, data ? { data } : {}));
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const section = 'tuning before the first frame (7 optimizers)';
  const presetTimes: number[] = [];
  for (const p of PRESETS) {
    if (p.start.length !== 2) continue;
    const config: RunConfig = { expression: p.expression, start: [...p.start], optimizers: DEFAULT_SEVEN, convention: 'pytorch', steps: 500, hyperparameters: {}, schedule: { kind: 'constant' }, tuning: 'tuned' };
    let tuned: RunConfig = config;
    const ms = timeOnce(() => { tuned = must(tunedConfig(config)).config; }, 3);
    const rest = await buildMs(tuned);
    presetTimes.push(ms);
    rows.push({ section, name: `${p.name}: rest of the first frame (runs, contour)`, nsPerOp: rest * 1e6, unit: 'frame' });
    rows.push({ section, name: `${p.name}: tuning (12 lrs × 500 steps)`, nsPerOp: ms * 1e6, unit: 'tune', baseline: `${p.name}: rest of the first frame (runs, contour)`, note: met(ms, 300) });
    rows.push(...beforeAfter(section, p.name, config, 500));
  }
  rows.push({ section, name: 'presets: slowest tuning', nsPerOp: Math.max(...presetTimes) * 1e6, unit: 'tune', note: met(Math.max(...presetTimes), 300) });
  const datasets: { file: string; loss: string; parameters: string[] }[] = [
    { file: 'linear-regression.csv', loss: '(w*x + b - y)^2', parameters: ['w', 'b'] },
    { file: 'classification.csv', loss: 'log(1 + exp(-y*(w1*x1 + w2*x2 + b)))', parameters: ['w1', 'w2', 'b'] },
  ];
  for (const d of datasets) {
    const csv = must(parseCsv(fs.readFileSync(path.join(root, 'media/datasets', d.file), 'utf8')));
    const dataConfig: DataConfig = { file: d.file, parameters: d.parameters, batchSize: 16, epochs: 20, shuffle: true, rescale: 'standard', seed: 1 };
    const data = must(prepareData(d.loss, csv, dataConfig));
    const config: RunConfig = { expression: d.loss, start: d.parameters.map(() => 0), optimizers: DEFAULT_SEVEN, convention: 'pytorch', steps: data.steps, hyperparameters: {}, schedule: { kind: 'constant' }, tuning: 'tuned', data: dataConfig };
    let tuned: RunConfig = config;
    const ms = timeOnce(() => { tuned = must(tunedConfig(config, data)).config; }, 3);
    const rest = await buildMs(tuned, data);
    const name = `${d.file} (${data.rows} rows, B = 16, ${data.steps} steps)`;
    rows.push({ section, name: `${name}: rest of the first frame`, nsPerOp: rest * 1e6, unit: 'frame' });
    rows.push({ section, name: `${name}: tuning`, nsPerOp: ms * 1e6, unit: 'tune', baseline: `${name}: rest of the first frame`, note: met(ms, 1000) });
    // autoTune's cap for a dataset: min(1,000, max(10, 100,000 / B)) updates.
    rows.push(...beforeAfter(section, name, config, Math.min(data.steps, 1000, Math.max(10, Math.floor(100_000 / 16))), data));
  }
  return rows;
}
