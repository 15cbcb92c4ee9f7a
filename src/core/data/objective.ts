/**
 * A per-sample loss bound to a dataset. The loss expression (e.g. `(w*x + b - y)^2`) is compiled
 * once by src/core/expr with the parameters as variables and the CSV columns as data symbols;
 * datasetLoss.ts evaluates it row by row and averages it (no expression engine there).
 * The cost is the MEAN over rows (not the sum), so a learning rate means the same thing whatever
 * the dataset size or batch size.
 */
import { checkExpression, parseObjective } from '../expr';
import { Result, fail } from '../result';
import { Dataset } from './dataset';

export { DatasetLoss } from './datasetLoss';
export type { PerSampleLoss } from './datasetLoss';

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
