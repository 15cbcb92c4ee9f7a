/**
 * `optimizer-lab`: the same core from a terminal — gradients, runs as tables, JSON, CSV and a
 * standalone HTML report. Bad input: a one-line error naming what is wrong, exit code 2.
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { gradientCommand } from './gradient';
import { runCommand } from './run';
import { PRESETS } from '../core/presets';
import { OPTIMIZER_IDS } from '../core/optim/types';

export const HELP = `optimizer-lab — gradient-based optimizers on mathjs expressions, with each framework's exact rules

Usage:
  optimizer-lab gradient "<expr>" [--at x=1,y=2] [--hessian] [--json]
  optimizer-lab run "<expr>|<preset>" [--start x=-1.5,y=2] [--optimizer adam,rmsprop|all]
        [--convention pytorch|keras|optax] [--set lr=0.01 --set adam.beta1=0.8 …]
        [--schedule constant|step:100:0.5|exponential:0.99|inverse-time:0.01|cosine:1000|warmup:50]
        [--steps N] [--every K] [--tol-grad G] [--tuned-lr] [--noise SIGMA --seeds N]
        [--json] [--csv FILE] [--report FILE.html]
  optimizer-lab run "<per-sample loss>" --data FILE.csv --params w,b [--batch-size N|full] [--epochs E]
        [--shuffle|--no-shuffle] [--rescale none|minmax|minmax-symmetric|standard] [--seed S] …
  optimizer-lab presets

Optimizers: ${OPTIMIZER_IDS.join(', ')}
Presets:    ${PRESETS.map(p => p.id).join(', ')}
--tuned-lr: on presets, learning rates scaled to the landscape for optimizers whose lr --set does not give.

Expressions use mathjs syntax: (1-x)^2 + 100*(y-x^2)^2, a = 10; f(x, y) = x^2 + a*y^2, 2x, sqrt, exp,
log(x, base), sin, cosh, abs, min, max, x > 0 ? x : 0.1*x.
`;

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

const OPTIONS = {
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
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];

function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    io.err(`optimizer-lab: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(HELP);
    return 0;
  }
  try {
    switch (command) {
      case 'gradient':
        if (rest.length !== 1) throw new UsageError('gradient takes one expression in quotes');
        gradientCommand(rest[0], values, io);
        return 0;
      case 'run':
        if (rest.length !== 1) throw new UsageError('run takes one expression (or preset name) in quotes');
        await runCommand(rest[0], values, io);
        return 0;
      case 'presets':
        for (const p of PRESETS) io.out(`${p.id.padEnd(18)} ${p.expression}\n${' '.repeat(19)}${p.description}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command '${command}' (gradient, run, presets; --help for usage)`);
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
