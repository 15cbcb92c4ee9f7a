/**
 * ns per gradient evaluation: the compiled path (src/core/expr) against mathjs's own
 * `compile().evaluate(scope)` and a hand-written closure (the baseline), measured in the same run.
 * Target: compiled gradient within 1.5× of the hand-written closure.
 */
import * as mathjs from 'mathjs';
import { parseObjective } from '../../src/core/expr';
import { BenchRow, measure } from './harness';

interface Case {
  name: string;
  expression: string;
  hand(x: Float64Array, out: Float64Array): void;
}

const TWO_PI = 2 * Math.PI;

const CASES: Case[] = [
  {
    name: 'rosenbrock',
    expression: '(1 - x)^2 + 100*(y - x^2)^2',
    hand(x, out) {
      const a = x[0];
      const b = x[1];
      const r = b - a * a;
      out[0] = -2 * (1 - a) - 400 * a * r;
      out[1] = 200 * r;
    },
  },
  {
    name: 'ackley',
    expression: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
    hand(x, out) {
      const a = x[0];
      const b = x[1];
      const r = Math.sqrt(0.5 * (a * a + b * b));
      const e1 = Math.exp(-0.2 * r);
      const e2 = Math.exp(0.5 * (Math.cos(TWO_PI * a) + Math.cos(TWO_PI * b)));
      const k = (2 * e1) / r; // d/da of -20 e^{-0.2 r}: 20·0.2·e1·(0.5·a/r) = 2·a·e1/r
      out[0] = k * a + Math.PI * Math.sin(TWO_PI * a) * e2;
      out[1] = k * b + Math.PI * Math.sin(TWO_PI * b) * e2;
    },
  },
];

/** Points cycled through so no path can constant-fold the input. */
function points(): Float64Array[] {
  return Array.from({ length: 64 }, (_, k) => Float64Array.of(-1.5 + (k % 8) * 0.37, -1.2 + Math.floor(k / 8) * 0.41));
}

export function run(): BenchRow[] {
  const rows: BenchRow[] = [];
  const xs = points();
  for (const c of CASES) {
    const parsed = parseObjective(c.expression);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const objective = parsed.value;
    const out = new Float64Array(2);
    let sink = 0;

    // mathjs the way its documentation shows it: derivative (simplified by default), compiled once.
    const mathjsGrad = objective.variables.map(v => mathjs.derivative(c.expression, v).compile());
    // Sanity: the three paths agree before they are timed.
    const check = new Float64Array(2);
    for (const x of xs.slice(0, 4)) {
      objective.grad(x, out);
      c.hand(x, check);
      const scope = { x: x[0], y: x[1] };
      for (let i = 0; i < 2; i++) {
        const viaMathjs = mathjsGrad[i].evaluate(scope) as number;
        const tol = 1e-9 * Math.max(1, Math.abs(check[i]));
        if (Math.abs(out[i] - check[i]) > tol || Math.abs(viaMathjs - check[i]) > tol) {
          throw new Error(`${c.name}: gradients disagree at ${Array.from(x)}: ${out[i]} ${viaMathjs} ${check[i]}`);
        }
      }
    }

    const section = `expr: ∇${c.name}`;
    const handLoop = (n: number): void => {
      for (let k = 0; k < n; k++) {
        c.hand(xs[k & 63], out);
        sink += out[0];
      }
    };
    const compiledLoop = (n: number): void => {
      for (let k = 0; k < n; k++) {
        objective.grad(xs[k & 63], out);
        sink += out[0];
      }
    };
    // Alternate the two rounds and keep each one's best, so a noisy neighbour on these 2-core
    // machines does not land on one side of the ratio only.
    let hand = Infinity;
    let compiled = Infinity;
    for (let round = 0; round < 5; round++) {
      hand = Math.min(hand, measure(handLoop, { repeats: 3 }));
      compiled = Math.min(compiled, measure(compiledLoop, { repeats: 3 }));
    }
    const scope = { x: 0, y: 0 };
    const viaMathjs = measure(n => {
      for (let k = 0; k < n; k++) {
        const x = xs[k & 63];
        scope.x = x[0];
        scope.y = x[1];
        sink += (mathjsGrad[0].evaluate(scope) as number) + (mathjsGrad[1].evaluate(scope) as number);
      }
    }, { minMs: 100, repeats: 3 });
    if (Number.isNaN(sink)) console.log('(unreachable: keeps the loops observable)');
    rows.push(
      { section, name: 'hand-written closure', nsPerOp: hand, unit: 'grad' },
      { section, name: 'compiled (src/core/expr)', nsPerOp: compiled, baseline: 'hand-written closure', unit: 'grad', note: 'target ≤ 1.5×' },
      { section, name: 'mathjs compile().evaluate', nsPerOp: viaMathjs, baseline: 'hand-written closure', unit: 'grad' },
    );
  }
  return rows;
}
