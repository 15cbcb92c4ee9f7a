/**
 * `optimizer-lab sweep <expr|preset|--data …> --optimizer … --lr 1e-5:10:25 --steps N
 * [--target LOSS] [--workers N] [--json] [--csv FILE] [--report FILE.html]`: every optimizer at every learning rate of a
 * log grid, from the same start, through the one run loop; λmax of the Hessian at the start and
 * the classic thresholds. Spread over worker threads (--workers 1: this thread only).
 */
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { fmtNum, table } from './format';
import { sweepJob, sweepStability, SweepJob } from './sweepJobs';
import { cores, onInterrupt, runShared, sharedJob, workersFlag } from './sweepWorkers';
import { assembleSweep, Stability, sweepClaimed, SweepResult, SweepSample } from '../core/sweep';
import { finiteOrNull } from '../core/protocol';
import { now } from '../core/sweep/sweep';
import { checkReportFile, sweepReportHtml } from './sweepReport';
import { stabilityAtBest, SweepAtBest } from './sweepAtBest';

/**
 * The sweep on this thread and, when asked (`threads`) or when it pays off (undefined: see
 * runShared), on worker threads that share its tasks; the result and the threads that took part.
 */
export async function computeSweep(target: string, values: CliValues, job: SweepJob, threads: number | undefined): Promise<{ result: SweepResult; workers: number; workerReadyMs: number[] }> {
  const t0 = now();
  const total = job.grid.n * job.config.optimizers.length;
  const shared = sharedJob(Math.max(threads ?? cores(), 1) - 1);
  const release = onInterrupt(shared);
  try {
    const { here, replies, threads: used } = await runShared({ kind: 'sweep', target, values, job }, total, threads, (claim, token) => sweepClaimed({ ...job.config, signal: token }, claim), shared);
    if (!here.ok) throw new UsageError(here.error.message);
    const samples: SweepSample[] = [...here.value.samples, ...replies.flatMap(r => (r.ok && r.kind === 'sweep' ? r.samples : []))];
    const cancelled = here.value.cancelled || replies.some(r => r.ok && r.kind === 'sweep' && r.cancelled);
    const result = assembleSweep(job.config, samples, { cancelled, elapsedMs: now() - t0 });
    if (!result.ok) throw new UsageError(result.error.message);
    return { result: result.value, workers: used, workerReadyMs: replies.flatMap(r => (r.ok && r.joined ? [Math.round(r.readyMs)] : [])) };
  } finally {
    release();
  }
}

/** The JSON shape: grid, runs (points, best), stability (λmax, thresholds per optimizer; `atBest`: η·λmax along each best run), and how it ran. */
export function sweepJson(result: SweepResult, stability: Stability, workers: number, workerReadyMs: number[] = [], atBest?: SweepAtBest): unknown {
  return {
    grid: result.grid,
    steps: result.steps,
    target: { loss: finiteOrNull(result.target.loss), rule: result.target.rule },
    runs: result.runs.map(r => ({
      optimizer: r.optimizer,
      convention: r.convention,
      points: r.points.map(p => ({
        lr: p.lr,
        finalLoss: finiteOrNull(p.finalLoss),
        bestLoss: finiteOrNull(p.bestLoss),
        diverged: p.diverged,
        stepsToTarget: p.stepsToTarget,
        steps: p.steps,
        gradientEvaluations: p.gradientEvaluations,
        elapsedMs: Math.round((p.elapsedMs ?? 0) * 1000) / 1000,
      })),
      best: r.best,
    })),
    stability: {
      lambdaMax: stability.lambdaMax,
      lambdaMin: stability.lambdaMin,
      hessian: stability.hessian,
      thresholds: Object.fromEntries(stability.thresholds.filter(t => t.lr !== null).map(t => [t.optimizer, t.lr])),
      rules: Object.fromEntries(stability.thresholds.map(t => [t.optimizer, t.rule])),
      notes: stability.notes,
      ...(atBest ? { atBest } : {}),
    },
    cancelled: result.cancelled,
    elapsedMs: Math.round(result.elapsedMs),
    workers,
    /** For each worker that took tasks: ms from its start to having built the job. */
    workerReadyMs,
  };
}

export function sweepCsv(result: SweepResult): string {
  const lines = ['optimizer,convention,lr,finalLoss,bestLoss,diverged,stepsToTarget,steps,gradientEvaluations,elapsedMs'];
  for (const r of result.runs) {
    for (const p of r.points) {
      lines.push([r.optimizer, r.convention, p.lr, finiteOrNull(p.finalLoss) ?? '', finiteOrNull(p.bestLoss) ?? '', p.diverged, p.stepsToTarget ?? '', p.steps, p.gradientEvaluations, Math.round((p.elapsedMs ?? 0) * 1000) / 1000].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** The objective line and the run line the table and the report start with. */
function sweepTitle(job: SweepJob, result: SweepResult, workers: number): [string, string] {
  const p = job.prepared;
  return [`${p.preset ? `${p.preset.name}: ` : ''}f(${p.objective.variables.join(', ')}) = ${p.objective.text}`,
    `start (${p.config.start.join(', ')}), ${result.steps} steps per run, ${result.grid.length} learning rates ${fmtNum(result.grid[0], 3)} … ${fmtNum(result.grid[result.grid.length - 1], 3)}, ` +
    `${p.config.convention} convention, ${workers} thread${workers === 1 ? '' : 's'}, ${Math.round(result.elapsedMs)} ms`];
}

function sweepTable(job: SweepJob, result: SweepResult, stability: Stability, workers: number): string {
  const title = sweepTitle(job, result, workers).join('\n') + '\n' +
    `target loss ${fmtNum(result.target.loss, 4)} (${result.target.rule})\n\n`;
  const header = ['lr', ...result.runs.map(r => r.optimizer)];
  const rows = result.grid.map((lr, i) => [fmtNum(lr, 3), ...result.runs.map(r => {
    const pt = r.points[i];
    if (!pt) return '—';
    return pt.diverged ? 'diverged' : fmtNum(pt.finalLoss, 4) + (r.best?.lr === lr ? ' *' : '');
  })]);
  const summary = table(['optimizer', 'best lr', 'final loss', 'steps to target', 'threshold'], result.runs.map((r, k) => {
    const best = r.best ? r.points.find(pt => pt.lr === r.best!.lr) : undefined;
    const t = stability.thresholds[k];
    return [r.optimizer, r.best ? fmtNum(r.best.lr, 3) : 'all diverged', r.best ? fmtNum(r.best.finalLoss, 4) : '—', best?.stepsToTarget === null || !best ? '—' : String(best.stepsToTarget), t?.lr != null ? `${fmtNum(t.lr, 3)} (${t.rule})` : '—'];
  }));
  const lambda = stability.lambdaMax === null ? 'λmax: none (the Hessian is not finite at the start)' : `λmax = ${fmtNum(stability.lambdaMax, 4)} at the start (${stability.hessian} Hessian)`;
  const notes = [...stability.notes, ...stability.thresholds.filter(t => t.lr === null).map(t => `${t.optimizer}: ${t.rule}`)].map(n => `note: ${n}\n`).join('');
  const cancelled = result.cancelled ? 'note: cancelled — the table holds the points finished before\n' : '';
  return title + table(header, rows) + '(* best lr: the lowest final loss among the runs that did not diverge)\n\n' + summary + `\n${lambda}\n` + notes + cancelled;
}

export async function sweepCommand(target: string, values: CliValues, io: Io): Promise<void> {
  checkReportFile(values.report, { '--csv': values.csv });
  const job = await sweepJob(target, values, io);
  const { result, workers: used, workerReadyMs } = await computeSweep(target, values, job, workersFlag(values.workers));
  const stability = sweepStability(job);
  // one more run per optimizer, at its best lr: only for the outputs that show it
  const atBest = values.json || values.report ? stabilityAtBest(job.config, result, job.curvature) : undefined;
  if (values.json) io.out(JSON.stringify(sweepJson(result, stability, used, workerReadyMs, atBest)) + '\n');
  else io.out(sweepTable(job, result, stability, used));
  if (values.csv) {
    io.writeFile(values.csv, sweepCsv(result));
    if (!values.json) io.out(`CSV written to ${values.csv}\n`);
  }
  if (values.report) {
    const [title, subtitle] = sweepTitle(job, result, used);
    io.writeFile(values.report, sweepReportHtml({ title: `Learning-rate sweep — ${title}`, subtitle, result, stability, atBest, json: sweepJson(result, stability, used, workerReadyMs, atBest) }));
    if (!values.json) io.out(`HTML report written to ${values.report}\n`);
  }
}
