/**
 * A per-sample loss bound to a dataset's columns, evaluated row by row (each row's cells copied into
 * one preallocated buffer) and averaged. Needs no expression engine: the loss is any pair of plain
 * functions f(θ, row) and ∇f(θ, row), so a worker thread can bind code it rebuilt from source.
 */
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
