/** Dataset runs for the CLI: `run "<per-sample loss>" --data FILE.csv --params w,b …`. */
import { CompiledObjective } from '../core/expr';
import { parseDecimal } from '../core/data/csv';
import { SCALE_METHODS, ScaleMethod } from '../core/data/scale';
import { onOriginalScale, prepareData, PreparedData } from '../core/dataRun';
import { DataConfig, PanelModel } from '../core/protocol';
import type { DatasetSource } from '../core/data/sampler';
import { Trace } from '../core/run';
import { fmtNum } from './format';
import type { CliValues, Io } from './options';
import { decimalValue, UsageError } from './options';
import { readCsvFile } from './readCsv';

export interface DataRun {
  objective: CompiledObjective;
  /** A run.ts GradientSource with the full-batch mean gradient (the stability chart's Hessian). */
  source: DatasetSource;
  start: number[];
  steps: number;
  config: DataConfig;
  reference?: PanelModel['reference'];
  /** Extra JSON: dataset facts, epoch boundaries, parameters on the original scale. */
  json(traces: Trace[]): unknown;
  tableNotes(traces: Trace[]): string;
}

const usage = (m: string): never => { throw new UsageError(m); };

/** A whole number from `min` up to 2^53 − 1, written as a decimal (`--epochs 20`, `--seed -3`). */
function wholeFlag(text: string, flag: string, min: number): number {
  const n = decimalValue(text, flag);
  if (!Number.isSafeInteger(n) || n < min) usage(`${flag} must be a whole number from ${min} to ${Number.MAX_SAFE_INTEGER}, got '${text}'`);
  return n;
}

function dataConfig(values: CliValues): DataConfig {
  const params = values.params?.split(',').map(s => s.trim()).filter(Boolean) ?? [];
  if (values.params !== undefined && params.length === 0) usage(`--params must name at least one parameter (e.g. w,b), got '${values.params}'`);
  let batchSize: number | 'full' = 'full';
  const batchText = values['batch-size']?.trim();
  if (batchText !== undefined && batchText !== 'full') {
    if (!Number.isSafeInteger(parseDecimal(batchText)) || parseDecimal(batchText) < 1) usage(`--batch-size must be a positive whole number or 'full', got '${values['batch-size']}'`);
    batchSize = parseDecimal(batchText);
  }
  const epochs = values.epochs === undefined ? 10 : wholeFlag(values.epochs, '--epochs', 1);
  const rescale = (values.rescale?.trim() ?? 'none') as ScaleMethod;
  if (!SCALE_METHODS.includes(rescale)) usage(`--rescale must be one of ${SCALE_METHODS.join(', ')}, got '${values.rescale}'`);
  const seed = values.seed === undefined ? 1 : wholeFlag(values.seed, '--seed', -Number.MAX_SAFE_INTEGER);
  if (values.shuffle && values['no-shuffle']) usage('--shuffle and --no-shuffle contradict each other');
  return { file: values.data as string, parameters: params, batchSize, epochs, shuffle: !values['no-shuffle'], rescale, seed };
}

/** Epoch boundaries: the first record index of each epoch. */
function epochStarts(t: Trace): number[] {
  if (!t.epoch) return [];
  const starts: number[] = [];
  for (let c = 1; c < t.count; c++) if (t.epoch[c] !== t.epoch[c - 1]) starts.push(c);
  return starts;
}

export async function prepareDataRun(loss: string, values: CliValues, _io: Io): Promise<DataRun> {
  if (values.noise !== undefined) usage('--noise applies to plain expressions; datasets bring their own sampling noise');
  const config = dataConfig(values);
  const dataset = await readCsvFile(config.file);
  if (!dataset.ok) {
    const e = dataset.error;
    return usage(e.line !== undefined && !/line \d+/i.test(e.message) ? `${e.message} (line ${e.line}, column ${e.column})` : e.message);
  }
  const prepared = prepareData(loss, dataset.value, config);
  if (!prepared.ok) return usage(prepared.error.message);
  const p: PreparedData = prepared.value;
  const vars = p.objective.variables;
  const finalOf = (t: Trace) => t.path.subarray((t.count - 1) * t.dim, t.count * t.dim);
  return {
    objective: p.objective,
    source: p.source,
    start: vars.map(() => 0),
    steps: p.steps,
    config: { ...config, parameters: [...vars] },
    reference: p.reference,
    json: traces => ({
      rows: p.rows,
      batchSize: p.source.batchSize,
      stepsPerEpoch: p.source.stepsPerEpoch,
      epochs: config.epochs,
      shuffle: config.shuffle,
      rescale: config.rescale,
      seed: config.seed,
      ...(p.leastSquares
        ? { leastSquares: { scaled: Array.from(p.leastSquares), original: arrayOrNull(onOriginalScale(p, p.leastSquares)) } }
        : { leastSquaresNote: p.leastSquaresNote }),
      runs: traces.map(t => ({ optimizer: t.optimizer, epochStarts: epochStarts(t), finalOriginal: arrayOrNull(onOriginalScale(p, finalOf(t))) })),
    }),
    tableNotes: traces => {
      const lines = [`\n${p.rows} rows, batch size ${p.source.batchSize} (${p.source.batchSize === p.rows ? 'full batch: gradient descent' : p.source.batchSize === 1 ? 'one sample: SGD' : 'minibatches'}), ` +
        `${p.source.stepsPerEpoch} updates per epoch × ${config.epochs} epochs, ${config.shuffle ? 'shuffled every epoch' : 'file order'}, rescale ${config.rescale}, seed ${config.seed}`];
      if (p.leastSquares) {
        const orig = onOriginalScale(p, p.leastSquares);
        lines.push(`least squares (${vars.join(', ')}): ${fmtVec(p.leastSquares)}${config.rescale !== 'none' ? ` scaled; ${orig ? fmtVec(orig) : '(not mappable)'} original` : ''}`);
      } else if (p.leastSquaresNote) {
        lines.push(`no least-squares reference: ${p.leastSquaresNote}`);
      }
      if (config.rescale !== 'none') {
        for (const t of traces) {
          const orig = onOriginalScale(p, finalOf(t));
          lines.push(`${t.optimizer.padEnd(9)} on the original scale: ${orig ? fmtVec(orig) : '(the rescaling cannot be undone exactly for this loss)'}`);
        }
      }
      return lines.join('\n') + '\n';
    },
  };
}

const fmtVec = (v: ArrayLike<number>): string => `(${Array.from(v, x => fmtNum(x, 6)).join(', ')})`;
const arrayOrNull = (v: Float64Array | undefined): number[] | null => (v ? Array.from(v) : null);
