/**
 * `optimizer-lab basins <expr|preset> --optimizer NAME [--set lr=…] [--steps N] [--grid 150]
 * [--bounds x=-2:2,y=-1:3] [--workers N] [--json] [--report FILE.html]`: one run per start point of a grid, each start
 * labelled by the known minimum (or cluster of end points) its run ends in. Without an lr, the one
 * a quick sweep from the start point picks. Rows of starts are spread over worker threads.
 */
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { fmtNum, table } from './format';
import { basinJob, BasinJob } from './sweepJobs';
import { cores, onInterrupt, runShared, sharedJob, workersFlag } from './sweepWorkers';
import { basinClaimed, mergeBasinSlices } from '../core/basins';
import { BASIN_DIVERGED, BasinMap, BasinSlice } from '../core/sweep';
import { finiteOrNull } from '../core/protocol';
import { now } from '../core/sweep/sweep';
import { basinsReportHtml, checkReportFile } from './sweepReport';

/** The map on this thread and on worker threads that share its rows (see computeSweep); the map and the threads that took part. */
export async function computeBasins(target: string, values: CliValues, job: BasinJob, threads: number | undefined): Promise<{ map: BasinMap; workers: number; workerReadyMs: number[] }> {
  const t0 = now();
  const ny = typeof job.config.grid === 'number' ? job.config.grid : job.config.grid?.ny ?? 150;
  const shared = sharedJob(Math.max(threads ?? cores(), 1) - 1);
  const release = onInterrupt(shared);
  try {
    // The workers get the lr this thread settled on (tuned once, here).
    const spec = job.config.spec;
    const withLr: CliValues = { ...values, set: [...(values.set ?? []), `${spec.optimizer}.lr=${String(spec.hyperparameters?.lr)}`] };
    const { here, replies, threads: used } = await runShared({ kind: 'basins', target, values: withLr, job }, ny, threads, (claim, token) => basinClaimed({ ...job.config, signal: token }, claim), shared);
    if (!here.ok) throw new UsageError(here.error.message);
    const slices: BasinSlice[] = [...here.value, ...replies.flatMap(r => (r.ok && r.kind === 'basins' ? r.slices : []))];
    const map = mergeBasinSlices(job.config, slices, now() - t0);
    if (!map.ok) throw new UsageError(map.error.message);
    return { map: map.value, workers: used, workerReadyMs: replies.flatMap(r => (r.ok && r.joined ? [Math.round(r.readyMs)] : [])) };
  } finally {
    release();
  }
}

export function basinJson(job: BasinJob, map: BasinMap, workers: number, workerReadyMs: number[] = []): unknown {
  const axes = job.config.axes ?? [0, 1];
  const vars = job.prepared.objective.variables;
  return {
    optimizer: job.config.spec.optimizer,
    convention: job.config.spec.convention,
    lr: job.config.spec.hyperparameters?.lr,
    lrSource: job.lrNote,
    variables: [vars[axes[0]], vars[axes[1]]],
    grid: { nx: map.nx, ny: map.ny },
    bounds: map.bounds,
    steps: map.steps,
    minima: map.minima.map((m, i) => ({ point: m, kind: map.minimaKind[i], starts: map.counts.minima[i] })),
    diverged: map.counts.diverged,
    unsettled: map.counts.unsettled,
    /** Row-major ny×nx (row j: y = y0 + j·dy): index into minima, −1 diverged, −2 unsettled. */
    labels: Array.from(map.labels),
    finalLoss: Array.from(map.finalLoss, finiteOrNull),
    cancelled: map.cancelled,
    elapsedMs: Math.round(map.elapsedMs),
    workers,
    /** For each worker that took rows: ms from its start to having built the job. */
    workerReadyMs,
  };
}

/** A character map (at most 60 columns): one letter per minimum, '#' diverged, '.' unsettled; y grows upward. */
function asciiMap(map: BasinMap): string {
  const cols = Math.min(60, map.nx);
  const rows = Math.min(30, map.ny);
  const lines: string[] = [];
  for (let r = rows - 1; r >= 0; r--) {
    const j = Math.round((r * (map.ny - 1)) / Math.max(1, rows - 1));
    let line = '';
    for (let c = 0; c < cols; c++) {
      const i = Math.round((c * (map.nx - 1)) / Math.max(1, cols - 1));
      const l = map.labels[j * map.nx + i];
      line += l >= 0 ? String.fromCharCode(65 + (l % 26)) : l === BASIN_DIVERGED ? '#' : '.';
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

export async function basinsCommand(target: string, values: CliValues, io: Io): Promise<void> {
  checkReportFile(values.report, {});
  const job = await basinJob(target, values, io);
  const { map, workers, workerReadyMs } = await computeBasins(target, values, job, workersFlag(values.workers));
  const vars = job.prepared.objective.variables;
  const axes = job.config.axes ?? [0, 1];
  const [[x0, x1], [y0, y1]] = map.bounds;
  const title = `${job.prepared.preset ? `${job.prepared.preset.name}: ` : ''}f(${vars.join(', ')}) = ${job.prepared.objective.text}`;
  const subtitle = `${job.config.spec.optimizer} (${job.config.spec.convention}), lr ${fmtNum(job.config.spec.hyperparameters?.lr as number, 4)} (${job.lrNote}), ${map.steps} steps from ${map.nx} × ${map.ny} starts ` +
    `${vars[axes[0]]} ∈ [${x0}, ${x1}], ${vars[axes[1]]} ∈ [${y0}, ${y1}]; ${workers} thread${workers === 1 ? '' : 's'}, ${Math.round(map.elapsedMs)} ms`;
  if (values.report) {
    io.writeFile(values.report, basinsReportHtml({ title: `Basins of attraction — ${title}`, subtitle, map, variables: [vars[axes[0]], vars[axes[1]]], axes, json: basinJson(job, map, workers, workerReadyMs) }));
    if (!values.json) io.out(`HTML report written to ${values.report}\n`);
  }
  if (values.json) {
    io.out(JSON.stringify(basinJson(job, map, workers, workerReadyMs)) + '\n');
    return;
  }
  const total = map.nx * map.ny;
  io.out(`${title}\n${subtitle}\n\n`);
  const rows = map.minima.map((m, i) => [String.fromCharCode(65 + (i % 26)), `(${m.map(v => fmtNum(v, 5)).join(', ')})`, map.minimaKind[i] === 'known' ? 'known minimum' : 'end-point cluster', String(map.counts.minima[i]), `${fmtNum((100 * map.counts.minima[i]) / total, 3)}%`]);
  rows.push(['#', '—', 'diverged', String(map.counts.diverged), `${fmtNum((100 * map.counts.diverged) / total, 3)}%`]);
  rows.push(['.', '—', 'ended elsewhere', String(map.counts.unsettled), `${fmtNum((100 * map.counts.unsettled) / total, 3)}%`]);
  io.out(table(['label', 'end point', 'kind', 'starts', 'share'], rows) + '\n' + asciiMap(map) + (map.cancelled ? 'note: cancelled — unlabelled starts were not run\n' : ''));
}
