/**
 * A numeric table held column-wise: one Float64Array per column, so a million rows of five columns
 * cost 40 MB and the per-row gradient loop reads contiguous memory.
 */
export interface Dataset {
  /** Column names from the header, in file order. */
  columns: string[];
  rows: number;
  /** data[c][i] is row i of column c; every array has length `rows`. */
  data: Float64Array[];
}

/** Builds a Dataset from named arrays (tests, generated data). Throws on mismatched lengths: a programming error. */
export function datasetFromColumns(columns: Record<string, ArrayLike<number>>): Dataset {
  const names = Object.keys(columns);
  const data = names.map(n => Float64Array.from(columns[n]));
  const rows = data.length ? data[0].length : 0;
  if (data.some(d => d.length !== rows)) throw new Error('datasetFromColumns: columns differ in length');
  return { columns: names, rows, data };
}

/** The column array for `name`, or undefined when the dataset has no such column. */
export function column(dataset: Dataset, name: string): Float64Array | undefined {
  const index = dataset.columns.indexOf(name);
  return index < 0 ? undefined : dataset.data[index];
}
