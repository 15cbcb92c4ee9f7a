/**
 * The panel's basin map on the host: one run of a chosen run's optimizer (its very hyperparameters
 * and schedule, so a tuned learning rate too) from every start of a grid over the map's view,
 * through core's basinSlice in slices of rows (yielding to the event loop between slices, so the
 * host stays responsive; cancellable), merged and labelled by core's mergeBasinSlices, and sent as
 * the protocol's `BasinView`. In the Node extension host the rows go to worker threads instead
 * (panelWorkers.ts: the CLI's pool and light worker; the host thread only starts them and merges
 * their slices), in the web worker host to Web Workers (webWorkerPool.ts); a dataset's loss goes to
 * the workers too; objectives without generated code and hosts without workers keep the slices on
 * the host thread. No `vscode` here, so it runs in plain Node tests.
 */
import { basinSlice, checkBasins, mergeBasinSlices, type BasinConfig } from '../core/basins';
import type { PreparedData } from '../core/dataRun';
import { parseObjective } from '../core/expr';
import type { BasinView, PanelModel, RunConfig, WebviewMessage } from '../core/protocol';
import { fail, ok, type Result } from '../core/result';
import { objectiveSource, type RunSpec } from '../core/run';
import type { BasinMap, BasinSlice, CancelToken } from '../core/sweep/types';
import { now } from '../core/sweep/sweep';
import { generatedDataset, generatedObjective, type GeneratedObjective } from './panelSweep';
import type { PanelWorkers } from './panelWorkers';
import { sharedBasins, wholeSlice } from '../node/sharedJob';

/** A basin map's configuration, with the objective as generated code when worker threads can run it. */
export type PanelBasinConfig = BasinConfig & { generated?: GeneratedObjective };

export type BasinRequest = Omit<Extract<WebviewMessage, { type: 'requestBasins' }>, 'type'>;

/** Updates per slice of rows between yields at most (a few milliseconds of work on a plain objective). */
export const BASIN_SLICE_UPDATES = 200_000;
/** Time a slice aims at: the rows per slice follow the measured time per row (a dataset's update costs far more than f's). */
export const BASIN_SLICE_MS = 25;

/** What to map: the run's optimizer as it ran, over the requested ranges of the map's two variables. */
export function basinConfigFor(model: PanelModel, config: RunConfig, request: BasinRequest, data?: PreparedData): Result<PanelBasinConfig> {
  const run = model.runs[request.run];
  if (!run) return fail(`the run must be one of the ${model.runs.length} runs on show, got run ${request.run + 1}`);
  let source: BasinConfig['source'];
  let generated: GeneratedObjective | undefined;
  if (data) {
    source = data.source;
    generated = generatedDataset(data);
  } else {
    const parsed = parseObjective(config.expression);
    if (!parsed.ok) return parsed;
    const o = parsed.value;
    source = objectiveSource(o.f, o.grad, o.variables.length, o.valueAndGradient());
    generated = generatedObjective(o);
  }
  const spec: RunSpec = { optimizer: run.optimizer, convention: run.convention, hyperparameters: { ...run.hyperparameters }, schedule: config.schedule };
  const axes = config.mapVariables ?? [0, 1];
  const base = config.sliceMode === 'fixed' && config.fixedValues?.length === source.dim ? config.fixedValues : config.start;
  const basins: PanelBasinConfig = {
    source, spec, steps: request.steps, grid: request.grid,
    bounds: [[...request.x], [...request.y]],
    axes: [axes[0], axes[1]],
    base,
    minima: model.reference?.minima ?? [],
    ...(generated ? { generated } : {}),
  };
  const checked = checkBasins(basins);
  return checked.ok ? ok(basins) : checked;
}

/** Rows per slice: at least one, about BASIN_SLICE_UPDATES updates each. */
export function rowsPerSlice(nx: number, steps: number): number {
  return Math.max(1, Math.floor(BASIN_SLICE_UPDATES / Math.max(1, nx * steps)));
}

/**
 * The map in worker threads when `workers` gives a pool and the objective has generated code (one
 * task per row); else (or when the workers fail: said once in the log) on this thread in slices of
 * rows, yielding between slices: the first slice is one row, the next ones as
 * many rows as fit in BASIN_SLICE_MS at the time measured per row so far (at most
 * `rowsPerSlice`). `signal` stops it (the rows done so far are labelled, the rest left unsettled,
 * `cancelled` set). Never rejects.
 */
export async function runPanelBasins(
  config: PanelBasinConfig,
  signal: CancelToken,
  onProgress: (rowsDone: number, rows: number) => void,
  yieldToEventLoop: () => Promise<void>,
  workers?: PanelWorkers,
): Promise<Result<BasinMap>> {
  const checked = checkBasins(config);
  if (!checked.ok) return checked;
  const { nx, ny } = checked.value;
  if (workers && config.generated && !signal.cancelled) {
    const inWorkers = await basinsInWorkers(config, config.generated, nx, ny, signal, onProgress, workers);
    if (inWorkers) return inWorkers;
  }
  const t0 = Date.now();
  const most = rowsPerSlice(nx, config.steps);
  const slices: BasinSlice[] = [];
  const withSignal: BasinConfig = { ...config, signal };
  let per = 1;
  let busyMs = 0;
  for (let row = 0; row < ny && !signal.cancelled; ) {
    const end = Math.min(ny, row + per);
    const started = Date.now();
    const s = basinSlice(withSignal, row, end);
    if (!s.ok) return s;
    busyMs += Date.now() - started;
    row = end;
    per = Math.max(1, Math.min(most, Math.floor(BASIN_SLICE_MS / Math.max(busyMs / row, 1e-3))));
    slices.push(s.value);
    onProgress(s.value.cancelled ? s.value.rowStart : end, ny);
    if (s.value.cancelled) break;
    await yieldToEventLoop();
  }
  const merged = mergeBasinSlices(config, slices, Date.now() - t0);
  if (!merged.ok) return merged;
  return ok(signal.cancelled && !merged.value.cancelled ? { ...merged.value, cancelled: true } : merged.value);
}

/** The map's rows in worker threads; undefined when they cannot run it (then the host does). */
async function basinsInWorkers(config: PanelBasinConfig, generated: GeneratedObjective, nx: number, ny: number, signal: CancelToken, onProgress: (rowsDone: number, rows: number) => void, workers: PanelWorkers): Promise<Result<BasinMap> | undefined> {
  const pool = await workers.pool();
  if (!pool) return undefined;
  const t0 = now();
  // everything but the objective (rebuilt in the worker from its generated code) is plain data
  const { source, signal: ignoredSignal, onProgress: ignoredProgress, generated: ignoredGenerated, ...plain } = config;
  void [source, ignoredSignal, ignoredProgress, ignoredGenerated];
  // Worker threads write their rows into shared memory and the last one labels the map, so this
  // thread only receives it; after a cancel this thread labels the rows done. Web Workers (no
  // shared memory) post their rows, which this thread merges.
  const merge = pool.sharedMemory === false ? undefined : sharedBasins(nx, ny, generated.dim, 0);
  const run = await pool.runInLightWorkers({ kind: 'basins', ...generated, config: plain, ...(merge ? { merge } : {}) }, ny, { workers: pool.cores(), signal, onProgress });
  if (!run.ok) {
    workers.fallback(run.reason);
    return undefined;
  }
  let map: BasinMap | undefined;
  for (const r of run.replies) if (r.ok && r.kind === 'basins' && r.map) map = r.map;
  if (!map) {
    const rows = merge ? [wholeSlice(merge)] : run.replies.flatMap(r => (r.ok && r.kind === 'basins' ? r.slices : []));
    const merged = mergeBasinSlices(config, rows);
    if (!merged.ok) return merged;
    map = merged.value;
  }
  map = { ...map, elapsedMs: now() - t0 };
  return ok(run.cancelled && !map.cancelled ? { ...map, cancelled: true } : map);
}

/** Core's map as the protocol carries it (labels as plain numbers, each minimum with its count of starts). */
export function toBasinView(map: BasinMap, run: number, optimizer: BasinView['optimizer']): BasinView {
  return {
    run,
    optimizer,
    nx: map.nx,
    ny: map.ny,
    x: [map.bounds[0][0], map.bounds[0][1]],
    y: [map.bounds[1][0], map.bounds[1][1]],
    labels: Array.from(map.labels),
    minima: map.minima.map((point, i) => ({ point: [...point], kind: map.minimaKind[i], starts: map.counts.minima[i] })),
    diverged: map.counts.diverged,
    unsettled: map.counts.unsettled,
    steps: map.steps,
    cancelled: map.cancelled,
    elapsedMs: map.elapsedMs,
  };
}
