/** `optimizer-lab run …`: every optimizer through the one loop; a table, JSON, CSV and/or an HTML report. */
import { CompiledObjective, parseObjective } from '../core/expr';
import { assemblePanelModel, deriveStart, MAX_RECORDS, presetForExpression, runConfigured, tunedLearningRate } from '../core/model';
import { RULES, isConvention, paramsFor, resolveHyperparameters } from '../core/optim/registry';
import { CONVENTIONS, Convention, DEFAULT_CONVENTION, OPTIMIZER_IDS, OptimizerId } from '../core/optim/types';
import { findPreset, nearestMinimumDistance, Preset } from '../core/presets';
import { readRunConfig, RunConfig } from '../core/protocol';
import { GradientSource, objectiveSource, Trace, traceToJson } from '../core/run';
import { parseDecimal } from '../core/data/csv';
import { LIMITS } from '../core/limits';
import { distanceToNearest } from '../core/distance';
import { tracesToCsv } from '../core/traceCsv';
import { finiteOrNull } from '../core/protocol';
import { CONSTANT_SCHEDULE, parseSchedule, ScheduleSpec } from '../core/schedule';
import { fmtNum, parsePoint, table } from './format';
import { positionText } from './gradient';
import type { CliValues, Io } from './options';
import { decimalValue, UsageError } from './options';
import { writeReport } from './report';
import { runExperimentText } from './experiment';
import { prepareDataRun, DataRun } from './data';
import { diagnoseTraces, diagnosisLines } from './diagnosis';
import { curvatureForRun, stabilityAlongSync, traceRecords } from '../core/stability';

const usage = (m: string): never => { throw new UsageError(m); };

function intFlag(v: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = parseDecimal(v.trim());
  if (!Number.isInteger(n) || n < min || n > max) usage(`${flag} must be an integer from ${min} to ${max}, got '${v}'`);
  return n;
}

function numFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = decimalValue(v, flag);
  if (!Number.isFinite(n) || n < 0) usage(`${flag} must be a non-negative number, got '${v}'`);
  return n;
}

/** `--optimizer adam,rmsprop` (repeatable) or `all` (every optimizer the convention has). */
function optimizersFrom(flags: string[] | undefined, convention: Convention): { ids: OptimizerId[]; skipped: string[] } {
  const words = (flags ?? ['all']).flatMap(f => f.split(',')).map(s => s.trim()).filter(Boolean);
  if (!words.length) usage(`--optimizer must name at least one optimizer (${OPTIMIZER_IDS.join(', ')}) or all, got '${(flags ?? []).join(' ')}'`);
  if (words.includes('all')) {
    const ids = OPTIMIZER_IDS.filter(id => RULES[id].defaults[convention]);
    const skipped = OPTIMIZER_IDS.filter(id => !RULES[id].defaults[convention]).map(id => RULES[id].unavailable?.[convention] ?? `${id} is not available in ${convention}`);
    return { ids, skipped };
  }
  const ids: OptimizerId[] = [];
  for (const w of words) {
    if (!OPTIMIZER_IDS.includes(w as OptimizerId)) usage(`unknown optimizer '${w}' (known: ${OPTIMIZER_IDS.join(', ')}, all)`);
    const rule = RULES[w as OptimizerId];
    if (!rule.defaults[convention]) usage(rule.unavailable?.[convention] ?? `${w} is not available in the ${convention} convention`);
    if (!ids.includes(w as OptimizerId)) ids.push(w as OptimizerId);
  }
  return { ids, skipped: [] };
}

/**
 * `--set name=value` applies to every selected optimizer that has the hyperparameter in this
 * convention; `--set adam.name=value` to one optimizer. A name no selected optimizer accepts is an error.
 */
function overridesFrom(sets: string[] | undefined, ids: OptimizerId[], convention: Convention): RunConfig['hyperparameters'] {
  const out: RunConfig['hyperparameters'] = {};
  for (const s of sets ?? []) {
    const m = /^(?:([a-z][a-z0-9-]*)\.)?([A-Za-z]\w*)=(.*)$/.exec(s.trim()); // ids may hold a hyphen (schedulefree-adamw)
    if (!m) usage(`--set '${s}' is not name=value (or optimizer.name=value)`);
    const [, only, name, raw] = m as RegExpExecArray;
    if (only && !ids.includes(only as OptimizerId)) usage(`--set ${s}: '${only}' is not one of the selected optimizers (${ids.join(', ')})`);
    const targets = (only ? [only as OptimizerId] : ids).filter(id => paramsFor(RULES[id], convention).some(p => p.name === name));
    if (!targets.length) usage(`--set ${s}: no selected optimizer has a hyperparameter '${name}' in the ${convention} convention`);
    for (const id of targets) out[id] = { ...(out[id] ?? {}), [name]: raw };
  }
  for (const id of ids) {
    const r = resolveHyperparameters(id, convention, out[id] ?? {});
    if (!r.ok) return usage(`${id}: ${r.error.message}`);
    const resolved = r.value;
    // Keep the validated, typed values (strings from the command line become numbers/booleans).
    if (out[id]) out[id] = Object.fromEntries(Object.keys(out[id]!).map(k => [k, resolved[k as keyof typeof resolved] as number | boolean | string]));
  }
  return out;
}

export interface Prepared {
  config: RunConfig;
  objective: CompiledObjective;
  source: GradientSource;
  preset?: Preset;
  data?: DataRun;
  skipped: string[];
  every: number;
  tolGrad?: number;
  seeds: number;
  noise?: number;
}

/** The run a command line asks for (shared with `export`). */
export async function prepare(expressionOrPreset: string, values: CliValues, io: Io): Promise<Prepared> {
  const conventionText = values.convention ?? DEFAULT_CONVENTION;
  if (!isConvention(conventionText)) usage(`--convention must be one of ${CONVENTIONS.join(', ')}, got '${conventionText}'`);
  const convention = conventionText as Convention;
  const { ids, skipped } = optimizersFrom(values.optimizer, convention);
  let schedule: ScheduleSpec = CONSTANT_SCHEDULE;
  if (values.schedule !== undefined) {
    const s = parseSchedule(values.schedule);
    if (!s.ok) usage(`--schedule: ${s.error.message}`);
    schedule = (s as { ok: true; value: ScheduleSpec }).value;
  }
  const steps = intFlag(values.steps, '--steps', 1, LIMITS.maxSteps, 500);
  const every = intFlag(values.every, '--every', 1, LIMITS.maxSteps, 1);
  const tolGrad = numFlag(values['tol-grad'], '--tol-grad');
  const noise = numFlag(values.noise, '--noise');
  const seeds = intFlag(values.seeds, '--seeds', 1, LIMITS.maxSeeds, 1);
  const hyperparameters = overridesFrom(values.set, ids, convention);

  if (values.data !== undefined) {
    const data = await prepareDataRun(expressionOrPreset, values, io);
    const start = values.start !== undefined ? point(values.start, data.objective.variables) : data.start;
    if (values.steps !== undefined) usage('--steps does not apply to datasets: use --epochs (and --batch-size)');
    const config: RunConfig = { expression: expressionOrPreset, start, optimizers: ids, convention, steps: data.steps, hyperparameters, schedule, data: data.config };
    return { config: checked(config), objective: data.objective, source: data.source, data, skipped, every, tolGrad, seeds: 1 };
  }

  const preset = findPreset(expressionOrPreset) ?? presetForExpression(expressionOrPreset);
  const expression = preset ? preset.expression : expressionOrPreset;
  if (values['tuned-lr']) {
    if (!preset) usage('--tuned-lr applies to the preset test functions (optimizer-lab presets)');
    for (const id of ids) {
      const lr = hyperparameters[id]?.lr ?? tunedLearningRate(preset as Preset, id);
      if (lr !== undefined) hyperparameters[id] = { ...(hyperparameters[id] ?? {}), lr };
    }
  }
  const parsed = parseObjective(expression);
  if (!parsed.ok) usage(positionText(parsed.error.message, parsed.error.position));
  const objective = (parsed as { ok: true; value: CompiledObjective }).value;
  if (objective.variables.length === 0) usage(`'${expression}' has no variables to optimize`);
  const start = values.start !== undefined ? point(values.start, objective.variables) : preset?.start ?? deriveStart(objective);
  // A preset that replays a published run does so unless the command line chooses the optimizer settings.
  const replay = preset?.replay;
  const chosen = [values.optimizer, values.convention, values.set, values.steps, values.schedule, values['tuned-lr']].some(v => v !== undefined && v !== false);
  const config: RunConfig = replay && !chosen
    ? {
        expression, start, optimizers: [replay.optimizer], convention: replay.convention, steps: replay.steps,
        hyperparameters: { [replay.optimizer]: { ...replay.hyperparameters } }, schedule: replay.schedule ?? CONSTANT_SCHEDULE,
        ...(noise ? { noise: { sigma: noise, seeds } } : {}),
      }
    : {
        expression, start, optimizers: ids, convention, steps, hyperparameters, schedule,
        ...(noise ? { noise: { sigma: noise, seeds } } : {}),
      };
  const source = objectiveSource(objective.f, objective.grad, objective.variables.length, objective.valueAndGradient());
  return { config: checked(config), objective, source, preset, skipped, every, tolGrad, seeds, noise };
}

/** The configuration through core's RunConfig validator, the one the panel and the commands use. */
function checked(config: RunConfig): RunConfig {
  const r = readRunConfig(config, { checkMapVariables: false });
  return r.ok ? r.value : usage(r.error);
}

function point(text: string, variables: string[]): number[] {
  try { return parsePoint(text, variables, '--start'); } catch (e) { return usage((e as Error).message); }
}

export async function runCommand(expressionOrPreset: string, values: CliValues, io: Io): Promise<void> {
  const p = await prepare(expressionOrPreset, values, io);
  const { config } = p;
  const options = {
    start: config.start,
    steps: config.steps,
    every: p.every,
    ...(p.tolGrad !== undefined ? { tolerance: { gradNorm: p.tolGrad } } : {}),
    // nothing else runs in this process: no need to give the event loop a turn between chunks
    yieldEvery: LIMITS.maxSteps,
    yieldToEventLoop: () => Promise.resolve(),
  };
  // With --noise: one run per seed (the panel's runConfigured); the paths shown are seed 0's, the loss also as mean and band.
  const runs = await runConfigured(config, p.source, options);
  if (!runs.ok) return usage(runs.error.message);
  const { traces, bands } = runs.value;

  // Runs keep at most MAX_RECORDS records (the JSON's stride and steps say which).
  const strides = [...new Set(traces.filter(t => t.stride > p.every).map(t => t.stride))];
  if (strides.length) io.err(`note: at most ${MAX_RECORDS} records are kept per run: every ${strides.join(' or ')}th step, and the last\n`);
  const diagnoses = diagnoseTraces({ objective: p.objective, source: p.source, dataset: p.data !== undefined, minima: p.preset?.minima ?? p.data?.reference?.minima }, traces);
  if (values.json) {
    const json = {
      objective: { expression: config.expression, variables: p.objective.variables, gradient: p.objective.gradient },
      runs: traces.map((t, i) => {
        const j = traceToJson(t);
        const band = bands?.[i];
        return {
          ...j,
          diagnosis: diagnoses[i],
          ...(t.epoch ? { epoch: Array.from(t.epoch) } : {}),
          ...(band ? { lossMean: Array.from(band.mean, finiteOrNull), lossBand: { lo: Array.from(band.lo, finiteOrNull), hi: Array.from(band.hi, finiteOrNull) } } : {}),
        };
      }),
      ...(p.data ? { data: p.data.json(traces) } : {}),
      // the panel's stability chart: λmax and η·λmax at up to 600 evenly spread records of each run
      stability: stabilityAlongSync(traces.map(traceRecords), curvatureForRun(config, p.data?.source)),
    };
    io.out(JSON.stringify(json) + '\n');
  } else {
    io.out(summaryTable(p, traces) + diagnosisLines(traces, diagnoses));
  }
  if (values.csv) {
    io.writeFile(values.csv, tracesCsv(p.objective.variables, traces));
    if (!values.json) io.out(`CSV written to ${values.csv}\n`);
  }
  if (values.report) {
    const model = assemblePanelModel(config, p.objective, traces, {
      gridSize: 200,
      readonly: true,
      ...(bands ? { bands } : {}),
      ...(p.data ? { reference: p.data.reference, surfaceLoss: (x: ArrayLike<number>) => p.source.loss(Float64Array.from(x)) } : {}),
    });
    // The report carries what the command line ran as an experiment, so VS Code can open it again.
    writeReport(values.report, model, io, io.assetsDir ?? __dirname, runExperimentText(config, { tolGrad: p.tolGrad, report: values.report }), p.data?.source);
    if (!values.json) io.out(`HTML report written to ${values.report}\n`);
  }
}

function summaryTable(p: Prepared, traces: Trace[]): string {
  const vars = p.objective.variables;
  const header = ['optimizer', 'convention', 'final loss', ...(p.preset ? ['dist. to min'] : []), ...(p.data?.reference ? ['dist. to LS'] : []), 'steps', 'stop', vars.length <= 4 ? `final (${vars.join(', ')})` : 'final point'];
  const rows = traces.map(t => {
    const last = t.count - 1;
    const x = Array.from(t.path.subarray(last * t.dim, (last + 1) * t.dim));
    const dist = p.preset ? nearestMinimumDistance(p.preset, x) : undefined;
    const ls = p.data?.reference ? distanceToNearest(x, p.data.reference.minima) : undefined;
    return [
      t.optimizer, t.convention, fmtNum(t.loss[last]),
      ...(p.preset ? [dist === undefined ? '—' : fmtNum(dist, 4)] : []),
      ...(p.data?.reference ? [fmtNum(ls, 4)] : []),
      String(t.stop.step), t.stop.reason, x.map(v => fmtNum(v, 5)).join(', '),
    ];
  });
  const title = `${p.preset ? `${p.preset.name}: ` : ''}f(${vars.join(', ')}) = ${p.objective.text}\n` +
    `start (${p.config.start.join(', ')}), ${p.config.steps} steps, ${p.config.convention} convention\n\n`;
  const notes = p.skipped.map(s => `note: ${s}\n`).join('');
  return title + table(header, rows) + (notes ? `\n${notes}` : '') + (p.data ? p.data.tableNotes(traces) : '');
}

/** The trace CSV layout shared with the panel's export (src/core/traceCsv.ts); records beyond `count` are unused. */
function tracesCsv(variables: string[], traces: Trace[]): string {
  return tracesToCsv(variables, traces.map(t => ({ ...t, steps: t.steps.subarray(0, t.count) })));
}

