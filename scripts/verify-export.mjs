#!/usr/bin/env node
// npm run verify:export — are the exported scripts faithful?
//
// PyTorch, by execution: every case below is run by our CLI (`run FILE.optlab.json --json`, the
// panel's own computation) and exported (`export FILE.optlab.json --framework pytorch`); the
// script runs with Debian's /usr/bin/python3 + python3-torch (installed by scripts/setup-python.sh
// when missing) and every coordinate of every path must agree with ours to 1e-9 relative.
// Cases: every optimizer torch has with its options switched on, constant and step schedules (and
// the other schedule kinds), a tolerance, and a dataset with shuffled, rescaled minibatches.
// torch.optim.Adafactor (torch >= 2.5) runs only where the installed torch has it; elsewhere (Debian's
// 1.13) its script is parsed and the case is listed as not compared, with the reason.
//
// Keras 3 and optax cannot be installed here: their scripts are parsed with Python's `ast` and
// every call into keras / optax / jax is checked against the names and keyword arguments their
// source declares (API table below, read from keras-team/keras 3422977 keras/src/optimizers/*.py,
// keras/src/optimizers/schedules/learning_rate_schedule.py, keras/src/ops/*.py, and
// google-deepmind/optax 2edbcbe optax/_src/alias.py, optax/schedules/_schedule.py).
//
// The CLI is bundled from src/ with esbuild into a temporary folder (no npm run build needed).
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-9;
const started = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-verify-export-'));
let failures = 0;
const fail = message => { failures++; console.log(`FAIL ${message}`); };

// ------------------------------------------------------------------------------------------------
// Python with torch.
const hasTorch = () => spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch()) execFileSync('bash', [path.join(root, 'scripts/setup-python.sh')], { stdio: 'inherit' });
if (!hasTorch()) {
  console.error('verify:export: /usr/bin/python3 cannot import torch, even after scripts/setup-python.sh');
  process.exit(1);
}
const torchVersion = execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
/** Whether the installed torch has torch.optim.<name> (Adafactor: torch >= 2.5). */
const torchHas = name => spawnSync(PYTHON, ['-c', `import sys, torch.optim; sys.exit(0 if hasattr(torch.optim, ${JSON.stringify(name)}) else 1)`], { stdio: 'ignore' }).status === 0;

// ------------------------------------------------------------------------------------------------
// The CLI, bundled from the sources.
const cliFile = path.join(work, 'cli.js');
await esbuild.build({ entryPoints: [path.join(root, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cliFile, logLevel: 'error' });
// Called in this process (main(argv, io), as the unit tests do): one start-up for every call.
const { main } = createRequire(import.meta.url)(cliFile);
const cli = async (...args) => {
  let out = '';
  let err = '';
  const io = { out: s => { out += s; }, err: s => { err += s; }, writeFile: (p, c) => fs.writeFileSync(p, c), readFile: p => fs.readFileSync(p, 'utf8') };
  if (await main(args, io) !== 0) throw new Error(`optimizer-lab ${args.join(' ')}: ${err}`);
  return out;
};

// Every PyTorch script in one Python process (torch imports once); each one's stdout, or its error.
const RUNNER = `
import contextlib, io, json, runpy, sys, traceback
results = {}
for file in sys.argv[1:]:
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            runpy.run_path(file, run_name="__main__")
        results[file] = {"ok": True, "out": buffer.getvalue()}
    except Exception:
        results[file] = {"ok": False, "error": traceback.format_exc()}
print(json.dumps(results))
`;

// ------------------------------------------------------------------------------------------------
// Cases. Hyperparameters switch every option torch has on somewhere; learning rates are kept where
// the runs stay well-conditioned, so 1e-9 measures the rules, not chaos.
const objective = 'x^2 + 3*y^2 + 0.5*x*y + 0.1*x^4';
const every = (extra = {}) => [
  { id: 'sgd', hyperparameters: { lr: 0.05 } },
  { id: 'momentum', hyperparameters: { lr: 0.02, momentum: 0.8, dampening: 0.1 } },
  { id: 'nesterov', hyperparameters: { lr: 0.02, momentum: 0.85 } },
  { id: 'adagrad', hyperparameters: { lr: 0.3, lrDecay: 0.01, initialAccumulator: 0.1 } },
  { id: 'rmsprop', hyperparameters: { lr: 0.01, momentum: 0.5, centered: true } },
  { id: 'adadelta', hyperparameters: { lr: 1, rho: 0.95 } },
  { id: 'adam', hyperparameters: { lr: 0.05, weightDecay: 0.01 } },
  { id: 'amsgrad', hyperparameters: { lr: 0.05, beta2: 0.99 } },
  { id: 'adamax', hyperparameters: { lr: 0.05 } },
  { id: 'nadam', hyperparameters: { lr: 0.05, momentumDecay: 0.004 } },
  { id: 'adamw', hyperparameters: { lr: 0.05, weightDecay: 0.1 } },
  { id: 'radam', hyperparameters: { lr: 0.05 } },
  { id: 'rprop', hyperparameters: { lr: 0.01 } },
  { id: 'asgd', hyperparameters: { lr: 0.02, t0: 50 } },
  ...(extra.more ?? []),
];
const cases = [
  { name: 'every optimizer, constant schedule', exp: { expression: objective, start: [1.5, -1.2], convention: 'pytorch', optimizers: every(), schedule: { kind: 'constant' }, steps: 300 } },
  { name: 'every optimizer, step schedule', exp: { expression: objective, start: [1.5, -1.2], convention: 'pytorch', optimizers: every(), schedule: { kind: 'step', stepSize: 50, gamma: 0.5 }, steps: 300 } },
  ...['exponential', 'inverse-time', 'inverse-sqrt', 'cosine', 'warmup'].map(kind => ({
    name: `${kind} schedule`,
    exp: {
      expression: objective, start: [-1, 0.8], convention: 'pytorch',
      optimizers: [{ id: 'momentum', hyperparameters: { lr: 0.02 } }, { id: 'adam', hyperparameters: { lr: 0.05 } }, { id: 'rmsprop', hyperparameters: { lr: 0.01 } }],
      schedule: { exponential: { kind, gamma: 0.99 }, 'inverse-time': { kind, decay: 0.02 }, 'inverse-sqrt': { kind }, cosine: { kind, steps: 150, alpha: 0.1 }, warmup: { kind, warmupSteps: 30 } }[kind],
      steps: 200,
    },
  })),
  { name: 'Rosenbrock with a gradient tolerance', exp: { preset: 'rosenbrock', convention: 'pytorch', optimizers: [{ id: 'adam', hyperparameters: { lr: 0.02 } }, { id: 'sgd', hyperparameters: { lr: 0.001 } }], steps: 2000, tolerance: { gradNorm: 0.05 } } },
  { name: 'a 3-variable function with exp, sin and a conditional', exp: { expression: 'exp(0.1*x) + sin(y)^2 + (z > 0 ? z^2 : 0.5*z^2) + x*z', start: [0.5, 1, -0.7], convention: 'pytorch', optimizers: [{ id: 'adam', hyperparameters: { lr: 0.02 } }, { id: 'rmsprop', hyperparameters: { lr: 0.005 } }], steps: 250 } },
  // torch.optim.Adafactor exists from torch 2.5 on: run where the installed torch has it, else the
  // script is only written and parsed (Debian's 1.13 lacks it), and the case is listed as skipped.
  {
    name: 'Adafactor (torch >= 2.5)', needs: 'Adafactor',
    exp: { expression: objective, start: [1.5, -1.2], convention: 'pytorch', optimizers: [{ id: 'adafactor', hyperparameters: { lr: 0.05, weightDecay: 0.01 } }], steps: 300 },
  },
  {
    name: 'dataset: shuffled minibatches, standard rescaling',
    csv: 'linear-regression.csv',
    exp: {
      expression: '(w*x + b - y)^2', convention: 'pytorch',
      optimizers: [{ id: 'sgd', hyperparameters: { lr: 0.05 } }, { id: 'adam', hyperparameters: { lr: 0.1 } }, { id: 'momentum', hyperparameters: { lr: 0.01 } }],
      dataset: { path: 'linear-regression.csv', parameters: ['w', 'b'], batchSize: 16, epochs: 5, shuffle: true, rescale: 'standard', seed: 3 },
    },
  },
];

// ------------------------------------------------------------------------------------------------
// PyTorch: run and compare.
const skippedNotes = new Set();
let compared = 0;
let worst = 0;
const prepared = [];
for (const c of cases) {
  const file = path.join(work, `${c.name.replace(/\W+/g, '-')}.optlab.json`);
  if (c.csv) fs.copyFileSync(path.join(root, 'media/datasets', c.csv), path.join(work, c.csv));
  fs.writeFileSync(file, JSON.stringify({ version: 1, ...c.exp }, null, 2));
  const ours = JSON.parse(await cli('run', file, '--json'));
  const script = await cli('export', file, '--framework', 'pytorch');
  const scriptFile = file.replace(/\.optlab\.json$/, '.py');
  fs.writeFileSync(scriptFile, script);
  for (const m of script.matchAll(/^# (\w+): (.*) — run left out\.$/gm)) skippedNotes.add(`${m[1]}: ${m[2]}`);
  if (c.needs && !torchHas(c.needs)) {
    // Not executable here: the script must still be valid Python and call the class with its comment.
    const parsed = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', scriptFile], { encoding: 'utf8' });
    if (parsed.status !== 0) fail(`${c.name}: not valid Python:\n${parsed.stderr}`);
    if (!script.includes(`torch.optim.${c.needs}(params, `) || !script.includes(`# torch.optim.${c.needs} needs torch >= 2.5`)) fail(`${c.name}: the script does not call torch.optim.${c.needs} with its version comment`);
    skippedNotes.add(`${c.name}: torch ${torchVersion} has no torch.optim.${c.needs} (added in torch 2.5); the script is written and parsed, not executed`);
    continue;
  }
  prepared.push({ c, ours, scriptFile });
}
const runnerFile = path.join(work, 'runner.py');
fs.writeFileSync(runnerFile, RUNNER);
const executed = spawnSync(PYTHON, [runnerFile, ...prepared.map(p => p.scriptFile)], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (executed.status !== 0) { console.error(executed.stderr); process.exit(1); }
const outputs = JSON.parse(executed.stdout);
for (const { c, ours, scriptFile } of prepared) {
  const py = outputs[scriptFile];
  if (!py.ok) { fail(`${c.name}: the PyTorch script failed:\n${py.error}`); continue; }
  const theirs = JSON.parse(py.out).runs;
  for (const run of theirs) {
    const mine = ours.runs.find(r => r.optimizer === run.optimizer);
    if (!mine) { fail(`${c.name}: ${run.optimizer} is in the script but not in our runs`); continue; }
    // NAdam: torch < 2.0 multiplies an extra μ_t into the momentum product (fixed in 2.0); we follow 2.x.
    if (run.optimizer === 'nadam' && Number(torchVersion.split('.')[0]) < 2) { skippedNotes.add(`nadam: not compared on torch ${torchVersion} (before 2.0 NAdam's μ product had an extra μ_t factor; Optimizer Lab follows 2.x)`); continue; }
    let runWorst = 0;
    let where = '';
    mine.steps.forEach((k, i) => {
      const a = mine.path[i];
      const b = run.path[k];
      if (!b) { runWorst = Infinity; where = `step ${k} missing from the script's path (${run.path.length - 1} updates)`; return; }
      a.forEach((v, j) => {
        const d = Math.abs(v - b[j]);
        const rel = d === 0 ? 0 : d / Math.max(Math.abs(v), Math.abs(b[j]));
        if (rel > runWorst) { runWorst = rel; where = `step ${k}, coordinate ${j}: ours ${v}, torch ${b[j]}`; }
      });
    });
    if (run.path.length - 1 !== mine.steps[mine.steps.length - 1]) { runWorst = Infinity; where = `torch ran ${run.path.length - 1} updates, we ran ${mine.steps[mine.steps.length - 1]}`; }
    compared++;
    worst = Math.max(worst, runWorst);
    if (runWorst > TOLERANCE) fail(`${c.name} / ${run.optimizer}: relative difference ${runWorst.toExponential(2)} at ${where}`);
    else console.log(`ok   ${c.name} / ${run.optimizer}: ${mine.steps.length} records, worst relative difference ${runWorst.toExponential(2)}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Keras and optax: syntax and API names.
const API = {
  keras: {
    'keras.optimizers.SGD': ['learning_rate', 'momentum', 'nesterov', 'weight_decay'],
    'keras.optimizers.Adagrad': ['learning_rate', 'initial_accumulator_value', 'epsilon', 'weight_decay'],
    'keras.optimizers.RMSprop': ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered', 'weight_decay'],
    'keras.optimizers.Adadelta': ['learning_rate', 'rho', 'epsilon', 'weight_decay'],
    'keras.optimizers.Adam': ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad', 'weight_decay'],
    'keras.optimizers.Adamax': ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'weight_decay'],
    'keras.optimizers.Nadam': ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'weight_decay'],
    'keras.optimizers.AdamW': ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
    'keras.optimizers.Lion': ['learning_rate', 'beta_1', 'beta_2', 'weight_decay'],
    'keras.optimizers.Lamb': ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'weight_decay'],
    'keras.optimizers.Ftrl': ['learning_rate', 'learning_rate_power', 'initial_accumulator_value', 'l1_regularization_strength', 'l2_regularization_strength',
      'l2_shrinkage_regularization_strength', 'beta', 'weight_decay'],
    'keras.optimizers.Adafactor': ['learning_rate', 'beta_2_decay', 'epsilon_1', 'epsilon_2', 'clip_threshold', 'relative_step', 'weight_decay'],
    'keras.optimizers.ScheduleFreeAdamW': ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'warmup_steps', 'weight_decay'],
    'keras.optimizers.schedules.ExponentialDecay': ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase'],
    'keras.optimizers.schedules.InverseTimeDecay': ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase'],
    'keras.optimizers.schedules.CosineDecay': ['initial_learning_rate', 'decay_steps', 'alpha', 'warmup_target', 'warmup_steps'],
    'keras.Variable': ['dtype'],
    'keras.config.set_floatx': [],
    'tf.GradientTape': [],
    'os.environ.setdefault': [],
    ...Object.fromEntries(['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'sqrt', 'abs', 'sign', 'floor', 'ceil', 'log10', 'log2', 'expm1', 'log1p', 'log',
      'cbrt', 'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh', 'minimum', 'maximum', 'arctan2', 'mod', 'hypot', 'where', 'mean', 'take', 'unstack',
      'convert_to_tensor', 'norm', 'stack'].map(n => [`ops.${n}`, n === 'take' || n === 'unstack' ? ['axis'] : n === 'convert_to_tensor' ? ['dtype'] : []])),
  },
  optax: {
    'optax.sgd': ['learning_rate', 'momentum', 'nesterov'],
    'optax.adagrad': ['learning_rate', 'initial_accumulator_value', 'eps'],
    'optax.rmsprop': ['learning_rate', 'decay', 'eps', 'initial_scale', 'eps_in_sqrt', 'centered', 'momentum', 'nesterov'],
    'optax.adadelta': ['learning_rate', 'rho', 'eps', 'weight_decay'],
    'optax.adam': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root'],
    'optax.amsgrad': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root'],
    'optax.adamax': ['learning_rate', 'b1', 'b2', 'eps'],
    'optax.nadam': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root'],
    'optax.adamw': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'weight_decay'],
    'optax.lion': ['learning_rate', 'b1', 'b2', 'weight_decay'],
    'optax.yogi': ['learning_rate', 'b1', 'b2', 'eps'],
    'optax.adabelief': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'weight_decay', 'weight_decay_mask', 'nesterov'],
    'optax.lamb': ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'weight_decay', 'mask'],
    'optax.sign_sgd': ['learning_rate'],
    'optax.signum': ['learning_rate', 'beta', 'accumulator_dtype'],
    'optax.adan': ['learning_rate', 'b1', 'b2', 'b3', 'eps', 'eps_root', 'weight_decay', 'mask'],
    'optax.adafactor': ['learning_rate', 'min_dim_size_to_factor', 'decay_rate', 'decay_offset', 'multiply_by_parameter_scale', 'clipping_threshold', 'momentum',
      'dtype_momentum', 'weight_decay_rate', 'eps', 'factored', 'weight_decay_mask'],
    'optax.contrib.adopt': ['learning_rate', 'b1', 'b2', 'eps', 'mu_dtype', 'nesterov', 'use_clipping', 'clip_value_fn'],
    'optax.contrib.ademamix': ['learning_rate', 'b1', 'b2', 'b3', 'alpha', 'eps', 'eps_root', 'mu_dtype', 'weight_decay', 'mask'],
    'optax.contrib.prodigy': ['learning_rate', 'betas', 'beta3', 'eps', 'estim_lr0', 'estim_lr_coef', 'weight_decay', 'safeguard_warmup', 'weight_decay_mask'],
    'optax.contrib.schedule_free_adamw': ['learning_rate', 'warmup_steps', 'b1', 'b2', 'eps', 'weight_decay', 'weight_lr_power', 'state_dtype'],
    'optax.contrib.schedule_free_sgd': ['learning_rate', 'warmup_steps', 'b1', 'weight_decay', 'weight_lr_power', 'state_dtype'],
    'optax.exponential_decay': ['init_value', 'transition_steps', 'decay_rate', 'staircase'],
    'optax.cosine_decay_schedule': ['init_value', 'decay_steps', 'alpha'],
    'optax.linear_schedule': ['init_value', 'end_value', 'transition_steps'],
    'optax.apply_updates': [],
    'jax.config.update': [],
    'jax.value_and_grad': [],
    'jnp.array': ['dtype'],
    'jnp.linalg.norm': [],
    ...Object.fromEntries(['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'sqrt', 'abs', 'sign', 'floor', 'ceil', 'log10', 'log2', 'expm1', 'log1p', 'log',
      'cbrt', 'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh', 'minimum', 'maximum', 'arctan2', 'mod', 'hypot', 'where', 'mean'].map(n => [`jnp.${n}`, []])),
  },
};
// Every call whose callee is a dotted name in one of these modules, with its keyword names.
const LIBRARIES = { keras: ['keras', 'tf', 'ops', 'os'], optax: ['optax', 'jax', 'jnp'] };
const calls = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def dotted(n):
    parts = []
    while isinstance(n, ast.Attribute):
        parts.append(n.attr); n = n.value
    if isinstance(n, ast.Name):
        parts.append(n.id); return ".".join(reversed(parts))
    return None
out = []
for n in ast.walk(tree):
    if isinstance(n, ast.Call):
        name = dotted(n.func)
        if name: out.append([name, [k.arg for k in n.keywords if k.arg]])
print(json.dumps(out))
`;
const callsFile = path.join(work, 'calls.py');
fs.writeFileSync(callsFile, calls);
let checkedScripts = 0;
for (const framework of ['keras', 'optax']) {
  for (const c of cases) {
    const file = path.join(work, `${c.name.replace(/\W+/g, '-')}.optlab.json`);
    const scriptFile = path.join(work, `${framework}-${path.basename(file, '.optlab.json')}.py`);
    fs.writeFileSync(scriptFile, await cli('export', file, '--framework', framework));
    const r = spawnSync(PYTHON, [callsFile, scriptFile], { encoding: 'utf8' });
    if (r.status !== 0) { fail(`${framework} / ${c.name}: not valid Python:\n${r.stderr}`); continue; }
    checkedScripts++;
    for (const [name, keywords] of JSON.parse(r.stdout)) {
      if (!LIBRARIES[framework].includes(name.split('.')[0])) continue;
      const known = API[framework][name];
      if (!known) { fail(`${framework} / ${c.name}: ${name} is not in the checked API list`); continue; }
      const bad = keywords.filter(k => !known.includes(k));
      if (bad.length) fail(`${framework} / ${c.name}: ${name} has no keyword ${bad.join(', ')}`);
    }
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nPyTorch ${torchVersion}: ${compared} runs compared by execution, worst relative difference ${worst.toExponential(2)} (limit ${TOLERANCE}).`);
for (const s of skippedNotes) console.log(`  not compared: ${s}`);
console.log(`Keras and optax: ${checkedScripts} scripts parsed with ast, every keras/tf/optax/jax call checked against the API list.`);
console.log(`${failures ? `${failures} FAILURES` : 'all good'} in ${seconds} s`);
fs.rmSync(work, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
