/**
 * Sweeps and basin maps over several threads. The work is a list of tasks (a sweep: one per
 * (learning rate, optimizer); a basin map: one per row of starts) handed out by one counter in
 * shared memory: this thread starts on them at once, and each worker takes the next task as soon
 * as it has built the job, so a worker that is slow to start costs nothing but its own core — and a
 * worker that is not ready when the last task is taken is shut out and stopped unread.
 *
 * When the caller passes the job it built and the objective is an expression whose gradient is all
 * symbolic (no dataset, no finite-difference fallback), a worker gets the generated JavaScript of ∇f
 * and of the fused f-and-∇f with the plain job and runs the light bundle (src/node/sweepWorker.ts,
 * dist/sweepWorker.js: no mathjs, nothing parsed or differentiated again). The workers are started
 * by the pool the panel uses too (src/node/sweepPool.ts). Otherwise a worker gets
 * the command line, builds the same job as this thread (sweepJobs.ts) and runs the tasks it claims.
 * Either way it posts the plain results back (core's sweepClaimed / basinClaimed). Cancellation: a
 * flag in the same shared memory, read by the run loop's token before every update in every thread.
 *
 * The command-line worker runs this same file: in the bundle (dist/cli-main.js) the entry module
 * re-exports `sweepWorkerMain`, and a worker started with `eval` loads the bundle (through V8's code
 * cache when the build wrote one next to it, as dist/cli.js does) and calls it (a loaded module is
 * not the process's main module, so the command line does not run again).
 */
import * as fs from 'fs';
import * as path from 'path';
import { workerData, parentPort } from 'worker_threads';
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { basinJob, BasinJob, sweepJob, SweepJob } from './sweepJobs';
import { claimer, CompiledTask, joinJob, sharedClock, sharedJob, sharedToken, SLOT, sweepReply, WorkerReply } from '../node/sharedJob';
import { cores, idleCores, lightEntry, lightWorkerCode, startWorkers as startPool } from '../node/sweepPool';
import { sweepClaimed } from '../core/sweep';
import { basinClaimed } from '../core/basins';
import type { CancelToken } from '../core/sweep';
import { parseDecimal } from '../core/data/csv';
import { now } from '../core/sweep/sweep';
import { generatedSource } from '../core/expr/compile';

export { claimer, sharedJob, sharedToken } from '../node/sharedJob';
export type { CompiledTask, WorkerReply } from '../node/sharedJob';
export { cores, idleCores } from '../node/sweepPool';

/** The command line of a job; with `job` (the job this thread built), workers may get it compiled. */
export type WorkerTask =
  | { kind: 'sweep'; target: string; values: CliValues; job?: SweepJob }
  | { kind: 'basins'; target: string; values: CliValues; job?: BasinJob };

/** The task as generated source and plain data, when the objective allows (see the header); else undefined. */
export function compiledTask(task: WorkerTask): CompiledTask | undefined {
  const p = task.job?.prepared;
  if (!task.job || !p || p.data) return undefined;
  const gradient = generatedSource(p.objective.grad);
  const valueAndGradient = generatedSource(p.objective.valueAndGradient());
  if (gradient === undefined || valueAndGradient === undefined) return undefined;
  const dim = p.objective.variables.length;
  if (task.kind === 'sweep') {
    // everything but the functions: the worker makes its own source, token and (no) progress
    const { source, signal, onProgress, ...config } = (task.job as SweepJob).config;
    void [source, signal, onProgress];
    return { kind: 'sweep', dim, gradient, valueAndGradient, config };
  }
  const { source, signal, ...config } = (task.job as BasinJob).config;
  void [source, signal];
  return { kind: 'basins', dim, gradient, valueAndGradient, config };
}

/**
 * With the default --workers, workers start only when the tasks left would keep this thread busy
 * for at least this long (estimated from the tasks done in the first PROBE_MS): a light worker
 * (generated code, no mathjs) costs 70–90 ms of CPU time to start — a bare Node worker 55–65 —
 * and its first runs are not yet optimized, so on an idle core it takes its first task about
 * 0.1–0.2 s after it was started; with 0.3 s of work left it still takes about half of the rest.
 * (A worker that builds the job from the command line — datasets — needs 0.5–1.5 s: it is then
 * ready late and shut out, at the cost of its own core only.)
 */
export const WORKER_PAYOFF_MS = 300;
export const PROBE_MS = 50;

/** `--workers N` (threads, this one included); undefined when not given (then: the cores, when it pays off). */
export function workersFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = parseDecimal(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got '${text}'`);
  return n;
}

const fileIo: Io = {
  out: () => undefined,
  err: () => undefined,
  writeFile: () => { throw new Error('workers write no files'); },
  readFile: p => fs.readFileSync(p, 'utf8'),
};

/** Builds the job; joins unless shut out (then replies with nothing); runs the tasks it claims. */
async function runTask(task: WorkerTask, shared: Int32Array, slot: number, total: number, startedAt: number): Promise<WorkerReply> {
  const job = task.kind === 'sweep' ? await sweepJob(task.target, task.values, fileIo) : await basinJob(task.target, task.values, fileIo);
  // Time from this worker's start to having built the job.
  const readyMs = sharedClock() - startedAt;
  const joined = joinJob(task.kind, shared, slot, total, readyMs);
  if ('shutOut' in joined) return joined.shutOut;
  const { claim, signal } = joined;
  if (task.kind === 'sweep') return sweepReply(sweepClaimed({ ...(job as Awaited<ReturnType<typeof sweepJob>>).config, signal }, claim), readyMs);
  const r = basinClaimed({ ...(job as Awaited<ReturnType<typeof basinJob>>).config, signal }, claim);
  return r.ok ? { ok: true, kind: 'basins', slices: r.value, joined: true, readyMs } : { ok: false, message: r.error.message };
}

/** A worker's body: run the task in workerData, post the reply. */
export function sweepWorkerMain(): void {
  const { task, shared, slot, total, startedAt } = workerData as { task: WorkerTask; shared: Int32Array; slot: number; total: number; startedAt: number };
  runTask(task, shared, slot, total, startedAt).then(
    reply => parentPort?.postMessage(reply),
    (e: unknown) => parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
  );
}

/** The code a worker evaluates: load `entry` (through its code cache when there is a fresh one) and call sweepWorkerMain. */
function workerCode(entry: string): string {
  const cache = path.join(path.dirname(entry), path.basename(entry, '.js') + '.cache');
  const useCache = fs.existsSync(cache) && fs.statSync(cache).mtimeMs >= fs.statSync(entry).mtimeMs;
  if (!useCache) return `require(${JSON.stringify(entry)}).sweepWorkerMain();`;
  return [
    `const fs = require('fs'); const vm = require('vm'); const entry = ${JSON.stringify(entry)};`,
    `const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + fs.readFileSync(entry, 'utf8') + '\\n})', { filename: entry, cachedData: fs.readFileSync(${JSON.stringify(cache)}) });`,
    `const m = { exports: {} }; script.runInThisContext()(m.exports, require, m, entry, ${JSON.stringify(path.dirname(entry))});`,
    'm.exports.sweepWorkerMain();',
  ].join('\n');
}

/** Started workers (see src/node/sweepPool.ts): `finish` turns a failed reply into the command's usage error. */
export interface Pool {
  finish(wait?: boolean): Promise<WorkerReply[]>;
}

export function startWorkers(task: WorkerTask, shared: Int32Array, count: number, total: number): Pool {
  const compiled = compiledTask(task);
  const light = compiled ? lightEntry() : undefined;
  const code = light ? lightWorkerCode(light) : workerCode(__filename);
  const sent: CompiledTask | WorkerTask = light && compiled ? compiled : { kind: task.kind, target: task.target, values: task.values } as WorkerTask;
  const pool = startPool(code, sent, shared, count, total);
  return {
    async finish(wait = false) {
      const replies = await pool.finish(wait);
      const failed = replies.find((r): r is { ok: false; message: string } => !r.ok);
      if (failed) throw new UsageError(failed.message);
      return replies;
    },
  };
}

/**
 * Runs `total` tasks on this thread (`runHere`, given the claim function) and on workers: with
 * `threads` given, threads − 1 workers from the start; without, one per idle core beyond this one
 * (idleCores) once the probe says the tasks left would take WORKER_PAYOFF_MS or more here. Returns this thread's result, the
 * workers' replies and the threads that took part.
 */
export async function runShared<R>(task: WorkerTask, total: number, threads: number | undefined, runHere: (claim: () => number, token: CancelToken) => R, shared = sharedJob(Math.max(threads ?? cores(), 1) - 1)): Promise<{ here: R; replies: WorkerReply[]; threads: number }> {
  const workers = Math.max(0, Math.min((threads ?? idleCores()) - 1, shared.length - SLOT));
  const claim = claimer(shared, total);
  let pool: Pool | undefined = threads !== undefined && workers > 0 ? startWorkers(task, shared, workers, total) : undefined;
  let decided = threads !== undefined || workers === 0;
  const t0 = now();
  let done = 0;
  const probing = (): number => {
    if (!decided && now() - t0 >= PROBE_MS) {
      decided = true;
      const remainingMs = ((now() - t0) / Math.max(1, done)) * Math.max(0, total - done);
      if (remainingMs >= WORKER_PAYOFF_MS) pool = startWorkers(task, shared, workers, total);
    }
    const t = claim();
    if (t >= 0) done++;
    return t;
  };
  const here = runHere(probing, sharedToken(shared));
  const replies = pool ? await pool.finish() : [];
  return { here, replies, threads: 1 + replies.filter(r => r.ok && r.joined).length };
}

/** Only workers (`count` of them, all waited for): the worker path on its own, for tests and benchmarks. */
export async function runInWorkersOnly(task: WorkerTask, total: number, count: number, shared = sharedJob(count)): Promise<WorkerReply[]> {
  return startWorkers(task, shared, count, total).finish(true);
}

/** A cancellation flag in shared memory (SIGINT sets it while a command runs). */
export function onInterrupt(shared: Int32Array): () => void {
  const token = sharedToken(shared);
  const onInt = () => { token.cancelled = true; };
  process.once('SIGINT', onInt);
  return () => process.removeListener('SIGINT', onInt);
}
