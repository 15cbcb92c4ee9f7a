/**
 * What the CLI's entry point and its subcommands share: the option table, the parsed values' type,
 * the I/O the commands write through, and the usage error (a person's mistake: one line, exit code 2).
 * Kept apart from main.ts so that the subcommands never import the entry point.
 */
import { parseArgs } from 'util';
import { parseDecimal } from '../core/data/csv';

/** A person's mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  writeFile: (path: string, content: string) => void;
  readFile: (path: string) => string;
  /** Folder holding webview.js and webview.css for --report (the bundle's own folder by default). */
  assetsDir?: string;
}

export const OPTIONS = {
  at: { type: 'string' },
  hessian: { type: 'boolean' },
  json: { type: 'boolean' },
  start: { type: 'string' },
  optimizer: { type: 'string', multiple: true },
  convention: { type: 'string' },
  set: { type: 'string', multiple: true },
  schedule: { type: 'string' },
  steps: { type: 'string' },
  every: { type: 'string' },
  'tol-grad': { type: 'string' },
  'tuned-lr': { type: 'boolean' },
  noise: { type: 'string' },
  seeds: { type: 'string' },
  csv: { type: 'string' },
  report: { type: 'string' },
  data: { type: 'string' },
  params: { type: 'string' },
  'batch-size': { type: 'string' },
  epochs: { type: 'string' },
  shuffle: { type: 'boolean' },
  'no-shuffle': { type: 'boolean' },
  rescale: { type: 'string' },
  seed: { type: 'string' },
  framework: { type: 'string' },
  lr: { type: 'string' },
  target: { type: 'string' },
  grid: { type: 'string' },
  bounds: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];
export type OptionName = keyof typeof OPTIONS;

export function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

/**
 * A number as the CSV reader reads one: a plain decimal with an optional exponent (`0.01`, `-2`,
 * `1e-3`); hexadecimal, binary, `Infinity`, `NaN` and empty text are not numbers.
 */
export function decimalValue(text: string, flag: string): number {
  const value = parseDecimal(text.trim());
  if (!Number.isFinite(value)) throw new UsageError(`${flag} must be a decimal number, got '${text}'`);
  return value;
}
