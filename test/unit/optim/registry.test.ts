/** The registry: schema completeness, each framework's defaults (from its source), validation messages. */
import * as assert from 'node:assert/strict';
import { RULES, coerceHyperparameter, getRule, paramsFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS } from '../../../src/core/optim/types';

const message = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);

describe('optim/registry', () => {
  it('every id has a rule whose defaults, params, formula and source agree', () => {
    assert.deepEqual(Object.keys(RULES).sort(), [...OPTIMIZER_IDS].sort());
    for (const id of OPTIMIZER_IDS) {
      const rule = RULES[id];
      assert.equal(rule.id, id);
      assert.ok(rule.effectiveLr.length > 0 && rule.summary.length > 0);
      for (const c of CONVENTIONS) {
        const d = rule.defaults[c];
        if (!d) {
          // A rule without a paper form gets the registry's generic message naming the convention.
          if (c === 'paper' && !rule.unavailable?.paper) {
            assert.match(message(resolveHyperparameters(id, c, {})), / is not available in the paper convention$/);
            continue;
          }
          assert.ok(rule.unavailable?.[c], `${id}/${c}: a missing convention must say why`);
          continue;
        }
        assert.ok(rule.formula[c] && rule.source[c], `${id}/${c}: formula and source`);
        assert.ok('lr' in d, `${id}/${c}: lr`);
        for (const name of Object.keys(d)) assert.ok(rule.params.some(p => p.name === name), `${id}/${c}: ${name} is in the schema`);
        assert.equal(paramsFor(rule, c).length, Object.keys(d).length);
        const r = resolveHyperparameters(id, c);
        assert.ok(r.ok, `${id}/${c} defaults validate: ${message(r)}`);
      }
    }
  });

  it('defaults transcribed from the frameworks\' signatures', () => {
    const d = (id: keyof typeof RULES, c: 'pytorch' | 'keras' | 'optax') => RULES[id].defaults[c];
    // torch/optim/*.py
    assert.deepEqual(d('adam', 'pytorch'), { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, beta1Decay: 'none' });
    assert.deepEqual(d('adagrad', 'pytorch'), { lr: 1e-2, epsilon: 1e-10, initialAccumulator: 0, lrDecay: 0, weightDecay: 0 });
    assert.equal(d('rmsprop', 'pytorch')?.rho, 0.99);
    assert.equal(d('adadelta', 'pytorch')?.lr, 1.0);
    assert.equal(d('adamax', 'pytorch')?.lr, 2e-3);
    assert.equal(d('nadam', 'pytorch')?.momentumDecay, 4e-3);
    assert.equal(d('adamw', 'pytorch')?.weightDecay, 1e-2);
    // keras/src/optimizers/*.py
    assert.equal(d('adam', 'keras')?.epsilon, 1e-7);
    assert.deepEqual(d('adagrad', 'keras'), { lr: 1e-3, epsilon: 1e-7, initialAccumulator: 0.1, weightDecay: 0 });
    assert.deepEqual(d('adadelta', 'keras'), { lr: 1e-3, rho: 0.95, epsilon: 1e-7, weightDecay: 0 });
    assert.equal(d('adamw', 'keras')?.weightDecay, 0.004);
    assert.equal(d('lion', 'keras')?.beta2, 0.99);
    // optax/_src/alias.py
    assert.equal(d('adagrad', 'optax')?.initialAccumulator, 0.1);
    assert.equal(d('rmsprop', 'optax')?.epsInSqrt, true);
    assert.equal(d('adamw', 'optax')?.weightDecay, 1e-4);
    assert.equal(d('lion', 'optax')?.weightDecay, 1e-3);
    assert.ok(RULES.adadelta.notes?.optax?.includes('ascends'));
  });

  it('messages name the parameter and the value', () => {
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { beta1: 1.5 })), 'beta1 must be in [0, 1), got 1.5');
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { beta1: 1 })), 'beta1 must be in [0, 1), got 1');
    assert.equal(message(resolveHyperparameters('sgd', 'keras', { lr: -1 })), 'lr must be > 0, got -1');
    assert.equal(message(resolveHyperparameters('sgd', 'keras', { lr: 0 })), 'lr must be > 0, got 0');
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { epsilon: -1e-8 })), 'epsilon must be >= 0, got -1e-8');
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { beta1: 'abc' })), 'beta1 must be a number, got the text "abc"');
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { lr: Infinity })), 'lr must be a finite number, got Infinity');
    assert.equal(message(resolveHyperparameters('rmsprop', 'pytorch', { centered: 'yes' })), 'centered must be true or false, got the text "yes"');
    assert.equal(message(resolveHyperparameters('adam', 'pytorch', { beta1Decay: 'cubic' })), 'beta1Decay must be one of none, power, inverse, got the text "cubic"');
    assert.equal(
      message(resolveHyperparameters('adam', 'pytorch', { foo: 1 })),
      'Unknown hyperparameter "foo" for adam (accepted: lr, beta1, beta2, epsilon, weightDecay, beta1Decay)',
    );
    assert.equal(
      message(resolveHyperparameters('adagrad', 'keras', { lrDecay: 0.1 })),
      'lrDecay is not a hyperparameter of adagrad in the keras convention (only pytorch)',
    );
    assert.equal(message(resolveHyperparameters('adam', 'optax', { weightDecay: 0.1 })), 'weightDecay is not a hyperparameter of adam in the optax convention (only pytorch, keras)');
    assert.match(message(resolveHyperparameters('lion', 'pytorch')), /^PyTorch core \(torch\.optim\) has no Lion/);
    assert.match(message(resolveHyperparameters('nope' as 'sgd', 'pytorch')), /^Unknown optimizer "nope" \(known: sgd, /);
    assert.match(message(resolveHyperparameters('sgd', 'jax' as 'optax')), /^Unknown convention "jax" \(known: pytorch, keras, optax, paper\)$/);
  });

  it('a bad value from JSON is described, not printed as JavaScript would', () => {
    const m = (overrides: unknown): string => message(resolveHyperparameters('adam', 'pytorch', overrides as Record<string, unknown>));
    assert.equal(m({ lr: [1] }), 'lr must be a number, got a list [1]');
    assert.equal(m({ lr: {} }), 'lr must be a number, got an empty object');
    assert.equal(m({ lr: { value: 1 } }), 'lr must be a number, got an object with value');
    assert.equal(m({ lr: null }), 'lr must be a number, got null');
    assert.equal(m({ lr: '' }), 'lr must be a number, got an empty text');
    assert.equal(m({ lr: '-1' }), 'lr must be > 0, got the text "-1"');
    assert.equal(m({ lr: NaN }), 'lr must be a finite number, got NaN');
    assert.equal(m({ beta1: -0 }), '(ok)');
    assert.equal(m({ epsilon: -Infinity }), 'epsilon must be a finite number, got -Infinity');
    assert.equal(m({ beta1Decay: ['power'] }), 'beta1Decay must be one of none, power, inverse, got a list ["power"]');
    assert.equal(message(resolveHyperparameters('rmsprop', 'pytorch', { centered: 1 })), 'centered must be true or false, got 1');
    assert.equal(message(resolveHyperparameters('rmsprop', 'pytorch', { centered: [true] })), 'centered must be true or false, got a list [true]');
    // the overrides themselves
    assert.equal(m(null), 'the hyperparameters of adam must be an object like { "lr": 0.01 }, got null');
    assert.equal(m([0.1]), 'the hyperparameters of adam must be an object like { "lr": 0.01 }, got a list [0.1]');
    assert.equal(m('lr=0.1'), 'the hyperparameters of adam must be an object like { "lr": 0.01 }, got the text "lr=0.1"');
    // names that are not texts, or very long ones
    assert.match(message(resolveHyperparameters(['adam'] as unknown as 'adam', 'pytorch')), /^Unknown optimizer a list \["adam"\] \(known: /);
    assert.match(message(resolveHyperparameters('adam', undefined as unknown as 'pytorch')), /^Unknown convention nothing \(known: /);
    const long = message(resolveHyperparameters('x\n'.repeat(30) as 'adam', 'pytorch'));
    assert.ok(long.startsWith(`Unknown optimizer "${'x\\n'.repeat(20)}…" (known: sgd, `), long);
    assert.ok(!long.includes('\n'));
  });

  it('coerceHyperparameter answers a missing or malformed schema with an error value', () => {
    const m = (r: ReturnType<typeof coerceHyperparameter>): string => (r.ok ? '(ok)' : r.error.message);
    assert.equal(m(coerceHyperparameter(undefined as never, 1)), 'a hyperparameter schema must be an object { name, kind, … }, got nothing');
    assert.equal(m(coerceHyperparameter({ name: 'lr', kind: 'float' } as never, 1)), 'the kind of a hyperparameter schema must be number, boolean or enum, got the text "float"');
  });

  it('strings from the command line are coerced; overrides win over defaults; the rest stay', () => {
    const r = resolveHyperparameters('rmsprop', 'keras', { lr: '0.05', centered: 'true', momentum: 0.5 });
    assert.ok(r.ok);
    assert.deepEqual(r.value, { lr: 0.05, rho: 0.9, epsilon: 1e-7, momentum: 0.5, centered: true, weightDecay: 0 });
  });

  it('getRule', () => {
    assert.equal(getRule('adam'), RULES.adam);
    assert.equal(getRule('toString'), undefined);
    assert.equal(getRule('nope'), undefined);
  });

  it('every formula is TeX-ish (balanced braces) and every available convention creates a stepper', () => {
    for (const id of OPTIMIZER_IDS) {
      for (const c of CONVENTIONS) {
        const tex = RULES[id].formula[c];
        if (!tex) continue;
        let depth = 0;
        for (const ch of tex) { if (ch === '{') depth++; if (ch === '}') depth--; assert.ok(depth >= 0, `${id}/${c}`); }
        assert.equal(depth, 0, `${id}/${c} braces`);
        const hp = resolveHyperparameters(id, c);
        assert.ok(hp.ok);
        // f = ½|x|² for the rules that evaluate inside a step (L-BFGS)
        const env = { evaluate: (at: Float64Array, out: Float64Array): number => { out.set(at); return 0.5 * at.reduce((a, v) => a + v * v, 0); } };
        const s = RULES[id].create(3, hp.value, c, env);
        const x = Float64Array.from([1, -2, 0.5]);
        const eff = new Float64Array(3);
        s.step(x, Float64Array.from([1, -2, 0.5]), 1, hp.value.lr as number, eff, 2.625);
        assert.ok(x.every(Number.isFinite) && eff.every(Number.isFinite), `${id}/${c} finite`);
      }
    }
  });
});
