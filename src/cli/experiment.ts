/**
 * `optimizer-lab run FILE.optlab.json [--json] [--csv FILE] [--report FILE.html]`: an experiment
 * file run exactly as the panel runs it — the same RunConfig (src/core/experiment/format.ts), the
 * same dataset preparation, the same `buildPanelModel` — so the paths are bit-identical to the
 * panel's for the same file.
 */
import * as path from 'path';
import { experimentFromRunConfig, experimentToRunConfig, parseExperiment, ParsedExperiment, EXPERIMENT_SUFFIX, serializeExperiment } from '../core/experiment/format';
import { lineFor } from '../core/experiment/json';
import type { Dataset } from '../core/data/dataset';
import { prepareData, PreparedData } from '../core/dataRun';
import { buildPanelModel } from '../core/model';
import { PanelModel, RunConfig } from '../core/protocol';
import { PANEL_GRID_SIZE } from '../core/limits';
import { tracesToCsv } from '../core/traceCsv';
import { fmtNum, table } from './format';
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { readCsvFile } from './readCsv';
import { writeReport } from './report';
import { curvatureForRun, stabilityAlongSync } from '../core/stability';

const usage = (m: string): never => { throw new UsageError(m); };

/** Whether a `run` argument names an experiment file rather than an expression. */
export const isExperimentFile = (arg: string): boolean => arg.trim().toLowerCase().endsWith(EXPERIMENT_SUFFIX);

export interface LoadedExperiment {
  /** The file's text, as read. */
  text: string;
  parsed: ParsedExperiment;
  config: RunConfig;
  bounds?: { x: [number, number]; y: [number, number] };
  /** Dataset experiments: the prepared data (the CSV read relative to the file) and the dataset as read. */
  data?: PreparedData;
  dataset?: Dataset;
}

/** Reads, checks and prepares an experiment file; a person's mistake is a UsageError naming field and line. */
export async function loadExperiment(file: string, io: Io): Promise<LoadedExperiment> {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return usage(`cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`);
  }
  const parsed = parseExperiment(text);
  if (!parsed.ok) return usage(`${file}: ${parsed.error.message}`);
  const folder = path.dirname(path.resolve(file));
  const run = experimentToRunConfig(parsed.value, rel => path.resolve(folder, rel));
  if (!run.ok) return usage(`${file}: ${run.error.message}`);
  const at = (field: string, message: string): never => {
    const line = lineFor(parsed.value.lines, field);
    return usage(`${file}: ${line !== undefined ? `line ${line}: ` : ''}${field}: ${message}`);
  };
  const withData = await loadData(run.value.config, at);
  return { text, parsed: parsed.value, ...withData, ...(run.value.bounds ? { bounds: run.value.bounds } : {}) };
}

/**
 * As the panel does (src/extension/panel.ts): read the CSV, prepare it, and run epochs × updates
 * per epoch. `at(field, message)` words a complaint about the dataset or the loss.
 */
export async function loadData(
  config: RunConfig,
  at: (field: 'dataset.path' | 'expression', message: string) => never = (_field, message) => usage(message),
): Promise<{ config: RunConfig; data?: PreparedData; dataset?: Dataset }> {
  if (!config.data) return { config };
  const dataset = await readCsvFile(config.data.file);
  if (!dataset.ok) return at('dataset.path', dataset.error.message);
  const prepared = prepareData(config.expression, dataset.value, config.data);
  if (!prepared.ok) return at('expression', prepared.error.message);
  const n = prepared.value.objective.variables.length;
  return {
    config: { ...config, steps: prepared.value.steps, start: config.start.length === n ? config.start : new Array<number>(n).fill(0) },
    data: prepared.value,
    dataset: dataset.value,
  };
}

/** The panel's model for a loaded experiment (the call the panel makes, with the panel's grid). */
export async function experimentModel(loaded: LoadedExperiment, opts: { readonly?: boolean } = {}): Promise<PanelModel> {
  const model = await buildPanelModel(loaded.config, { gridSize: PANEL_GRID_SIZE, data: loaded.data, readonly: opts.readonly });
  if (!model.ok) return usage(model.error.message);
  return model.value;
}

/** Rows of a flattened path (`count × dim`). */
function pathRows(p: ArrayLike<number | null>, dim: number): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (let i = 0; i + dim <= p.length; i += dim) out.push(Array.from({ length: dim }, (_, j) => p[i + j]));
  return out;
}

export async function experimentRunCommand(file: string, values: CliValues, io: Io): Promise<void> {
  const loaded = await loadExperiment(file, io);
  const model = await experimentModel(loaded, { readonly: true });
  const vars = model.objective.variables;
  if (values.json) {
    io.out(JSON.stringify({
      experiment: file,
      objective: { expression: model.config.expression, variables: vars },
      runs: model.runs.map(r => ({
        optimizer: r.optimizer,
        convention: r.convention,
        hyperparameters: r.hyperparameters,
        steps: Array.from(r.steps),
        path: pathRows(r.path, r.dim),
        loss: Array.from(r.loss),
        stop: r.stop,
      })),
      // as `run <expression> --json`: the stability chart's numbers (up to 600 evenly spread records per run)
      stability: stabilityAlongSync(model.runs, curvatureForRun(model.config, loaded.data?.source)),
    }) + '\n');
  } else {
    const rows = model.runs.map(r => {
      const last = r.loss.length - 1;
      const x = Array.from({ length: r.dim }, (_, j) => r.path[last * r.dim + j]);
      return [r.optimizer, r.convention, fmtNum(r.loss[last]), String(r.stop.step), r.stop.reason, x.map(v => fmtNum(v, 5)).join(', ')];
    });
    io.out(`${file}\nf(${vars.join(', ')}) = ${model.objective.text}\nstart (${model.config.start.join(', ')}), ${model.config.steps} steps, ${model.config.convention} convention\n\n` +
      table(['optimizer', 'convention', 'final loss', 'steps', 'stop', vars.length <= 4 ? `final (${vars.join(', ')})` : 'final point'], rows));
  }
  if (values.csv) {
    io.writeFile(values.csv, tracesToCsv(vars, model.runs));
    if (!values.json) io.out(`CSV written to ${values.csv}\n`);
  }
  if (values.report) {
    // The report carries the experiment (src/core/experiment/embed.ts), so VS Code can open it again.
    writeReport(values.report, model, io, io.assetsDir ?? __dirname, reportExperimentText(loaded, file, values.report), loaded.data?.source);
    if (!values.json) io.out(`HTML report written to ${values.report}\n`);
  }
}

/** A dataset path as an experiment next to `folder` writes it: relative, with forward slashes (absolute on another drive). */
function relativeTo(folder: string, file: string): string {
  const rel = path.relative(folder, path.resolve(file));
  return path.isAbsolute(rel) ? rel : rel.split(path.sep).join('/');
}

/**
 * The experiment a report of an experiment file carries: the file's own text; a dataset's path is
 * rewritten relative to the report's folder when the report lives elsewhere (VS Code resolves an
 * embedded experiment's dataset against the report).
 */
function reportExperimentText(loaded: LoadedExperiment, file: string, report: string): string {
  const fileFolder = path.dirname(path.resolve(file));
  const reportFolder = path.dirname(path.resolve(report));
  const dataset = loaded.parsed.experiment.dataset;
  if (!dataset || !loaded.config.data || fileFolder === reportFolder) return loaded.text;
  return serializeExperiment({ ...loaded.parsed.experiment, dataset: { ...dataset, path: relativeTo(reportFolder, loaded.config.data.file) } });
}

/**
 * The experiment of a plain `run` (an expression or preset with flags): what the command line ran,
 * as a file would say it, so its report opens again in VS Code. `tolGrad` is --tol-grad (the CLI
 * passes it beside the config); a dataset's path is written relative to the report's folder.
 */
export function runExperimentText(config: RunConfig, opts: { tolGrad?: number; report: string }): string {
  const withTolerance: RunConfig = opts.tolGrad !== undefined ? { ...config, tolerance: { ...(config.tolerance ?? {}), gradNorm: opts.tolGrad } } : config;
  const reportFolder = path.dirname(path.resolve(opts.report));
  return serializeExperiment(experimentFromRunConfig(withTolerance, { relativePath: data => relativeTo(reportFolder, data) }));
}
