/** Case generators for the run loop, the protocol validators and the command line. */
import { Rng } from './rng';
import { PRESETS } from '../../src/core/presets';
import { RULES } from '../../src/core/optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS } from '../../src/core/optim/types';
import type { Request } from './worker';
import type { RunSpec } from '../../src/core/run';

/** Optimizer/convention pairs the frameworks have. */
export const AVAILABLE: RunSpec[] = OPTIMIZER_IDS.flatMap(optimizer =>
  CONVENTIONS.filter(c => RULES[optimizer].defaults[c] !== undefined).map(convention => ({ optimizer, convention })));

const WEIRD: readonly unknown[] = [
  null, undefined, NaN, Infinity, -Infinity, 0, -0, -1, 1, 1.5, 1e-300, 1e300, 1e308, 2 ** 53, '', 'x', '1', '0x10', 'true', true, false,
  [], [1], [0, 1], {}, { a: 1 }, 'a'.repeat(300),
];

function hyperparameters(rng: Rng, optimizer: string): Record<string, unknown> {
  const hp: Record<string, unknown> = {};
  for (const p of RULES[optimizer as keyof typeof RULES].params) {
    if (!rng.chance(0.4)) continue;
    const r = rng.next();
    if (p.kind === 'number') {
      hp[p.name] = r < 0.6
        ? rng.pick([p.min ?? -1, p.max ?? 1e6, 0, 1e-300, 1e-12, 0.999999, 1 - 1e-16, 1e6, 1e3, 10, 1e-8, 0.5, 2])
        : r < 0.85 ? rng.pick(WEIRD) : rng.uniform(p.min ?? 0, p.max ?? 10);
    } else if (p.kind === 'boolean') hp[p.name] = r < 0.8 ? rng.chance(0.5) : rng.pick(WEIRD);
    else hp[p.name] = r < 0.8 ? rng.pick(p.options ?? ['']) : rng.pick(WEIRD);
  }
  if (rng.chance(0.05)) hp[rng.pick(['nosuch', 'constructor', '__proto__', 'toString', 'LR'])] = 1;
  return hp;
}

const RUN_EXPRESSIONS = [...PRESETS.map(p => p.expression), 'x^2', 'abs(x) + abs(y)', 'x^4 + y^4', '-x^2 - y^2', 'exp(x) + y^2', 'sqrt(x) + y^2', '1e300 * x^2 + y^2', 'x^2 + 1e-300 * y^2'];
const HUGE_STEPS = [2 ** 32 - 1, 2 ** 32, 1e12, 1e9];

export function genRun(rng: Rng): Request {
  const expression = rng.pick(RUN_EXPRESSIONS);
  const preset = PRESETS.find(p => p.expression === expression);
  const dim = preset ? preset.variables.length : expression.includes('y') ? 2 : 1;
  const huge = rng.chance(0.06);
  const nSpecs = huge ? 1 : rng.int(1, 4);
  const specs: RunSpec[] = [];
  for (let i = 0; i < nSpecs; i++) {
    const base = rng.chance(0.93) ? rng.pick(AVAILABLE) : { optimizer: rng.pick([...OPTIMIZER_IDS, 'sgdx', '']), convention: rng.pick([...CONVENTIONS, 'torch', '']) } as RunSpec;
    const spec: RunSpec = { ...base };
    if (rng.chance(0.7)) spec.hyperparameters = hyperparameters(rng, RULES[spec.optimizer] ? spec.optimizer : 'sgd');
    if (rng.chance(0.15)) spec.hyperparameters = { ...spec.hyperparameters, lr: rng.pick([1e6, 1e3, 100, 1e-300]) };
    if (rng.chance(0.1)) spec.schedule = rng.pick([{ kind: 'step', every: 0, factor: 0.5 }, { kind: 'exponential', gamma: 2 }, { kind: 'cosine', period: 1 }, { kind: 'nosuch' }, { kind: 'warmup', steps: 1e9 }] as unknown as RunSpec['schedule'][]);
    specs.push(spec);
  }
  const startBase = preset ? preset.start : Array.from({ length: dim }, () => rng.uniform(-2, 2));
  let start = startBase.slice();
  const r = rng.next();
  if (r < 0.08) start[0] = NaN;
  else if (r < 0.12) start[0] = Infinity;
  else if (r < 0.16) start = start.concat([1]);
  else if (r < 0.2) start = start.map(v => v * 1e200);
  else if (r < 0.25) start = start.map(() => 0);
  const steps = huge ? rng.pick(HUGE_STEPS) : rng.pick([0, 1, 2, 3, 10, 100, 1000, 5000, 100_000, -1, 1.5, NaN, Infinity]);
  const options: Extract<Request, { kind: 'run' }>['options'] = { start, steps };
  if (rng.chance(0.2)) options.every = rng.pick([1, 2, 7, 1000, 0, -1, 1.5, 1e12]);
  if (rng.chance(0.15)) options.tolerance = { gradNorm: rng.pick([0, 1e-8, 1e300, -1, NaN]), lossChange: rng.pick([undefined, 0, 1e-12, NaN]) };
  if (rng.chance(0.15)) options.divergence = { maxAbsParam: rng.pick([1e-300, 1, 1e308, 0, NaN, undefined]), maxLoss: rng.pick([1e-300, 1, Infinity, -1, undefined]) };
  const request: Request = { kind: 'run', expression, specs, options };
  if (huge || rng.chance(0.1)) request.async = { cancelAfterMs: 300 };
  return request;
}

// ---------------------------------------------------------------------------------------------

export function validConfig(rng: Rng): Record<string, unknown> {
  const dim = rng.int(1, 4);
  const c: Record<string, unknown> = {
    expression: rng.pick(['x^2 + y^2', '(1-x)^2 + 100*(y-x^2)^2', 'x^2', 'x^2 + y^2 + z^2 + w^2']),
    start: Array.from({ length: dim }, () => rng.uniform(-2, 2)),
    optimizers: [rng.pick(OPTIMIZER_IDS)],
    convention: rng.pick(CONVENTIONS),
    steps: rng.int(1, 1000),
    hyperparameters: rng.chance(0.5) ? {} : { adam: { lr: 0.01 } },
    schedule: { kind: 'constant' },
  };
  if (dim > 2 && rng.chance(0.5)) c.mapVariables = [0, 1];
  if (rng.chance(0.2)) c.sliceMode = rng.pick(['follow', 'fixed']);
  if (rng.chance(0.2)) c.noise = { sigma: 0.1, seeds: 3 };
  if (rng.chance(0.2)) c.data = { file: 'data.csv', parameters: ['w', 'b'], batchSize: 'full', epochs: 10, shuffle: true, rescale: 'none', seed: 1 };
  return c;
}

const VIEW = { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 };

function validMessage(rng: Rng, fn: 'webview' | 'host' | 'persisted'): Record<string, unknown> {
  if (fn === 'persisted') return { version: 1, config: validConfig(rng), view: { ...VIEW } };
  if (fn === 'host') {
    return rng.pick([
      () => ({ type: 'show', model: { config: validConfig(rng), runs: [], objective: { text: 'x', tex: 'x', variables: ['x'], gradient: [] } } }),
      () => ({ type: 'surface', surface: { kind: 'curve', x: [0, 1], n: 2, values: [1, null] } }),
      () => ({ type: 'running', running: true }),
      () => ({ type: 'error', error: { message: 'bad' } }),
      () => ({ type: 'settings', settings: { animationSpeed: 1 } }),
    ])();
  }
  return rng.pick([
    () => ({ type: 'ready' }),
    () => ({ type: 'configure', config: validConfig(rng) }),
    () => ({ type: 'setStart', start: [1, 2] }),
    () => ({ type: 'requestSurface', x: [-1, 1], y: [-2, 2] }),
    () => ({ type: 'viewState', view: { ...VIEW } }),
    () => ({ type: 'export', format: rng.pick(['png', 'csv', 'json']), filename: 'run.csv', content: 'a,b' }),
    () => ({ type: 'log', level: 'info', message: 'hello' }),
  ])();
}

const PROTO_VALUES: readonly unknown[] = [
  ...WEIRD, [0, 99], [-1, 0], [1, 1], [0, 1], [2, 0], '.', '..', '...', 'a/b', 'run.csv', 'png', 'log', 'follow', { kind: 'constant' },
  Array.from({ length: 65 }, () => 1), [NaN], [1, 'a'], [[1]],
];

/** Mutates a JSON-like tree at random places (drop, replace, add unknown keys, change types). */
function mutateValue(rng: Rng, v: unknown, depth = 0): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && depth < 4) {
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    const r = rng.next();
    if (r < 0.15 && keys.length) delete o[rng.pick(keys)];
    else if (r < 0.35) o[rng.pick(['extra', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'x', 'Type', '__proto__x'])] = rng.pick(PROTO_VALUES);
    else if (r < 0.7 && keys.length) { const k = rng.pick(keys); o[k] = mutateValue(rng, o[k], depth + 1); }
    else if (keys.length) o[rng.pick(keys)] = rng.pick(PROTO_VALUES);
    if (rng.chance(0.05)) {
      const rest = JSON.stringify(o).slice(1);
      return JSON.parse(`{"__proto__": {"polluted": 1}${rest === '}' ? '' : ','} ${rest}`);
    }
    return o;
  }
  if (Array.isArray(v) && v.length && rng.chance(0.5)) { const a = v.slice(); a[rng.int(0, a.length - 1)] = rng.pick(PROTO_VALUES); return a; }
  return rng.pick(PROTO_VALUES);
}

export function genProtocol(rng: Rng): Request {
  const fn = rng.pick(['webview', 'webview', 'webview', 'host', 'persisted'] as const);
  const base = validMessage(rng, fn);
  const rounds = rng.int(0, 3);
  let message: unknown = base;
  for (let i = 0; i < rounds; i++) message = mutateValue(rng, message);
  if (rng.chance(0.03)) message = rng.pick(PROTO_VALUES);
  return { kind: 'protocol', fn, message };
}

// ---------------------------------------------------------------------------------------------

/** Command lines that must end with exit code 2 and a one-line message. */
export function cliLines(rng: Rng): string[][] {
  const lines: string[][] = [
    ['run', 'bowl', '--csv', '/nonexistent/dir/x.csv'], ['run', 'bowl', '--steps', '0x10'], ['run', 'bowl', '--set', 'lr=0x10'],
    ['run', 'bowl', '--optimizer', ''], ['run', 'bowl', '--steps', '-5'], ['run', 'bowl', '--report', '/nonexistent/dir/r.html'],
    ['nosuch'], ['run'], ['gradient'], ['run', 'x^2', '--nosuch'], ['run', 'x^2', '--steps'], ['gradient', 'x^2', '--at'],
    ['run', 'x^2 +'], ['gradient', 'x^2 +'], ['gradient', 'config({})'], ['gradient', ''], ['run', ''],
    ['gradient', 'x^2', '--at', 'q=1'], ['gradient', 'x^2', '--at', 'x=abc'], ['gradient', 'x^2', '--at', 'x=1e999'], ['gradient', 'x^2', '--at', 'x=0x10'],
    ['gradient', 'x^2', '--at', 'x=1,x=2'], ['gradient', 'x^2', '--at', '1,2,3'], ['gradient', 'x^2', '--at', 'x='],
    ['run', 'x^2', '--data', '/nonexistent/d.csv', '--params', 'x'], ['run', '(w*x - y)^2', '--data', '/nonexistent/d.csv', '--params', 'w'],
    ['run', 'bowl', '--json', '--steps', '-5'], ['presets', 'extra'], ['presets', '--steps', '5'],
  ];
  const bad: Record<string, string[]> = {
    steps: ['-5', 'abc', '0x10', '1e999', '1.5', '', ' ', '99999999999', 'NaN', 'Infinity', '1_000', '10abc', '0b11'],
    every: ['0', '-1', 'abc', '0x10', '1.5', ''],
    start: ['x=abc', 'q=1', 'x=1,x=2', 'x=', 'x=1e999', '1,2,3', 'x=0x10', 'x=NaN', '=1', ''],
    set: ['lr=-1', 'lr=0x10', 'nosuch=1', 'adam.beta1=2', 'lr', '=1', 'lr=NaN', 'lr=Infinity', 'lr=', 'nosuch.lr=1', 'adam.nosuch=1', 'lr=1e999', 'momentum=abc'],
    convention: ['torch', '', 'nosuch', ' pytorch'],
    optimizer: ['', 'nosuch', ',', 'adam,nosuch', ' '],
    schedule: ['step:0:0.5', 'foo', 'cosine:-1', 'warmup:abc', 'step:10', 'exponential:', 'inverse-time:-5', ''],
    'tol-grad': ['-1', 'abc', '0x10', ''],
    noise: ['-1', 'abc', '1e999', '0x10'],
    seeds: ['0', '-1', 'abc', '1e9', '1.5'],
    rescale: ['foo', ''],
  };
  for (const [flag, values] of Object.entries(bad)) for (const v of values) lines.push(['run', 'bowl', `--${flag}`, v]);
  const data = ['--params', 'w,b'];
  for (const v of ['0', '-1', 'abc', '0x10', '1.5']) lines.push(['run', '(w*x + b - y)^2', '--data', 'media/datasets/linear-regression.csv', ...data, '--batch-size', v]);
  for (const v of ['0', '-1', 'abc', '1e999']) lines.push(['run', '(w*x + b - y)^2', '--data', 'media/datasets/linear-regression.csv', ...data, '--epochs', v]);
  for (const v of ['abc', '1.5', '0x10']) lines.push(['run', '(w*x + b - y)^2', '--data', 'media/datasets/linear-regression.csv', ...data, '--seed', v]);
  lines.push(['run', '(w*x + b - y)^2', '--data', 'media/datasets/linear-regression.csv', '--params', 'w,q']);
  lines.push(['run', '(w*x + b - y)^2', '--data', 'media/datasets/linear-regression.csv', '--params', '']);
  lines.push(['run', '(w*x + b - y)^2', '--params', 'w,b']);
  // Fixed lines first (every known class), then the rest in seeded order.
  const head = lines.slice(0, 29);
  const tail = lines.slice(29);
  for (let i = tail.length - 1; i > 0; i--) { const j = rng.int(0, i); [tail[i], tail[j]] = [tail[j], tail[i]]; }
  const seen = new Set<string>();
  return [...head, ...tail].filter(l => !seen.has(JSON.stringify(l)) && !!seen.add(JSON.stringify(l)));
}
