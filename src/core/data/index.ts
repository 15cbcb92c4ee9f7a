/**
 * Learning from data (issue 6): CSV → columns, per-sample losses averaged over rows, batch /
 * stochastic / minibatch gradient sources, rescaling, the exact least-squares optimum, and simulated
 * gradient noise over several seeds. Pure TypeScript: file reading lives with the callers
 * (src/cli/readCsv.ts streams a file through CsvParser).
 */
export type { Dataset } from './dataset';
export { column, datasetFromColumns } from './dataset';
export { CsvParser, parseCsv, parseDecimal } from './csv';
export { Rng, deriveSeed } from './rng';
export type { CompiledLoss, PerSampleLoss } from './objective';
export { DatasetLoss, compileDatasetLoss } from './objective';
export type { DatasetSource, DatasetSourceOptions } from './sampler';
export { createDatasetSource } from './sampler';
export type { LinearModel } from './linearModel';
export { detectLinearModel } from './linearModel';
export type { ColumnTransform, Rescaling, ScaleMethod, ScaleOptions } from './scale';
export { SCALE_METHODS, rescale, scaleColumns, scaleLinearParameters, unscaleLinearParameters } from './scale';
export type { LeastSquaresSolution } from './leastSquares';
export { solveLeastSquares } from './leastSquares';
export type { SeedSummary } from './noise';
export { runSeeds, summarizeSeeds, withGradientNoise } from './noise';
