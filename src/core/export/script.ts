/**
 * An experiment as a standalone, readable Python script for PyTorch, Keras 3 or optax: the
 * objective written in that framework (its own autodiff computes the gradient, not ours), each
 * optimizer built with the exact hyperparameters of that framework's rules and the schedule in its
 * own scheduler API, the same number of updates from the same start in float64, and the paths
 * printed as JSON: `{"runs": [{"optimizer": …, "path": [[x, y, …], …]}]}`.
 *
 * A script reproduces the runs Optimizer Lab shows under the framework's own convention
 * (`exportScript(run, 'keras')` = the keras convention); when the experiment uses another
 * convention, its overrides are carried over where the framework's rules accept them, and the
 * header says so. What a framework lacks (an optimizer, a hyperparameter's non-default value) is a
 * comment, and that run is left out. Gradient noise draws from Optimizer Lab's own random stream,
 * which no framework shares: the script runs without it and says so.
 *
 * Dataset experiments carry their data: the CSV rows the loss uses, rescaled as Optimizer Lab
 * rescaled them, and the row order of every epoch (its seeded shuffle), so the minibatches are the
 * same rows in the same order.
 */
import type { Dataset } from '../data/dataset';
import type { PreparedData } from '../dataRun';
import { parseObjective } from '../expr';
import { CodeLanguage, printExpression } from '../expr/print';
import { paramsFor, resolveHyperparameters, RULES } from '../optim/registry';
import type { HyperparameterName, OptimizerId } from '../optim/types';
import type { RunConfig } from '../protocol';
import { fail, ok, Result } from '../result';
import { presetForExpression } from '../model';
import { CONSUMED_BY_TUPLE, conventionOf, Framework, py, scheduleText, SPELLINGS } from './frameworks';

export { FRAMEWORKS, type Framework } from './frameworks';

export interface ExportInput {
  config: RunConfig;
  /** Dataset experiments: the prepared data (rescaled, sampled) and the dataset it was read from. */
  data?: { prepared: PreparedData; dataset: Dataset };
}

/** Rows × epochs the script may embed (about 10 MB of text at most). */
const MAX_EMBEDDED_NUMBERS = 1_000_000;

const LANGUAGE: Record<Framework, CodeLanguage> = { pytorch: 'pytorch', keras: 'keras', optax: 'jax' };
const TITLE: Record<Framework, string> = { pytorch: 'a PyTorch', keras: 'a Keras 3 (TensorFlow backend)', optax: 'an optax (JAX)' };
const NAME: Record<Framework, string> = { pytorch: 'PyTorch', keras: 'Keras', optax: 'optax' };

/** One optimizer's constructor call, or why the run is left out. */
export function optimizerCall(framework: Framework, id: OptimizerId, overrides: Record<string, unknown>, lr = 'LR'): { call: string; lr: number; comment?: string } | { skip: string } {
  const convention = conventionOf(framework);
  const rule = RULES[id];
  if (!rule.defaults[convention]) return { skip: rule.unavailable?.[convention] ?? `${framework} has no ${rule.label}` };
  const spelling = SPELLINGS[framework][id];
  if (!spelling) return { skip: `this exporter does not write ${rule.label} for ${framework} yet` };
  // The experiment's overrides that this convention accepts (another convention's names are dropped).
  const accepted = new Set(paramsFor(rule, convention).map(p => p.name as string));
  const kept = Object.fromEntries(Object.entries(overrides).filter(([k]) => accepted.has(k)));
  const resolved = resolveHyperparameters(id, convention, kept);
  if (!resolved.ok) return { skip: resolved.error.message };
  const hp = resolved.value as Partial<Record<HyperparameterName, number | boolean | string>>;
  const defaults = rule.defaults[convention]!;
  const used = new Set<string>(spelling.args.map(a => a.from));
  for (const [name, value] of Object.entries(hp)) {
    const tuple = CONSUMED_BY_TUPLE[name as HyperparameterName];
    if (used.has(name) || (tuple !== undefined && used.has(tuple))) continue;
    const neutral = spelling.neutral?.[name as HyperparameterName];
    if (value === neutral || (neutral === undefined && value === defaults[name as HyperparameterName])) continue;
    return { skip: `${spelling.callee} has no equivalent of ${name} = ${String(value)}` };
  }
  const parts = [...(framework === 'pytorch' ? ['params'] : [])];
  for (const a of spelling.args) {
    const v = hp[a.from];
    if (v === undefined) continue;
    if (a.from === 'lr') { parts.push(`${a.name}=${lr}`); continue; }
    const text = a.write ? a.write(v, hp) : py(v);
    if (text !== undefined) parts.push(`${a.name}=${text}`);
  }
  for (const [k, v] of Object.entries(spelling.fixed ?? {})) parts.push(`${k}=${v}`);
  return { call: `${spelling.callee}(${parts.join(', ')})`, lr: hp.lr as number, ...(spelling.comment ? { comment: spelling.comment } : {}) };
}

const list = (a: ArrayLike<number>): string => `[${Array.from(a, v => py(v)).join(', ')}]`;

/** Python identifiers for the objective's arguments must not shadow the script's own names. */
const SCRIPT_NAMES = new Set(['f', 'run', 'runs', 'params', 'path', 'step', 'loss', 'grad', 'state', 'optimizer', 'scheduler', 'previous', 'name', 'batch', 'o', 'lr', 'count',
  'STEPS', 'START', 'DATA', 'TABLE', 'COLUMNS', 'BATCH_SIZE', 'UPDATES_PER_EPOCH', 'EPOCH_ORDERS', 'json', 'math', 'os', 'point', 'batch_rows', 'loss_at', 'value_and_grad']);

export function exportScript(input: ExportInput, framework: Framework): Result<string> {
  const { config } = input;
  const convention = conventionOf(framework);
  const data = input.data;
  const parsed = data ? ok(data.prepared.objective) : parseObjective(config.expression);
  if (!parsed.ok) return parsed;
  const objective = parsed.value;
  const variables = [...objective.variables];
  const columns = data ? [...data.prepared.objective.dataColumns] : [];
  const clash = [...variables, ...columns].find(v => SCRIPT_NAMES.has(v));
  if (clash) return fail(`the name '${clash}' is used by the exported script itself; rename it in the expression`);
  const body = printExpression(objective.text, LANGUAGE[framework]);
  if (!body.ok) return body;
  const steps = config.steps;
  const lines: string[] = [];
  const out = (...l: string[]) => lines.push(...l);

  const preset = data ? undefined : presetForExpression(config.expression);
  out('#!/usr/bin/env python3');
  out(`"""Optimizer Lab experiment as ${TITLE[framework]} script.`, '');
  out(`Objective: f(${variables.join(', ')}) = ${objective.text}${preset ? ` (${preset.name})` : ''}  (in mathjs syntax)`);
  if (data) out(`    a per-sample loss over the columns ${columns.join(', ')}; the cost is its mean over a batch of rows.`);
  out(`Start: (${config.start.map(v => String(v)).join(', ')}); ${steps} updates per optimizer; float64.`);
  out(`Rules: ${NAME[framework]}'s own optimizers, with the hyperparameters Optimizer Lab shows under the ${convention} convention.`);
  if (config.convention !== convention) {
    out(`    (The experiment uses the ${config.convention} convention; its overrides are carried over where ${framework} accepts them.)`);
  }
  out(`Schedule: ${scheduleSummary(config)}.`);
  out(`The gradient comes from ${framework === 'pytorch' ? 'torch.autograd' : framework === 'keras' ? 'tf.GradientTape' : 'jax.value_and_grad'}, not from Optimizer Lab.`);
  if (config.noise && config.noise.sigma > 0) {
    out(`Gradient noise (sigma ${config.noise.sigma}, ${config.noise.seeds} seeds) draws from Optimizer Lab's own random`, 'stream, which no framework shares: these runs have no noise.');
  }
  if (config.tolerance) out(`Stops early as Optimizer Lab does: ${toleranceSummary(config.tolerance)}.`);
  out('Prints {"runs": [{"optimizer": ..., "path": [[...], ...]}]} as JSON: the parameters after 0, 1, 2, ... updates.', '"""');

  // Imports and precision.
  out('import json', 'import math', '');
  if (framework === 'pytorch') out('import torch', '', 'torch.set_default_dtype(torch.float64)');
  if (framework === 'keras') {
    out('import os', '', 'os.environ.setdefault("KERAS_BACKEND", "tensorflow")', '', 'import keras  # noqa: E402', 'import tensorflow as tf  # noqa: E402', 'from keras import ops  # noqa: E402', '', 'keras.config.set_floatx("float64")');
  }
  if (framework === 'optax') out('import jax', 'import jax.numpy as jnp', 'import optax', '', 'jax.config.update("jax_enable_x64", True)');
  out('', `START = ${list(config.start)}`, `STEPS = ${steps}`);

  // Data.
  if (data) {
    const d = dataBlock(data, columns, config.data?.shuffle ?? false);
    if (!d.ok) return d;
    out(...d.value);
  }

  // The objective.
  out('', '');
  out(`def f(${[...variables, ...columns].join(', ')}):`);
  out(`    return ${body.value}`);
  out('', '');
  out(...lossFunction(framework, !!data));

  // The loop.
  out(...runFunction(framework, config));

  // The runs.
  out('', '');
  const runs: string[] = [];
  const skipped: string[] = [];
  for (const id of config.optimizers) {
    const made = optimizerCall(framework, id, config.hyperparameters[id] ?? {}, 'lr');
    if ('skip' in made) {
      skipped.push(`# ${id}: ${made.skip} — run left out.`);
      continue;
    }
    const sched = framework === 'pytorch' ? scheduleText('pytorch', config.schedule, 'lr', steps) : scheduleText(framework, config.schedule, py(made.lr), steps);
    if (sched === undefined) {
      skipped.push(`# ${id}: ${framework} has no ${config.schedule.kind} schedule — run left out.`);
      continue;
    }
    const call = framework === 'pytorch'
      ? `run(${JSON.stringify(id)}, lambda params, lr=${py(made.lr)}: ${made.call}, lambda o: ${sched})`
      : `run(${JSON.stringify(id)}, ${made.call.replace('learning_rate=lr', `learning_rate=${sched}`)})`;
    if (made.comment) runs.push(`    # ${made.comment}`);
    runs.push(`    ${call},`);
  }
  out(...skipped);
  out('runs = [', ...runs, ']');
  out('print(json.dumps({"runs": runs}))');
  return ok(lines.join('\n') + '\n');
}

function scheduleSummary(config: RunConfig): string {
  const s = config.schedule;
  switch (s.kind) {
    case 'constant': return 'constant learning rate';
    case 'step': return `learning rate × ${s.gamma} every ${s.stepSize} updates`;
    case 'exponential': return `learning rate × ${s.gamma} per update`;
    case 'inverse-time': return `learning rate / (1 + ${s.decay}·k) at update k + 1`;
    case 'cosine': return `cosine decay over ${s.steps} updates to ${s.alpha ?? 0} of the learning rate`;
    case 'warmup': return `linear warmup over ${s.warmupSteps} updates`;
    default: return `${s.kind} schedule`;
  }
}

function toleranceSummary(t: NonNullable<RunConfig['tolerance']>): string {
  return [
    ...(t.gradNorm !== undefined ? [`‖gradient‖ <= ${t.gradNorm}`] : []),
    ...(t.lossChange !== undefined ? [`|change of f| <= ${t.lossChange}`] : []),
  ].join(' or ') || 'never';
}

/** The data block: rows of the columns the loss uses (as the optimizers saw them), batches, epoch orders. */
function dataBlock(data: NonNullable<ExportInput['data']>, columns: string[], shuffle: boolean): Result<string[]> {
  const p = data.prepared;
  const scaled = p.rescaling?.dataset ?? data.dataset;
  const rows = scaled.rows;
  const index = columns.map(c => scaled.columns.indexOf(c));
  const batch = p.source.batchSize;
  const perEpoch = p.source.stepsPerEpoch;
  const epochs = Math.max(1, Math.round(p.steps / perEpoch));
  // A full batch sums every row whatever the order (src/core/data/sampler.ts): no orders needed.
  const shuffled = shuffle && perEpoch > 1;
  if (rows * (columns.length + (shuffled ? epochs : 0)) > MAX_EMBEDDED_NUMBERS) {
    return fail(`the dataset is too large to embed in a script (${rows} rows × ${columns.length} columns${shuffled ? ` and ${epochs} shuffled epochs` : ''}; the limit is ${MAX_EMBEDDED_NUMBERS.toLocaleString('en-US')} numbers)`);
  }
  const out = ['', `# The ${rows} rows of ${columns.join(', ')} the optimizers saw${p.rescaling ? `, rescaled (${p.rescaling.method}) as Optimizer Lab rescaled them` : ''}.`];
  out.push(`COLUMNS = [${columns.map(c => JSON.stringify(c)).join(", ")}]`);
  out.push('DATA = [');
  for (let r = 0; r < rows; r++) out.push(`    ${list(index.map(c => scaled.data[c][r]))},`);
  out.push(']');
  out.push(`BATCH_SIZE = ${batch}  # ${batch === rows ? 'every row: full-batch gradient descent' : `rows per update; the last batch of an epoch may be smaller`}`);
  out.push(`UPDATES_PER_EPOCH = ${perEpoch}`);
  if (shuffled) {
    out.push('# The row order of each epoch (Optimizer Lab\'s seeded shuffle), so the batches are the same rows.');
    out.push('EPOCH_ORDERS = [');
    for (let e = 1; e <= epochs; e++) {
      const order: number[] = [];
      for (let j = 0; j < perEpoch; j++) order.push(...p.source.batchRows((e - 1) * perEpoch + j + 1));
      out.push(`    [${order.join(', ')}],`);
    }
    out.push(']');
  } else {
    out.push('EPOCH_ORDERS = None  # file order in every epoch');
  }
  out.push('', '', 'def batch_rows(step):', '    """Rows of the batch of update step + 1."""');
  out.push('    epoch, j = divmod(step, UPDATES_PER_EPOCH)');
  out.push('    order = EPOCH_ORDERS[epoch] if EPOCH_ORDERS is not None else range(len(DATA))');
  out.push('    return list(order[j * BATCH_SIZE:(j + 1) * BATCH_SIZE])');
  return ok(out);
}

function lossFunction(framework: Framework, data: boolean): string[] {
  const mean = framework === 'pytorch' ? 'torch.mean' : framework === 'keras' ? 'ops.mean' : 'jnp.mean';
  const table = framework === 'pytorch' ? 'torch.tensor(DATA)' : framework === 'keras' ? 'ops.convert_to_tensor(DATA, dtype="float64")' : 'jnp.array(DATA)';
  const take = framework === 'pytorch' ? 'TABLE[batch_rows(step)]' : framework === 'keras' ? 'ops.take(TABLE, batch_rows(step), axis=0)' : 'TABLE[jnp.array(batch_rows(step))]';
  const unpack = framework === 'keras' ? 'ops.unstack(params)' : 'params';
  if (!data) return ['def loss_at(params, step):', '    """The objective at the parameter vector (the same at every step)."""', `    return f(*${unpack})`];
  return [
    `TABLE = ${table}`, '', '',
    'def loss_at(params, step):',
    '    """Mean of the per-sample loss over the batch of update step + 1."""',
    `    batch = ${take}`,
    `    return ${mean}(f(*${unpack}, *${framework === 'keras' ? 'ops.unstack(batch, axis=1)' : 'batch.T'}))`,
  ];
}

function runFunction(framework: Framework, config: RunConfig): string[] {
  const tol = config.tolerance ?? {};
  const stops: string[] = [];
  const norm = framework === 'pytorch' ? 'torch.linalg.norm(params.grad).item()' : framework === 'keras' ? 'float(ops.norm(grad))' : 'float(jnp.linalg.norm(grad))';
  if (tol.gradNorm !== undefined) stops.push(`        if ${norm} <= ${py(tol.gradNorm)}:`, '            break  # converged: the gradient is small enough');
  if (tol.lossChange !== undefined) {
    stops.push(`        if previous is not None and abs(float(loss) - previous) <= ${py(tol.lossChange)}:`, '            break  # converged: f no longer changes');
    stops.push('        previous = float(loss)');
  }
  const head = ['', '', 'def point(values):', '    """A JSON-safe point: non-finite coordinates (a diverged run) become null."""', '    return [v if math.isfinite(v) else None for v in values]', '', ''];
  const tail = [
    '        if None in path[-1]:',
    '            break  # diverged',
    '    return {"optimizer": name, "path": path}',
  ];
  const prev = tol.lossChange !== undefined ? ['    previous = None'] : [];
  switch (framework) {
    case 'pytorch':
      return [...head,
        'def run(name, make_optimizer, make_scheduler):',
        '    params = torch.tensor(START, requires_grad=True)',
        '    optimizer = make_optimizer([params])',
        '    scheduler = make_scheduler(optimizer)',
        '    path = [point(params.tolist())]', ...prev,
        '    for step in range(STEPS):',
        '        optimizer.zero_grad()',
        '        loss = loss_at(params, step)',
        '        loss.backward()', ...stops,
        '        optimizer.step()',
        '        scheduler.step()',
        '        path.append(point(params.tolist()))', ...tail];
    case 'keras':
      return [...head,
        'def run(name, optimizer):',
        '    params = keras.Variable(START, dtype="float64")',
        '    path = [point(params.numpy().tolist())]', ...prev,
        '    for step in range(STEPS):',
        '        with tf.GradientTape() as tape:',
        '            loss = loss_at(params, step)',
        '        grad = tape.gradient(loss, params)', ...stops,
        '        optimizer.apply_gradients([(grad, params)])',
        '        path.append(point(params.numpy().tolist()))', ...tail];
    case 'optax':
      return [...head,
        'def run(name, optimizer):',
        '    params = jnp.array(START, dtype=jnp.float64)',
        '    state = optimizer.init(params)',
        '    value_and_grad = jax.value_and_grad(loss_at)',
        '    path = [point(params.tolist())]', ...prev,
        '    for step in range(STEPS):',
        '        loss, grad = value_and_grad(params, step)', ...stops,
        '        updates, state = optimizer.update(grad, state, params)',
        '        params = optax.apply_updates(params, updates)',
        '        path.append(point(params.tolist()))', ...tail];
  }
}
