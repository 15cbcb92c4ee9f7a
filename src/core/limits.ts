/**
 * Every limit of a run request, written once. The CLI flags, the commands, the settings, the
 * webview protocol, the dataset runs and the panel's controls all read these values, and a unit test
 * (test/unit/limits.test.ts) fails when one of these numbers is written as a literal elsewhere in
 * src/, and when package.json's `optimizerLab.steps.maximum` differs from `maxSteps`.
 *
 * Expression limits (length, nesting, derivative work) live with the parser in src/core/expr/limits.ts;
 * `maxExpressionLength` is the same number.
 */
import { LIMITS as EXPRESSION_LIMITS } from './expr/limits';

export const LIMITS = {
  /**
   * Updates per optimizer run, dataset runs included (epochs × updates per epoch). The run loop
   * keeps at most `MAX_RECORDS` records per run however many steps there are (src/core/run.ts), so
   * memory does not grow with this number; time does (linearly).
   */
  maxSteps: 10_000_000,
  /** Variables of an objective (start coordinates, fixed values, fitted parameters). */
  maxVariables: 64,
  /** Seeds of a gradient-noise run. */
  maxSeeds: 64,
  /** Longest expression text, in characters. */
  maxExpressionLength: EXPRESSION_LIMITS.maxSourceChars,
  /** Longest free text in a message (log lines, error messages, stop details). */
  maxTextLength: 100_000,
  /** Longest dataset path or URI. */
  maxPathLength: 4096,
  /** Longest export file name. */
  maxFileNameLength: 255,
  /** Largest export sent from the webview, in bytes. */
  maxExportBytes: 64 * 1024 * 1024,
  /** Samples per axis of a surface grid. */
  maxGridSize: 2000,
  /** Fastest playback, in optimizer steps per animation frame (the setting's `maximum` is lower). */
  maxPlaybackSpeed: 10_000,
  /** Learning rates in one sweep grid. */
  maxSweepPoints: 200,
  /** Updates in one sweep or basin map: optimizers × grid points × steps (or starts × steps). */
  maxSweepUpdates: 1_000_000_000,
  /** Start points per axis of a basin map. */
  maxBasinGrid: 400,
} as const;

/** Samples per axis of the panel's contour grid. */
export const PANEL_GRID_SIZE = 160;
