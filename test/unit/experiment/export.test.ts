import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportScript, FRAMEWORKS, Framework, optimizerCall } from '../../../src/core/export';
import { readExperiment } from '../../../src/core/experiment/format';
import { RULES } from '../../../src/core/optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS } from '../../../src/core/optim/types';
import { RunConfig } from '../../../src/core/protocol';

const GOLDEN = path.join(__dirname, '../../../../test/unit/experiment/golden');
const PYTHON = '/usr/bin/python3';

const base: RunConfig = {
  expression: 'x^2 + 3*y^2 + 0.5*x*y',
  start: [1.5, -1],
  optimizers: ['adam'],
  convention: 'pytorch',
  steps: 50,
  hyperparameters: {},
  schedule: { kind: 'constant' },
};

function script(config: RunConfig, framework: Framework): string {
  const r = exportScript({ config }, framework);
  assert.ok(r.ok, !r.ok ? r.error.message : '');
  return r.value;
}

describe('export as code: every optimizer × convention × framework', () => {
  const scripts: { name: string; text: string }[] = [];

  for (const id of OPTIMIZER_IDS) {
    for (const convention of CONVENTIONS) {
      // Only optimizers the convention has can be in an experiment of that convention.
      if (!RULES[id].defaults[convention]) continue;
      for (const framework of FRAMEWORKS) {
        it(`${id} (${convention} convention) → ${framework}: a run, or a comment saying why it is left out`, () => {
          const text = script({ ...base, optimizers: [id], convention }, framework);
          const ran = text.includes(`run("${id}"`);
          const leftOut = new RegExp(`^# ${id}: .+ — run left out\\.$`, 'm').test(text);
          assert.ok(ran !== leftOut, `exactly one of a run and a comment:\n${text}`);
          // A framework that has the rule (its convention has defaults) must get a run for the optimizers the exporter knows.
          if (RULES[id].defaults[framework] && ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam', 'adamw', 'lion'].includes(id)) {
            assert.ok(ran, `expected a run of ${id} in ${framework}:\n${text}`);
          }
          scripts.push({ name: `${id}-${convention}-${framework}`, text });
        });
      }
    }
  }

  it('every script generated above is valid Python (ast.parse)', function () {
    if (!fs.existsSync(PYTHON)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-export-'));
    try {
      const files = scripts.map(s => {
        const file = path.join(dir, `${s.name}.py`);
        fs.writeFileSync(file, s.text);
        return file;
      });
      const r = spawnSync(PYTHON, ['-c', 'import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)\nprint(len(sys.argv) - 1)', ...files], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(Number(r.stdout.trim()), files.length);
      assert.ok(files.length >= 3 * 12, `only ${files.length} scripts`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('export as code: hyperparameters and schedules in each framework\'s own spelling', () => {
  it('PyTorch: every value passed explicitly, betas as a tuple, the variant flag', () => {
    const r = optimizerCall('pytorch', 'amsgrad', { lr: 0.05, beta2: 0.99 });
    assert.ok('call' in r);
    assert.strictEqual(r.call, 'torch.optim.Adam(params, lr=LR, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.0, amsgrad=True)');
  });

  it('Keras: RMSprop with ε inside the root as keras.optimizers.RMSprop takes it; weight_decay 0 left out', () => {
    const r = optimizerCall('keras', 'rmsprop', { rho: 0.8, centered: true });
    assert.ok('call' in r);
    assert.strictEqual(r.call, 'keras.optimizers.RMSprop(learning_rate=LR, rho=0.8, momentum=0.0, epsilon=1e-7, centered=True)');
  });

  it('optax: momentum 0 is momentum=None; Lion keeps optax\'s default decay 1e-3', () => {
    const m = optimizerCall('optax', 'rmsprop', {});
    assert.ok('call' in m);
    assert.match(m.call, /^optax\.rmsprop\(learning_rate=LR, decay=0\.9, eps=1e-8, initial_scale=0\.0, eps_in_sqrt=True, centered=False, momentum=None\)$/);
    const l = optimizerCall('optax', 'lion', {});
    assert.ok('call' in l);
    assert.strictEqual(l.call, 'optax.lion(learning_rate=LR, b1=0.9, b2=0.99, weight_decay=0.001)');
  });

  it('a framework lacking the optimizer or the option: a reason, no call', () => {
    const lion = optimizerCall('pytorch', 'lion', {});
    assert.ok('skip' in lion);
    assert.match(lion.skip, /no Lion/);
    const tutorial = optimizerCall('pytorch', 'adam', { beta1Decay: 'power' });
    assert.ok('skip' in tutorial);
    assert.match(tutorial.skip, /torch\.optim\.Adam has no equivalent of beta1Decay = power/);
  });

  it('schedules: StepLR, ExponentialDecay(staircase=True), optax.exponential_decay(staircase=True)', () => {
    const config: RunConfig = { ...base, schedule: { kind: 'step', stepSize: 25, gamma: 0.5 }, hyperparameters: { adam: { lr: 0.1 } } };
    assert.match(script(config, 'pytorch'), /lambda o: torch\.optim\.lr_scheduler\.StepLR\(o, step_size=25, gamma=0\.5\)\)/);
    assert.match(script({ ...config, convention: 'keras' }, 'keras'), /learning_rate=keras\.optimizers\.schedules\.ExponentialDecay\(0\.1, decay_steps=25, decay_rate=0\.5, staircase=True\)/);
    assert.match(script({ ...config, convention: 'optax' }, 'optax'), /learning_rate=optax\.exponential_decay\(0\.1, transition_steps=25, decay_rate=0\.5, staircase=True\)/);
  });

  it('a Keras-convention experiment exported to PyTorch says so, and its Lion run is left out', () => {
    const text = script({ ...base, convention: 'keras', optimizers: ['adam', 'lion'] }, 'pytorch');
    assert.match(text, /The experiment uses the keras convention/);
    assert.match(text, /^# lion: PyTorch core \(torch\.optim\) has no Lion optimizer.* — run left out\.$/m);
    // PyTorch's own ε for Adam (1e-8), not Keras's 1e-7.
    assert.match(text, /torch\.optim\.Adam\(params, lr=lr, betas=\(0\.9, 0\.999\), eps=1e-8/);
  });

  it('gradient noise is said, not imitated; a tolerance is a break in the loop', () => {
    const text = script({ ...base, noise: { sigma: 0.1, seeds: 3 }, tolerance: { gradNorm: 1e-6 } }, 'pytorch');
    assert.match(text, /these runs have no noise/);
    assert.match(text, /if torch\.linalg\.norm\(params\.grad\)\.item\(\) <= 0\.000001:\n\s+break/);
  });
});

describe('export as code: golden scripts', () => {
  const cases: [string, string, Framework][] = [
    ['pytorch-rosenbrock.py', `{
  "version": 1,
  "preset": "rosenbrock",
  "convention": "pytorch",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.001 } },
    { "id": "adam", "hyperparameters": { "lr": 0.04 } }
  ],
  "schedule": { "kind": "step", "stepSize": 100, "gamma": 0.5 },
  "steps": 300
}`, 'pytorch'],
    ['optax-bowl.py', `{
  "version": 1,
  "expression": "x^2 + 4*y^2 + sin(x*y)",
  "start": [1, -0.5],
  "convention": "optax",
  "optimizers": [
    { "id": "lion", "hyperparameters": { "lr": 0.01, "weightDecay": 0 } },
    { "id": "rmsprop", "hyperparameters": { "lr": 0.02, "momentum": 0.9 } }
  ],
  "schedule": { "kind": "cosine", "steps": 100, "alpha": 0.1 },
  "steps": 120
}`, 'optax'],
  ];
  for (const [file, experiment, framework] of cases) {
    it(`${file} (UPDATE_GOLDEN=1 rewrites it)`, () => {
      const run = readExperiment(experiment);
      assert.ok(run.ok, !run.ok ? run.error.message : '');
      const text = script(run.value.config, framework);
      const golden = path.join(GOLDEN, file);
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, text);
      assert.strictEqual(text, fs.readFileSync(golden, 'utf8'));
    });
  }
});
