/**
 * `optimizer-lab`: the same core from a terminal — gradients, runs as tables, JSON, CSV and a
 * standalone HTML report. Bad input: a one-line error naming what is wrong, exit code 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliValues, Io, OptionName, OPTIONS, parseCli, UsageError } from './options';
import { gradientCommand } from './gradient';
import { runCommand } from './run';
import { experimentRunCommand, isExperimentFile } from './experiment';
import { exportCommand } from './export';
import { sweepCommand } from './sweep';
import { basinsCommand } from './basins';
// A sweep worker requires the bundle (this module) and calls this (see sweepWorkers.ts).
export { sweepWorkerMain } from './sweepWorkers';
import { PRESETS } from '../core/presets';
import { OPTIMIZER_IDS } from '../core/optim/types';

/** The commands' I/O (tests pass their own). */
export type { Io };

export const HELP = `optimizer-lab — gradient-based optimizers on mathjs expressions, with each framework's exact rules

Usage:
  optimizer-lab gradient "<expr>" [--at x=1,y=2] [--hessian] [--json]
  optimizer-lab run "<expr>|<preset>" [--start x=-1.5,y=2] [--optimizer adam,rmsprop|all]
        [--convention pytorch|keras|optax|paper] [--set lr=0.01 --set adam.beta1=0.8 …]
        [--schedule constant|step:100:0.5|exponential:0.99|inverse-time:0.01|inverse-sqrt|cosine:1000|warmup:50]
        [--steps N] [--every K] [--tol-grad G] [--tuned-lr] [--noise SIGMA --seeds N]
        [--json] [--csv FILE] [--report FILE.html]
  optimizer-lab run "<per-sample loss>" --data FILE.csv --params w,b [--batch-size N|full] [--epochs E]
        [--shuffle|--no-shuffle] [--rescale none|minmax|minmax-symmetric|standard] [--seed S] …
  optimizer-lab run EXPERIMENT.optlab.json [--json] [--csv FILE] [--report FILE.html]
  optimizer-lab export EXPERIMENT.optlab.json|"<expr>" --framework pytorch|keras|optax [the run flags] > script.py
  optimizer-lab sweep "<expr>|<preset>" [--data FILE.csv …] [--optimizer …] [--lr 1e-5:10:25] [--steps N]
        [--set name=value …] [--target LOSS] [--workers N] [--json] [--csv FILE] [--report FILE.html]
  optimizer-lab basins "<expr>|<preset>" --optimizer NAME [--set lr=…] [--steps N] [--grid 150]
        [--bounds x=-2:2,y=-1:3] [--workers N] [--json] [--report FILE.html]
  optimizer-lab presets

Optimizers: ${OPTIMIZER_IDS.join(', ')}
Presets:    ${PRESETS.map(p => p.id).join(', ')}
--tuned-lr: on presets, learning rates scaled to the landscape for optimizers whose lr --set does not give.
Numbers are decimals, as in CSV files: 0.01, -2, 1e-3 (not 0x10); a value may start with '-' (--seed -3).

Expressions use mathjs syntax: (1-x)^2 + 100*(y-x^2)^2, a = 10; f(x, y) = x^2 + a*y^2, 2x, sqrt, exp,
log(x, base), sin, cosh, abs, min, max, x > 0 ? x : 0.1*x.
`;

/** The options each command reads; any other is an error rather than silently ignored. */
const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  gradient: ['at', 'hessian', 'json'],
  run: ['json', 'start', 'optimizer', 'convention', 'set', 'schedule', 'steps', 'every', 'tol-grad', 'tuned-lr', 'noise', 'seeds',
    'csv', 'report', 'data', 'params', 'batch-size', 'epochs', 'shuffle', 'no-shuffle', 'rescale', 'seed'],
  presets: [],
  sweep: ['json', 'csv', 'report', 'start', 'optimizer', 'convention', 'set', 'steps', 'lr', 'target', 'workers',
    'data', 'params', 'batch-size', 'epochs', 'shuffle', 'no-shuffle', 'rescale', 'seed'],
  basins: ['json', 'report', 'start', 'optimizer', 'convention', 'set', 'steps', 'grid', 'bounds', 'workers'],
  export: ['framework', 'start', 'optimizer', 'convention', 'set', 'schedule', 'steps', 'tol-grad', 'tuned-lr', 'noise', 'seeds',
    'data', 'params', 'batch-size', 'epochs', 'shuffle', 'no-shuffle', 'rescale', 'seed'],
};
/** `run FILE.optlab.json`: the file holds the run; only the outputs are chosen on the command line. */
const EXPERIMENT_RUN_OPTIONS: readonly OptionName[] = ['json', 'csv', 'report', 'help'];
/** `run` options that only mean something with --data. */
const DATA_OPTIONS: readonly OptionName[] = ['params', 'batch-size', 'epochs', 'shuffle', 'no-shuffle', 'rescale', 'seed'];

const isOption = (name: string): name is OptionName => Object.prototype.hasOwnProperty.call(OPTIONS, name);

/**
 * Gives a value-taking option the next word as its value even when that word starts with '-'
 * (`--steps -5`, `--start -1`, `--csv -out.csv`), which parseArgs refuses as ambiguous; the
 * value then meets the option's own check. A next word that is itself an option, or no next word,
 * is a missing value.
 */
function attachValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') { out.push(...argv.slice(i)); break; }
    const name = /^--([^=]+)$/.exec(word)?.[1];
    if (name !== undefined && isOption(name) && OPTIONS[name].type === 'string') {
      const next = argv[i + 1];
      const nextIsOption = next !== undefined && (/^--[^=]+(=|$)/.test(next) ? isOption(next.slice(2).split('=')[0]) : next === '-h');
      if (next === undefined || nextIsOption) throw new UsageError(`--${name} needs a value`);
      out.push(`--${name}=${next}`);
      i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** parseArgs's own complaints, reworded as one line naming the option. */
function parseArgsMessage(e: Error & { code?: string }): string {
  const option = /'(-[^' ]*)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}' (optimizer-lab --help lists the options)`;
  if (/does not take an argument/.test(e.message) && option) return `${option} takes no value`;
  return e.message.split('\n')[0];
}

/** Checks that apply to the command line as a whole, before any work starts. */
function checkOptions(command: string, values: CliValues, rest: string[]): void {
  const accepted = COMMAND_OPTIONS[command];
  if (!accepted) return;
  for (const [name, value] of Object.entries(values) as [OptionName, unknown][]) {
    if (value === undefined || name === 'help') continue;
    if (!accepted.includes(name)) {
      throw new UsageError(`--${name} does not apply to '${command}'${accepted.length ? ` (its options: ${accepted.map(a => `--${a}`).join(', ')})` : ''}`);
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim() === '') throw new UsageError(`--${name} needs a value, got an empty one`);
    }
  }
  if (command === 'presets' && rest.length) throw new UsageError('presets takes no arguments');
  if (command === 'sweep' || command === 'basins') {
    for (const flag of ['csv', 'report'] as const) if (values[flag] !== undefined) checkOutputFile(values[flag] as string, `--${flag}`);
  }
  if (command === 'run') {
    if (values.data === undefined) {
      const dataOnly = DATA_OPTIONS.find(o => values[o] !== undefined);
      if (dataOnly) throw new UsageError(`--${dataOnly} applies to datasets: add --data FILE.csv`);
    }
    if (values.seeds !== undefined && values.noise === undefined) throw new UsageError('--seeds applies with --noise SIGMA (one run per seed)');
    if (values.data !== undefined && values['tuned-lr']) throw new UsageError('--tuned-lr applies to the preset test functions (optimizer-lab presets), not to datasets');
    for (const flag of ['csv', 'report'] as const) if (values[flag] !== undefined) checkOutputFile(values[flag] as string, `--${flag}`);
  }
}

/** An output file must be creatable: its folder exists and the name is not a folder. */
function checkOutputFile(file: string, flag: string): void {
  const folder = path.dirname(path.resolve(file));
  if (!isFolder(folder)) throw new UsageError(`${flag}: folder ${path.dirname(file)} does not exist`);
  if (isFolder(file)) throw new UsageError(`${flag}: ${file} is a folder, expected a file name`);
}

function isFolder(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** io.writeFile with file-system errors (no such folder, permission, disk full) as one-line usage errors. */
function guardedWrites(io: Io): Io {
  return {
    ...io,
    writeFile: (file, content) => {
      try {
        io.writeFile(file, content);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (!code) throw e;
        const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code;
        throw new UsageError(`cannot write '${file}': ${reason}`);
      }
    },
  };
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(attachValues(argv));
  } catch (e) {
    io.err(`optimizer-lab: ${e instanceof UsageError ? e.message : parseArgsMessage(e as Error)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(HELP);
    return 0;
  }
  io = guardedWrites(io);
  try {
    checkOptions(command, values, rest);
    switch (command) {
      case 'gradient':
        if (rest.length !== 1) throw new UsageError('gradient takes one expression in quotes');
        gradientCommand(rest[0], values, io);
        return 0;
      case 'run':
        if (rest.length !== 1) throw new UsageError('run takes one expression (or preset name) in quotes, or an experiment file');
        if (isExperimentFile(rest[0])) {
          const extra = (Object.keys(values) as OptionName[]).find(k => values[k] !== undefined && !EXPERIMENT_RUN_OPTIONS.includes(k));
          if (extra) throw new UsageError(`--${extra} does not apply to an experiment file: the file holds the run (its options: --json, --csv, --report)`);
          await experimentRunCommand(rest[0], values, io);
          return 0;
        }
        await runCommand(rest[0], values, io);
        return 0;
      case 'export':
        if (rest.length !== 1) throw new UsageError('export takes one experiment file or one expression (or preset name) in quotes');
        await exportCommand(rest[0], values, io);
        return 0;
      case 'sweep':
        if (rest.length !== 1) throw new UsageError('sweep takes one expression (or preset name) in quotes');
        await sweepCommand(rest[0], values, io);
        return 0;
      case 'basins':
        if (rest.length !== 1) throw new UsageError('basins takes one expression (or preset name) in quotes');
        await basinsCommand(rest[0], values, io);
        return 0;
      case 'presets':
        for (const p of PRESETS) io.out(`${p.id.padEnd(18)} ${p.expression}\n${' '.repeat(19)}${p.description}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command '${command}' (gradient, run, sweep, basins, export, presets; --help for usage)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`optimizer-lab: ${e.message}\n`);
      return 2;
    }
    io.err(`optimizer-lab: internal error: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  const io: Io = {
    out: s => process.stdout.write(s),
    err: s => process.stderr.write(s),
    writeFile: (p, c) => fs.writeFileSync(p, c),
    readFile: p => fs.readFileSync(p, 'utf8'),
  };
  main(process.argv.slice(2), io).then(code => { process.exitCode = code; }, e => {
    process.stderr.write(`optimizer-lab: internal error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
