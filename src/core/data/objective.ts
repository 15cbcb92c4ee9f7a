/**
 * A per-sample loss bound to a dataset. The loss expression (e.g. `(w*x + b - y)^2`) is compiled
 * once by src/core/expr with the parameters as variables and the CSV columns as data symbols; here it
 * is evaluated row by row, copying each row's cells into one preallocated buffer, and averaged.
 * The cost is the MEAN over rows (not the sum), so a learning rate means the same thing whatever
 * the dataset size or batch size.
 */
import { checkExpression, parseObjective } from '../expr';
import { Result, fail, ok } from '../result';
import { Dataset } from './dataset';

/**
 * What the data layer needs from a compiled objective (structurally a subset of src/core/expr's
 * CompiledObjective, so tests and callers can also hand-build one).
 */
export interface PerSampleLoss {
  /** Parameters θ, in the order of the vector x. */
  variables: readonly string[];
  /** Column names, in the order their values are passed as `data`. */
  dataColumns: readonly string[];
  f(x: ArrayLike<number>, data?: ArrayLike<number>): number;
  /** Writes ∂loss/∂θ into `out` (overwrites it). */
  grad(x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>): void;
}

/** The compiled loss from parseObjective, whatever extra fields (text, tex, gradient) it carries. */
export type CompiledLoss = Exclude<ReturnType<typeof parseObjective>, { ok: false }>['value'];

/**
 * Compiles a per-sample loss over `dataset`'s columns. `params` are the fitted parameters; when
 * omitted, every symbol that is not a column is a parameter. A symbol that is neither a parameter
 * nor a column is reported by name (the usual cause: a typo or a column the CSV lacks).
 */
export function compileDatasetLoss(source: string, dataset: Dataset, params?: readonly string[]): Result<CompiledLoss> {
  for (const p of params ?? []) {
    if (dataset.columns.includes(p)) return fail(`'${p}' is both a parameter and a column of the data; rename one of them.`);
  }
  // First a quick check without roles (no derivative, no compile), only to learn which symbols the
  // expression uses. With a signature `f(w, b) = …` it fails on the columns; parseObjective then decides.
  const probe = checkExpression(source);
  let dataColumns = dataset.columns;
  let variables = params ? [...params] : undefined;
  if (probe.ok) {
    const symbols = probe.value.variables;
    const unknown = symbols.filter(s => !dataset.columns.includes(s) && !(params ?? symbols).includes(s));
    if (unknown.length && params) {
      const noun = unknown.length === 1 ? `'${unknown[0]}', which is` : `${unknown.map(u => `'${u}'`).join(', ')}, which are`;
      return fail(`The loss uses ${noun} neither a parameter (${params.join(', ')}) nor a column of the data (${dataset.columns.join(', ')}).`);
    }
    dataColumns = dataset.columns.filter(c => symbols.includes(c));
    variables ??= symbols.filter(s => !dataset.columns.includes(s));
    if (variables.length === 0) return fail(`The loss has no parameters to fit: every symbol is a column of the data (${dataset.columns.join(', ')}).`);
  }
  return parseObjective(source, { variables, dataColumns: [...dataColumns] });
}

/** A loss bound to a dataset: column lookups resolved and buffers allocated once. */
export class DatasetLoss {
  readonly dim: number;
  readonly rows: number;
  private readonly columns: Float64Array[];
  private readonly rowBuffer: Float64Array;
  private readonly rowGradient: Float64Array;

  private constructor(private readonly objective: PerSampleLoss, dataset: Dataset, columns: Float64Array[]) {
    this.dim = objective.variables.length;
    this.rows = dataset.rows;
    this.columns = columns;
    this.rowBuffer = new Float64Array(columns.length);
    this.rowGradient = new Float64Array(this.dim);
  }

  /** Fails, naming the column, when the loss reads a column the dataset lacks. */
  static bind(objective: PerSampleLoss, dataset: Dataset): Result<DatasetLoss> {
    const columns: Float64Array[] = [];
    for (const name of objective.dataColumns) {
      const index = dataset.columns.indexOf(name);
      if (index < 0) return fail(`The loss uses column '${name}', which the data does not have (columns: ${dataset.columns.join(', ')}).`);
      columns.push(dataset.data[index]);
    }
    if (dataset.rows === 0) return fail('The data has no rows.');
    return ok(new DatasetLoss(objective, dataset, columns));
  }

  /** Loss of one row: the per-sample loss evaluated on row `row`. */
  rowLoss(x: ArrayLike<number>, row: number): number {
    this.loadRow(row);
    return this.objective.f(x, this.rowBuffer);
  }

  /** Gradient of one row's loss into `out`. */
  rowGrad(x: ArrayLike<number>, row: number, out: Float64Array): void {
    this.loadRow(row);
    this.objective.grad(x, out, this.rowBuffer);
  }

  /** Mean loss over all rows: the full-batch cost. */
  meanLoss(x: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < this.rows; i++) {
      this.loadRow(i);
      sum += this.objective.f(x, this.rowBuffer);
    }
    return sum / this.rows;
  }

  /**
   * Mean gradient over rows order[start..end) (or rows start..end when `order` is null) into `out`.
   * Rows are summed in the order given; callers that need bit-identical sums pass the same order.
   */
  meanGradient(x: ArrayLike<number>, out: Float64Array, order: Uint32Array | null, start: number, end: number): void {
    const dim = this.dim;
    const rowGradient = this.rowGradient;
    out.fill(0, 0, dim);
    for (let i = start; i < end; i++) {
      this.loadRow(order ? order[i] : i);
      this.objective.grad(x, rowGradient, this.rowBuffer);
      for (let j = 0; j < dim; j++) out[j] += rowGradient[j];
    }
    const count = end - start;
    for (let j = 0; j < dim; j++) out[j] /= count;
  }

  private loadRow(row: number): void {
    const columns = this.columns;
    const buffer = this.rowBuffer;
    for (let k = 0; k < columns.length; k++) buffer[k] = columns[k][row];
  }
}
