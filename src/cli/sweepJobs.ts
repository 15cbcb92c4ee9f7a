/**
 * What `sweep` and `basins` run, built from the command line the same way in the main thread and
 * in each worker (a worker gets the command line, not functions): the objective and its gradient
 * source (through `run`'s preparation, so every run flag means the same), the optimizers with
 * their hyperparameters, the grid or the start grid, and the curvature at the start.
 */
import { prepare, Prepared } from './run';
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { parseDecimal } from '../core/data/csv';
import { curvatureOf, CurvatureSource, numericHessian, stabilityAt } from '../core/hessian';
import { resolveHyperparameters } from '../core/optim/registry';
import type { Hyperparameters, OptimizerId } from '../core/optim/types';
import { autoTune, BatchCost, DEFAULT_LR_GRID, LrGrid, parseLrGrid, Stability, SweepConfig } from '../core/sweep';
import { BasinConfig, DEFAULT_BASIN_GRID } from '../core/basins';
import { LIMITS } from '../core/limits';
import type { Range } from '../core/surface';
import type { RunSpec } from '../core/run';

const usage = (m: string): never => { throw new UsageError(m); };

export interface SweepJob {
  prepared: Prepared;
  config: SweepConfig;
  grid: LrGrid;
  /** Each optimizer's resolved hyperparameters (for the thresholds). */
  hyperparameters: Hyperparameters[];
  curvature: CurvatureSource;
  cost?: BatchCost;
}

export interface BasinJob {
  prepared: Prepared;
  config: BasinConfig;
  /** Where the lr came from ("set by you", or tuned at the start point). */
  lrNote: string;
}

/** Datasets: rows and batch size of the source (for per-sample gradient counts). */
function batchCost(p: Prepared): BatchCost | undefined {
  const s = p.source as { rows?: unknown; batchSize?: unknown };
  return p.data && typeof s.rows === 'number' && typeof s.batchSize === 'number' ? { rows: s.rows, batchSize: s.batchSize } : undefined;
}

/** The curvature of what the optimizers minimize: the symbolic Hessian, or for datasets central differences of the mean gradient. */
function curvature(p: Prepared): CurvatureSource {
  const full = (p.source as { fullGradient?: (x: Float64Array, out: Float64Array) => void }).fullGradient;
  const dim = p.objective.variables.length;
  if (p.data && full) {
    return { dim, kind: 'numeric', note: 'the Hessian of the mean loss over the rows, by central differences of the full-batch gradient', hessian: numericHessian((x, out) => full(Float64Array.from(x), out), dim) };
  }
  return curvatureOf(p.objective);
}

function resolved(id: OptimizerId, p: Prepared): Hyperparameters {
  const r = resolveHyperparameters(id, p.config.convention, p.config.hyperparameters[id] ?? {});
  return r.ok ? r.value : usage(`${id}: ${r.error.message}`);
}

/** The target loss flag: a decimal number. */
function targetFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = parseDecimal(text.trim());
  return Number.isFinite(v) ? v : usage(`--target must be a decimal number (a loss), got '${text}'`);
}

export async function sweepJob(target: string, values: CliValues, io: Io): Promise<SweepJob> {
  const prepared = await prepare(target, values, io);
  let grid: LrGrid = { ...DEFAULT_LR_GRID };
  if (values.lr !== undefined) {
    const g = parseLrGrid(values.lr);
    grid = g.ok ? g.value : usage(`--lr: ${g.error.message}`);
  }
  const ids = prepared.config.optimizers;
  const setLr = ids.filter(id => prepared.config.hyperparameters[id]?.lr !== undefined);
  if (setLr.length) usage(`--set lr does not apply to 'sweep' (the grid --lr lo:hi:n sets it); given for ${setLr.join(', ')}`);
  const cost = batchCost(prepared);
  const config: SweepConfig = {
    source: prepared.source,
    start: prepared.config.start,
    optimizers: ids.map(id => ({ optimizer: id, convention: prepared.config.convention, hyperparameters: { ...(prepared.config.hyperparameters[id] ?? {}) } })),
    grid,
    steps: prepared.config.steps,
    ...(cost ? { cost } : {}),
    ...(prepared.preset?.minimumValue !== undefined ? { minimumValue: prepared.preset.minimumValue } : {}),
    ...(values.target !== undefined ? { targetLoss: targetFlag(values.target) } : {}),
  };
  return { prepared, config, grid, hyperparameters: ids.map(id => resolved(id, prepared)), curvature: curvature(prepared), ...(cost ? { cost } : {}) };
}

/** λmax at the start and the classic thresholds of the sweep's optimizers. */
export function sweepStability(job: SweepJob): Stability {
  const ids = job.prepared.config.optimizers;
  const s = stabilityAt(job.curvature, job.prepared.config.start, ids.map((optimizer, i) => ({ optimizer, hyperparameters: job.hyperparameters[i] })));
  return s.ok ? s.value : { lambdaMax: null, lambdaMin: null, eigenvalues: [], topDirection: [], hessian: job.curvature.kind, notes: [s.error.message], thresholds: ids.map(optimizer => ({ optimizer, lr: null, rule: s.error.message })) };
}

/** `--bounds x=-2:2,y=-1:3` → ranges of the two mapped variables. */
function boundsFlag(text: string, variables: readonly string[]): [Range, Range] {
  const parts = text.split(',').map(s => s.trim()).filter(Boolean);
  const out = new Map<string, Range>();
  for (const part of parts) {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(part);
    if (!m) usage(`--bounds: '${part}' is not name=lo:hi (e.g. x=-2:2,y=-1:3)`);
    const [, name, a, b] = m as RegExpExecArray;
    const lo = parseDecimal(a.trim());
    const hi = parseDecimal(b.trim());
    if (!variables.includes(name.trim())) usage(`--bounds: '${name.trim()}' is not a variable (variables: ${variables.join(', ')})`);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) usage(`--bounds: ${part} needs finite decimal numbers lo < hi`);
    out.set(name.trim(), [lo, hi]);
  }
  if (out.size !== 2) usage(`--bounds must give exactly two variables (name=lo:hi,name=lo:hi), got '${text}'`);
  return [...out.values()] as [Range, Range];
}

export async function basinJob(target: string, values: CliValues, io: Io): Promise<BasinJob> {
  if (!values.optimizer || values.optimizer.flatMap(o => o.split(',')).filter(Boolean).length !== 1 || values.optimizer[0].trim() === 'all') {
    usage(`basins maps one optimizer: --optimizer NAME (e.g. --optimizer sgd), got '${(values.optimizer ?? []).join(' ') || 'none'}'`);
  }
  const prepared = await prepare(target, values, io);
  const [id] = prepared.config.optimizers;
  const vars = prepared.objective.variables;
  if (vars.length < 2) usage(`basins needs an objective of at least two variables; '${target}' has ${vars.length}`);
  const size = values.grid === undefined ? DEFAULT_BASIN_GRID : parseDecimal(values.grid.trim());
  if (!Number.isInteger(size) || size < 2 || size > LIMITS.maxBasinGrid) usage(`--grid must be a whole number from 2 to ${LIMITS.maxBasinGrid} (starts per axis), got '${values.grid}'`);
  let bounds: [Range, Range];
  let axes: [number, number] = [0, 1];
  if (values.bounds !== undefined) {
    bounds = boundsFlag(values.bounds, vars);
    const names = values.bounds.split(',').map(s => s.split('=')[0].trim()).filter(Boolean);
    axes = [vars.indexOf(names[0]), vars.indexOf(names[1])];
  } else if (prepared.preset) {
    bounds = [prepared.preset.bounds[0], prepared.preset.bounds[1]];
  } else {
    const s = prepared.config.start;
    bounds = [[s[0] - 2, s[0] + 2], [s[1] - 2, s[1] + 2]];
  }
  const hp = { ...(prepared.config.hyperparameters[id] ?? {}) };
  let lrNote = 'set by you';
  if (hp.lr === undefined) {
    // No lr given: the one a quick sweep from the start point picks (the panel's fair default).
    const tuned = autoTune({ source: prepared.source, start: prepared.config.start, optimizers: [{ optimizer: id, convention: prepared.config.convention, hyperparameters: hp }], steps: prepared.config.steps });
    if (!tuned.ok) usage(tuned.error.message);
    const run = (tuned as { ok: true; value: { runs: { lr: number; provenance: { text: string } }[] } }).value.runs[0];
    hp.lr = run.lr;
    lrNote = `${run.provenance.text} at the start point`;
  }
  const spec: RunSpec = { optimizer: id, convention: prepared.config.convention, hyperparameters: { ...hp } };
  return {
    prepared,
    lrNote,
    config: {
      source: prepared.source,
      spec,
      bounds,
      axes,
      base: prepared.config.start,
      grid: size,
      steps: prepared.config.steps,
      ...(prepared.preset ? { minima: prepared.preset.minima } : prepared.data?.reference ? { minima: prepared.data.reference.minima } : {}),
    },
  };
}
