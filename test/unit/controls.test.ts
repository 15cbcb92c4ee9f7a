import * as assert from 'assert';
import {
  checkHyperparameter, checkScheduleField, checkSeeds, checkSigma, checkSteps, chooseMapAxis, fileName, fmtInput, logRange, parseInput,
  scaleNote, scheduleFieldValue, scheduleOfKind, sliderPosition, sliderValue, toggleOptimizer, withHyperparameter, withScheduleField, withSigma,
} from '../../src/webview/controls/values';
import { P } from '../../src/core/optim/types';
import { SCHEDULE_SPECS, type ScheduleSpec } from '../../src/core/schedule';
import { LIMITS } from '../../src/core/limits';

const field = (kind: ScheduleSpec['kind'], name: string) => {
  const f = SCHEDULE_SPECS[kind].fields.find(x => x.name === name);
  if (!f) throw new Error(`no field ${kind}.${name}`);
  return f;
};

// The side panel's pure logic (src/webview/controls/values.ts) runs in plain Node: no DOM in it.
describe('webview controls logic', () => {
  it('logRange: four decades under the default and two over it, clipped at the spec’s max', () => {
    // 1e-3: floor(−3) − 4 = −7, ceil(−3) + 2 = −1.
    assert.deepStrictEqual(logRange(P.lr, 1e-3), [-7, -1]);
    // β₁ = 0.9: log10 0.9 ≈ −0.046, floor −1 − 4 = −5; ceil −0 + 2 = 2, clipped to log10(max 1) = 0.
    assert.deepStrictEqual(logRange(P.beta1, 0.9), [-5, 0]);
    // No positive default: 1e-6 … 1.
    assert.deepStrictEqual(logRange(P.epsilon, 0), [-6, 0]);
  });

  it('log slider: position ↔ value on the decades, 0 at the bottom when the range reaches 1e-6', () => {
    // 1e-4 on [−7, −1] is half-way: (−4 + 7)/6 · 1000 = 500.
    assert.strictEqual(sliderPosition(1e-4, [-7, -1]), 500);
    assert.strictEqual(sliderPosition(1e3, [-7, -1]), 1000, 'clipped at the top');
    assert.strictEqual(sliderPosition(0, [-7, -1]), 0);
    assert.strictEqual(sliderValue(500, [-7, -1]), 1e-4);
    assert.strictEqual(sliderValue(1000, [-7, -1]), 0.1);
    assert.strictEqual(sliderValue(0, [-7, -1]), 0, 'a range down to 1e-7 starts at 0 (off)');
    assert.strictEqual(sliderValue(0, [-5, 0]), 1e-5, 'a range from 1e-5 starts there');
    // 3 significant digits: 10^(−7 + 6·0.333) = 10^−5.002 = 9.954…e-6 → 9.95e-6.
    assert.strictEqual(sliderValue(333, [-7, -1]), 9.95e-6);
  });

  it('number text: up to 10 significant digits, empty for none; empty text is no value', () => {
    assert.strictEqual(fmtInput(0.1 + 0.2), '0.3');
    assert.strictEqual(fmtInput(1e-8), '1e-8');
    assert.strictEqual(fmtInput(undefined), '');
    assert.strictEqual(fmtInput(NaN), '');
    assert.strictEqual(parseInput('  '), undefined);
    assert.strictEqual(parseInput(' 2.5 '), 2.5);
    assert.ok(Number.isNaN(parseInput('x')));
  });

  it('checks: steps and seeds up to the shared limits, σ ≥ 0', () => {
    assert.strictEqual(checkSteps(1), undefined);
    assert.strictEqual(checkSteps(LIMITS.maxSteps), undefined);
    assert.match(checkSteps(LIMITS.maxSteps + 1) ?? '', /^steps must be a whole number from 1 to /);
    assert.match(checkSteps(0) ?? '', /^steps must be/);
    assert.match(checkSteps(2.5) ?? '', /^steps must be/);
    assert.strictEqual(checkSeeds(LIMITS.maxSeeds), undefined);
    assert.match(checkSeeds(LIMITS.maxSeeds + 1) ?? '', /^seeds must be/);
    assert.strictEqual(checkSigma(0), undefined);
    assert.match(checkSigma(-0.1) ?? '', /^σ must be a number ≥ 0, got -0.1$/);
  });

  it('hyperparameter and schedule checks are core’s: lr > 0, β₁ < 1, γ > 0, α in [0, 1]', () => {
    assert.notStrictEqual(checkHyperparameter(P.lr)(0), undefined, 'lr = 0 refused (exclusive minimum)');
    assert.strictEqual(checkHyperparameter(P.lr)(0.1), undefined);
    assert.notStrictEqual(checkHyperparameter(P.beta1)(1), undefined, 'β₁ = 1 refused (exclusive maximum)');
    assert.strictEqual(checkHyperparameter(P.beta1)(0.999), undefined);
    assert.strictEqual(checkHyperparameter(P.momentum)(1), undefined, 'μ = 1 accepted (inclusive maximum)');
    assert.match(checkScheduleField(field('step', 'gamma'))(0) ?? '', /^factor γ must be > 0, got 0$/);
    assert.match(checkScheduleField(field('step', 'stepSize'))(1.5) ?? '', /must be a whole number >= 1/);
    assert.strictEqual(checkScheduleField(field('cosine', 'alpha'))(1), undefined);
    assert.match(checkScheduleField(field('cosine', 'alpha'))(1.01) ?? '', /must be in \[0, 1\]/);
  });

  it('draft edits: optimizers stay in registry order; map axes never coincide', () => {
    assert.deepStrictEqual(toggleOptimizer(['sgd', 'momentum', 'adam'], ['adam'], 'sgd', true), ['sgd', 'adam']);
    assert.deepStrictEqual(toggleOptimizer(['sgd', 'momentum', 'adam'], ['sgd', 'adam'], 'adam', false), ['sgd']);
    assert.deepStrictEqual(chooseMapAxis([0, 1], 1, 2, 3), [0, 2]);
    assert.deepStrictEqual(chooseMapAxis([0, 1], 0, 1, 3), [1, 0], 'the vertical axis moves to the first other variable');
    assert.deepStrictEqual(chooseMapAxis(undefined, 1, 0, 3), [1, 0]);
  });

  it('schedules: a new kind starts from its required fields’ initial values', () => {
    assert.deepStrictEqual(scheduleOfKind('step'), { kind: 'step', stepSize: 100, gamma: 0.5 });
    assert.deepStrictEqual(scheduleOfKind('cosine'), { kind: 'cosine', steps: 1000 }, 'optional α left out');
    assert.strictEqual(scheduleFieldValue({ kind: 'cosine', steps: 10 }, field('cosine', 'alpha')), undefined);
    assert.strictEqual(scheduleFieldValue({ kind: 'cosine', steps: 10 }, field('cosine', 'steps')), 10);
    const s: ScheduleSpec = { kind: 'cosine', steps: 10, alpha: 0.5 };
    assert.deepStrictEqual(withScheduleField(s, 'alpha', undefined), { kind: 'cosine', steps: 10 });
    assert.deepStrictEqual(s, { kind: 'cosine', steps: 10, alpha: 0.5 }, 'the input is not changed');
  });

  it('hyperparameter overrides and noise', () => {
    const all = { adam: { lr: 1, beta1: 0.8 } };
    assert.deepStrictEqual(withHyperparameter(all, 'adam', 'lr', undefined), { adam: { beta1: 0.8 } });
    assert.deepStrictEqual(withHyperparameter(all, 'sgd', 'lr', 0.5), { adam: { lr: 1, beta1: 0.8 }, sgd: { lr: 0.5 } });
    assert.deepStrictEqual(all, { adam: { lr: 1, beta1: 0.8 } });
    assert.strictEqual(withSigma({ sigma: 1, seeds: 3 }, 0, 5), undefined);
    assert.strictEqual(withSigma(undefined, undefined, 5), undefined);
    assert.deepStrictEqual(withSigma(undefined, 0.1, 5), { sigma: 0.1, seeds: 5 });
    assert.deepStrictEqual(withSigma({ sigma: 1, seeds: 3 }, 0.2, 5), { sigma: 0.2, seeds: 3 });
  });

  it('dataset texts: the file name and the rescaling note', () => {
    assert.strictEqual(fileName('C:\\data\\cars.csv'), 'cars.csv');
    assert.strictEqual(fileName('/home/u/cars.csv'), 'cars.csv');
    const base = { rows: 3, columns: ['x', 'y'], batchSize: 3, stepsPerEpoch: 1 };
    assert.strictEqual(scaleNote({ ...base, rescale: 'none' }), undefined);
    assert.strictEqual(scaleNote({ ...base, rescale: 'standard', toOriginal: { matrix: [[1]], offset: [0] } }),
      'Fitted on standardised inputs (mean 0, sd 1); the table gives the parameters on both scales.');
    assert.strictEqual(scaleNote({ ...base, rescale: 'minmax', note: 'not linear.' }), 'Parameters are on the scaled inputs only: not linear.');
  });
});
