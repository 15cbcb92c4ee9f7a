/**
 * One validator per input shape: the command argument, the dataset argument and the settings read
 * their fields with the same readers as a RunConfig / DataConfig from the panel.
 */
import * as assert from 'node:assert/strict';
import { readDataConfigFields, readRunConfig, readRunConfigFields } from '../../src/core/protocol';
import { LIMITS } from '../../src/core/limits';

const ARG = ['expression', 'start', 'optimizers', 'convention', 'steps', 'hyperparameters'] as const;

describe('field readers: a part of a RunConfig', () => {
  it('reads only the fields present, rebuilt', () => {
    const r = readRunConfigFields({ expression: 'x^2', steps: 20, optimizers: ['adam', 'sgd'] }, ARG, 'argument');
    assert.deepEqual(r, { ok: true, value: { expression: 'x^2', steps: 20, optimizers: ['adam', 'sgd'] } });
  });

  it('the same message as a whole RunConfig for the same bad value, under its own prefix', () => {
    const whole = readRunConfig({ expression: 'x^2', start: [1], optimizers: ['adam'], convention: 'pytorch', steps: 0, hyperparameters: {}, schedule: { kind: 'constant' } });
    const part = readRunConfigFields({ steps: 0 }, ARG, 'argument');
    const expected = `steps must be an integer from 1 to ${LIMITS.maxSteps}, got 0`;
    assert.equal(whole.ok ? '' : whole.error, `config.${expected}`);
    assert.equal(part.ok ? '' : part.error, `argument.${expected}`);
  });

  it('refuses unknown keys, optimizer ids, conventions and hyperparameter names', () => {
    const msg = (v: unknown): string => { const r = readRunConfigFields(v, ARG, 'argument'); return r.ok ? '' : r.error; };
    assert.match(msg({ expression: 'x', colour: 'red' }), /^argument has an unknown field "colour" \(known: expression, start/);
    assert.match(msg({ optimizers: ['nope'] }), /^argument\.optimizers\[0\] must be one of sgd, /);
    assert.match(msg({ convention: 'whatever' }), /^argument\.convention must be one of pytorch, keras, optax/);
    assert.match(msg({ hyperparameters: { adam: { colour: 1 } } }), /^argument\.hyperparameters\.adam has an unknown key "colour"/);
    assert.match(msg({ start: [1, Infinity] }), /^argument\.start must be a list of 1 to \d+ finite numbers/);
    assert.match(msg([1]), /^argument must be an object with some of expression, start/);
  });
});

describe('field readers: a part of the dataset options', () => {
  const DATA = ['batchSize', 'epochs', 'shuffle', 'rescale', 'seed'] as const;
  it('reads batch size, epochs, shuffle, rescale and seed', () => {
    assert.deepEqual(readDataConfigFields({ batchSize: 'full', epochs: 3, shuffle: false, rescale: 'standard', seed: -4 }, DATA, 'argument'),
      { ok: true, value: { batchSize: 'full', epochs: 3, shuffle: false, rescale: 'standard', seed: -4 } });
  });
  it('names the field: batchSize 0, epochs 1.5, rescale "loud"', () => {
    const msg = (v: unknown): string => { const r = readDataConfigFields(v, DATA, 'argument'); return r.ok ? '' : r.error; };
    assert.match(msg({ batchSize: 0 }), /^argument\.batchSize \('full' or\) must be an integer from 1 to /);
    assert.match(msg({ epochs: 1.5 }), /^argument\.epochs must be an integer from 1 to /);
    assert.match(msg({ rescale: 'loud' }), /^argument\.rescale must be one of /);
  });
});
