/** Learning-rate schedules: a table of hand values, parsing, validation messages. */
import * as assert from 'node:assert/strict';
import { ScheduleSpec, learningRateAt, parseSchedule, validateSchedule } from '../../src/core/schedule';

const c45 = Math.cos(Math.PI / 4); // cos 45° = √2/2

// [spec, base η, [t, expected η_t] …] — t is the 1-based update number, k = t − 1 updates done.
const TABLE: [ScheduleSpec, number, [number, number][]][] = [
  [{ kind: 'constant' }, 0.1, [[1, 0.1], [2, 0.1], [1000, 0.1]]],
  // η·γ^⌊k/N⌋ with N = 2, γ = 0.5
  [{ kind: 'step', stepSize: 2, gamma: 0.5 }, 1, [[1, 1], [2, 1], [3, 0.5], [4, 0.5], [5, 0.25], [7, 0.125]]],
  // η·γ^k
  [{ kind: 'exponential', gamma: 0.9 }, 2, [[1, 2], [2, 1.8], [3, 1.62], [4, 1.458]]],
  // η/(1 + d·k) with d = 0.5
  [{ kind: 'inverse-time', decay: 0.5 }, 1, [[1, 1], [2, 1 / 1.5], [3, 0.5], [5, 1 / 3]]],
  // η/√t, counted from t = 1: 0.8/√1, 0.8/√4 = 0.4, 0.8/√16 = 0.2, 0.8/√100 = 0.08
  [{ kind: 'inverse-sqrt' }, 0.8, [[1, 0.8], [4, 0.4], [16, 0.2], [100, 0.08], [2, 0.8 / Math.SQRT2]]],
  // η·½(1 + cos(π·min(k, 4)/4))
  [{ kind: 'cosine', steps: 4 }, 1, [[1, 1], [2, 0.5 * (1 + c45)], [3, 0.5], [4, 0.5 * (1 - c45)], [5, 0], [50, 0]]],
  // η·((1 − α)·½(1 + cos(π·k/N)) + α), α = 0.1
  [{ kind: 'cosine', steps: 4, alpha: 0.1 }, 1, [[1, 1], [3, 0.9 * 0.5 + 0.1], [5, 0.1], [9, 0.1]]],
  // η·min(1, t/W), W = 4
  [{ kind: 'warmup', warmupSteps: 4 }, 0.2, [[1, 0.05], [2, 0.1], [3, 0.15], [4, 0.2], [10, 0.2]]],
];

describe('schedule', () => {
  for (const [spec, base, rows] of TABLE) {
    it(`${JSON.stringify(spec)}: hand values`, () => {
      for (const [t, want] of rows) {
        const got = learningRateAt(spec, base, t);
        assert.ok(Math.abs(got - want) <= 1e-15 * Math.max(1, want) + 1e-17, `t=${t}: want ${want}, got ${got}`);
      }
    });
  }

  it('parses the CLI forms', () => {
    const cases: [string, ScheduleSpec][] = [
      ['constant', { kind: 'constant' }],
      ['step:100:0.5', { kind: 'step', stepSize: 100, gamma: 0.5 }],
      ['exponential:0.99', { kind: 'exponential', gamma: 0.99 }],
      ['inverse-time:0.01', { kind: 'inverse-time', decay: 0.01 }],
      ['inverse-sqrt', { kind: 'inverse-sqrt' }],
      [' Inverse-Sqrt ', { kind: 'inverse-sqrt' }],
      ['cosine:1000', { kind: 'cosine', steps: 1000 }],
      ['cosine:1000:0.1', { kind: 'cosine', steps: 1000, alpha: 0.1 }],
      ['warmup:50', { kind: 'warmup', warmupSteps: 50 }],
    ];
    for (const [text, spec] of cases) {
      const r = parseSchedule(text);
      assert.ok(r.ok, text);
      assert.deepEqual(r.value, spec);
    }
    const padded = parseSchedule('  Step : 10 : 0.5 ');
    assert.ok(padded.ok && padded.value.kind === 'step');
  });

  it('errors name what is wrong', () => {
    const msg = (t: string): string => { const r = parseSchedule(t); return r.ok ? '(ok)' : r.error.message; };
    assert.match(msg('linear'), /^Unknown schedule 'linear' \(expected constant, step:N:gamma/);
    assert.equal(msg('step:0:0.5'), 'step schedule: stepSize must be a whole number >= 1, got 0');
    assert.equal(msg('step:2.5:0.5'), 'step schedule: stepSize must be a whole number >= 1, got 2.5');
    assert.equal(msg('exponential:-1'), 'exponential schedule: gamma must be > 0, got -1');
    assert.match(msg('exponential'), /^schedule 'exponential': exponential takes 1 number/);
    assert.match(msg('exponential:abc'), /'abc' is not a number/);
    assert.equal(msg('cosine:10:2'), 'cosine schedule: alpha must be in [0, 1], got 2');
    assert.equal(msg('warmup:0'), 'warmup schedule: warmupSteps must be a whole number >= 1, got 0');
    assert.equal(msg('inverse-time:-0.1'), 'inverse-time schedule: decay must be >= 0, got -0.1');
    assert.match(msg('inverse-sqrt:0.5'), /^schedule 'inverse-sqrt:0.5': inverse-sqrt takes 0 numbers/);
    const bad = validateSchedule({ kind: 'quadratic' } as unknown as ScheduleSpec);
    assert.ok(!bad.ok);
    assert.equal(bad.error.message, 'the schedule kind must be one of constant, step, exponential, inverse-time, inverse-sqrt, cosine, warmup, got the text "quadratic"');
  });

  it('a spec from JSON: every field names itself and describes the value it holds, for any input', () => {
    const msg = (v: unknown): string => { const r = validateSchedule(v as ScheduleSpec); return r.ok ? '(ok)' : r.error.message; };
    const kinds = 'constant, step, exponential, inverse-time, inverse-sqrt, cosine, warmup';
    assert.equal(msg({ kind: 'step', stepSize: [1], gamma: 0.5 }), 'step schedule: stepSize must be a whole number >= 1, got a list [1]');
    assert.equal(msg({ kind: 'step', gamma: 0.5 }), 'step schedule: stepSize must be a whole number >= 1, got nothing');
    assert.equal(msg({ kind: 'step', stepSize: 10, gamma: '0.5' }), 'step schedule: gamma must be > 0, got the text "0.5"');
    assert.equal(msg({ kind: 'exponential', gamma: {} }), 'exponential schedule: gamma must be > 0, got an empty object');
    assert.equal(msg({ kind: 'exponential', gamma: NaN }), 'exponential schedule: gamma must be > 0, got NaN');
    assert.equal(msg({ kind: 'inverse-time', decay: null }), 'inverse-time schedule: decay must be >= 0, got null');
    assert.equal(msg({ kind: 'cosine', steps: 10, alpha: [0.1] }), 'cosine schedule: alpha must be in [0, 1], got a list [0.1]');
    assert.equal(msg({ kind: 'cosine', steps: { n: 10 } }), 'cosine schedule: steps must be a whole number >= 1, got an object with n');
    assert.equal(msg({ kind: 'warmup', warmupSteps: true }), 'warmup schedule: warmupSteps must be a whole number >= 1, got true');
    assert.equal(msg({}), `the schedule kind must be one of ${kinds}, got nothing`);
    assert.equal(msg({ kind: ['step'] }), `the schedule kind must be one of ${kinds}, got a list ["step"]`);
    assert.equal(msg(null), `the schedule must be an object with a kind (${kinds}), got null`);
    assert.equal(msg(undefined), `the schedule must be an object with a kind (${kinds}), got nothing`);
    assert.equal(msg('cosine:10'), `the schedule must be an object with a kind (${kinds}), got the text "cosine:10"`);
    assert.equal(msg([{ kind: 'constant' }]), `the schedule must be an object with a kind (${kinds}), got a list [{…}]`);
    // extra fields are dropped from the clean spec
    assert.deepEqual(validateSchedule({ kind: 'warmup', warmupSteps: 3, extra: 1 } as unknown as ScheduleSpec), { ok: true, value: { kind: 'warmup', warmupSteps: 3 } });
  });

  it('parseSchedule answers a non-text with an error value', () => {
    const r = parseSchedule(5 as unknown as string);
    assert.ok(!r.ok);
    assert.equal(r.error.message, 'the schedule must be a text like constant, step:N:gamma, exponential:gamma, inverse-time:decay, inverse-sqrt, cosine:N[:alpha], warmup:N, got 5');
  });
});
