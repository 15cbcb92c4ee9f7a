/**
 * The sweep layer's entry point: learning-rate sweeps, automatic tuning and their grids and
 * budgets. (Curvature is src/core/hessian.ts, the diagnosis src/core/diagnose.ts, basins
 * src/core/basins.ts; their result types are declared in ./types.)
 */
export * from './types';
export { DEFAULT_LR_GRID, TUNE_LR_GRID, checkBudget, lrGridValues, parseLrGrid, validateLrGrid } from './grid';
export { BatchCost, BudgetAxes, budgetAxes, epochsAt, gradientEvaluations, gradientEvaluationsAt } from './budget';
export { assembleSweep, checkSweep, CheckedSweep, runSweep, runSweepAsync, splitGrid, SweepConfig, SweepSample, sweepClaimed, sweepSlice, sweepSliceAsync } from './sweep';
export { autoTune, AutoTuneConfig } from './autoTune';
