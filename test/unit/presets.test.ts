/**
 * Presets: the textbook minima and values (checked independently: hand arithmetic, the closed forms
 * below, or the literature's bounds), a zero gradient there, and usable starts and learning rates.
 */
import * as assert from 'node:assert/strict';
import { parseObjective } from '../../src/core/expr';
import { findPreset, nearestMinimumDistance, PRESETS } from '../../src/core/presets';

const compiled = (id: string) => {
  const p = findPreset(id);
  assert.ok(p, id);
  const r = parseObjective(p.expression);
  assert.ok(r.ok, `${id}: ${r.ok ? '' : r.error.message}`);
  if (!r.ok) throw new Error('unreachable');
  return { preset: p, objective: r.value };
};

describe('presets', () => {
  it('has at least 13 classic functions plus a 1-D and a 3-D one', () => {
    assert.ok(PRESETS.length >= 15);
    for (const id of ['bowl', 'rosenbrock', 'himmelblau', 'beale', 'booth', 'matyas', 'three-hump-camel', 'rastrigin',
      'ackley', 'styblinski-tang', 'goldstein-price', 'saddle', 'ill-conditioned']) {
      assert.ok(findPreset(id), id);
    }
    assert.ok(PRESETS.some(p => p.variables.length === 1));
    assert.ok(PRESETS.some(p => p.variables.length === 3));
    assert.equal(new Set(PRESETS.map(p => p.id)).size, PRESETS.length);
  });

  it('every preset parses, with the listed variables, start and bounds of the right size', () => {
    for (const p of PRESETS) {
      const r = parseObjective(p.expression);
      assert.ok(r.ok, `${p.id}: ${r.ok ? '' : r.error.message}`);
      if (!r.ok) continue;
      assert.deepEqual(r.value.variables, p.variables, p.id);
      assert.equal(p.start.length, p.variables.length, p.id);
      assert.equal(p.bounds.length, p.variables.length, p.id);
      p.start.forEach((s, i) => assert.ok(p.bounds[i][0] <= s && s <= p.bounds[i][1], `${p.id} start inside bounds`));
      for (const m of p.minima) {
        assert.equal(m.length, p.variables.length);
        m.forEach((v, i) => assert.ok(p.bounds[i][0] <= v && v <= p.bounds[i][1], `${p.id} minimum inside bounds`));
      }
      assert.ok(p.description.length > 10);
      assert.ok(r.value.gradient.every(g => g.symbolic), `${p.id} gradient symbolic`);
    }
  });

  it('f at every listed minimum equals the documented minimum value, and the gradient vanishes there', () => {
    for (const p of PRESETS) {
      const { objective } = compiled(p.id);
      for (const m of p.minima) {
        const value = objective.f(m);
        assert.ok(p.minimumValue !== undefined, p.id);
        assert.ok(Math.abs(value - (p.minimumValue ?? NaN)) <= 1e-12 * Math.max(1, Math.abs(value)), `${p.id} f(${m}) = ${value}`);
        if (p.id === 'ackley') continue; // a cone tip: not differentiable at the minimum (gradient 0/0)
        const g = new Float64Array(m.length);
        objective.grad(m, g);
        for (const gi of g) assert.ok(Math.abs(gi) < 1e-9, `${p.id} gradient at ${m}: ${Array.from(g)}`);
      }
    }
  });

  it('minima are lower than their neighbourhood (sampled)', () => {
    for (const p of PRESETS) {
      const { objective } = compiled(p.id);
      for (const m of p.minima) {
        for (let k = 0; k < 32; k++) {
          const x = m.map((v, i) => v + 1e-3 * Math.cos(k * 1.7 + i * 2.3));
          assert.ok(objective.f(x) >= objective.f(m), `${p.id}: f near ${m} is lower`);
        }
      }
    }
  });

  it('matches hand-computed values', () => {
    // Rosenbrock at its start: (1 + 1.5)² + 100 (2 − 2.25)² = 6.25 + 6.25
    assert.equal(compiled('rosenbrock').objective.f([-1.5, 2]), 12.5);
    // Goldstein–Price at (0, −1): (1 + 0·…)·(30 + 3²·(18 − 48 + 27)) = 30 − 27 = 3
    assert.equal(compiled('goldstein-price').objective.f([0, -1]), 3);
    // Himmelblau at (3, 2): (9 + 2 − 11)² + (3 + 4 − 7)² = 0
    assert.equal(compiled('himmelblau').objective.f([3, 2]), 0);
    // Beale at (3, 0.5): 1.5 − 3 + 1.5 = 0, 2.25 − 3 + 0.75 = 0, 2.625 − 3 + 0.375 = 0
    assert.equal(compiled('beale').objective.f([3, 0.5]), 0);
    // Booth at (1, 3): (1 + 6 − 7)² + (2 + 3 − 5)² = 0
    assert.equal(compiled('booth').objective.f([1, 3]), 0);
    // Matyas at (1, 1): 0.26·2 − 0.48 = 0.04
    assert.ok(Math.abs(compiled('matyas').objective.f([1, 1]) - 0.04) < 1e-15);
    // Rastrigin at (1, 1): 20 + 1 − 10 + 1 − 10 = 2
    assert.ok(Math.abs(compiled('rastrigin').objective.f([1, 1]) - 2) < 1e-12);
    // Ackley at the origin: −20 − e + e + 20 = 0
    assert.ok(Math.abs(compiled('ackley').objective.f([0, 0])) < 1e-14);
    // Saddle has no minimum: f(0, t) = −t² is unbounded below
    const saddle = compiled('saddle');
    assert.deepEqual(saddle.preset.minima, []);
    assert.equal(saddle.preset.minimumValue, undefined);
    assert.equal(saddle.objective.f([0, 100]), -10000);
  });

  it('Styblinski–Tang: the minimum solves 4x³ − 32x + 5 = 0 and lies within the published bounds', () => {
    const p = compiled('styblinski-tang').preset;
    const x = p.minima[0][0];
    assert.ok(Math.abs(4 * x ** 3 - 32 * x + 5) < 1e-12);
    // −39.16617·d < f* < −39.16616·d (Surjanovic & Bingham), d = 2
    assert.ok(p.minimumValue !== undefined && p.minimumValue > -39.16617 * 2 && p.minimumValue < -39.16616 * 2);
  });

  it('Himmelblau lists its four minima and the 1-D quartic its global one', () => {
    const h = compiled('himmelblau');
    assert.equal(h.preset.minima.length, 4);
    const q = compiled('quartic-1d').preset;
    const x = q.minima[0][0];
    assert.ok(Math.abs(4 * x ** 3 - 6 * x + 1) < 1e-12); // f′(x) = 4x³ − 6x + 1
    assert.ok(x < 0);
  });

  it('finds presets by id or name, ignoring case, spaces and dashes', () => {
    assert.equal(findPreset('Rosenbrock')?.id, 'rosenbrock');
    assert.equal(findPreset('three hump camel')?.id, 'three-hump-camel');
    assert.equal(findPreset('THREE_HUMP-CAMEL')?.id, 'three-hump-camel');
    assert.equal(findPreset('Styblinski–Tang')?.id, 'styblinski-tang');
    assert.equal(findPreset('styblinskitang')?.id, 'styblinski-tang');
    assert.equal(findPreset('goldstein price')?.id, 'goldstein-price');
    assert.equal(findPreset('nope'), undefined);
    assert.equal(findPreset(''), undefined);
    assert.equal(findPreset('constructor'), undefined);
  });

  it('nearestMinimumDistance picks the closest minimum', () => {
    const h = findPreset('himmelblau');
    assert.ok(h);
    if (!h) return;
    assert.equal(nearestMinimumDistance(h, [3, 2]), 0);
    assert.equal(nearestMinimumDistance(h, [3, 5]), 3); // (3, 2) is 3 away; the others farther
    assert.equal(nearestMinimumDistance(findPreset('saddle') ?? h, [0, 0]), undefined);
    assert.equal(nearestMinimumDistance(h, [1, 2, 3]), undefined);
  });

  it('the suggested learning rate makes plain gradient descent progress from the start', () => {
    for (const p of PRESETS) {
      const { objective } = compiled(p.id);
      const lr = p.suggestedLr ?? 0.01;
      const x = Float64Array.from(p.start);
      const g = new Float64Array(x.length);
      const f0 = objective.f(x);
      for (let step = 0; step < 200; step++) {
        objective.grad(x, g);
        for (let i = 0; i < x.length; i++) x[i] -= lr * g[i];
      }
      const f1 = objective.f(x);
      assert.ok(Number.isFinite(f1) && f1 < f0, `${p.id}: f went from ${f0} to ${f1}`);
    }
  });
});
