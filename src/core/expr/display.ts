/**
 * Display forms: a bounded mathjs `simplify` followed by a clean-up pass (polish.ts), for the text
 * a person reads, never for evaluation.
 *
 * Deterministic: the bound counts work, not time. simplify is synchronous and src/core has no
 * worker, so the bound is enforced from inside: the context handed to simplify is a Proxy whose
 * property lookups (made by every rule match) are counted against a WorkBudget and throw
 * BudgetExceeded past it. The same formula therefore gives the same text on any machine and under
 * any load.
 *
 * Why so guarded:
 *   - simplify/simplifyCore take exponential time on left-deep `+`/`*` chains (upstream
 *     josdejong/mathjs#3698). The context {add, multiply: trivial: false} avoids the path in the rule
 *     loop; inputs with long flattened sums/products or many nodes are not simplified.
 *   - simplify can change values: d/dx (x^2)^(1/2) simplifies to 1 (true value −1 at x = −2;
 *     josdejong/mathjs#3329), and `(-50 t)^p` can become `(-50)^p * t^p`, NaN for every t > 0. Each
 *     candidate text is evaluated against the evaluated tree at points inside the domain (sampled
 *     until enough points where the evaluated tree is finite are found: in (0, 1), above 1,
 *     negative, mixed, wide); any disagreement keeps a form that agrees.
 * Among the candidates that agree (simplified then polished, the evaluated tree polished, the
 * evaluated tree itself) the one with the fewest operations is shown.
 */
import { compileScalar, Layout } from './compile';
import { BudgetExceeded, LIMITS } from './limits';
import { isOperator, math, MathNode } from './mathjs';
import { countOperations, polish } from './polish';
import { toText } from './tex';
import { countNodes } from './tidy';
import { Rng } from '../data/rng';

/** Longest run of terms in one flattened sum or product that simplify is trusted with. */
const MAX_FLAT_TERMS = 12;

/**
 * A budget of work units shared by the display forms of one parse. One unit is one property lookup
 * simplify makes in its context (about one rule-match step), or one node of a value check.
 */
export class WorkBudget {
  private used = 0;
  constructor(private readonly units: number) {}
  /** Spends `n` units; false (and nothing spent) when they are not there. */
  spend(n = 1): boolean {
    if (this.used + n > this.units) {
      this.used = this.units;
      return false;
    }
    this.used += n;
    return true;
  }
  expired(): boolean {
    return this.used >= this.units;
  }
}

/** Largest number of terms of one flattened +/− or * chain. */
function longestChain(root: MathNode): number {
  let longest = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length) {
    const [n, run] = stack.pop() as [MathNode, number];
    const kind = isOperator(n) ? (n.fn === 'add' || n.fn === 'subtract' ? '+' : n.fn === 'multiply' || n.fn === 'divide' ? '*' : '') : '';
    n.forEach(c => {
      const childKind = isOperator(c) ? (c.fn === 'add' || c.fn === 'subtract' ? '+' : c.fn === 'multiply' || c.fn === 'divide' ? '*' : '') : '';
      const childRun = kind !== '' && childKind === kind ? run + 1 : 1;
      stack.push([c, childRun]);
    });
    if (run > longest) longest = run;
  }
  return longest + 1;
}

function countingContext(budget: WorkBudget): object {
  const base = { add: { trivial: false }, multiply: { trivial: false } };
  const tick = (): void => {
    if (!budget.spend()) throw new BudgetExceeded('simplify');
  };
  return new Proxy(base, {
    getOwnPropertyDescriptor(target, key) {
      tick();
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      tick();
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** Sampling regions, visited in turn: (0, 1), (1, 4), negatives, mixed signs, wide, near 0. */
const REGIONS: [number, number][] = [[0.02, 0.98], [1.05, 4], [-3, -0.05], [-2.5, 2.5], [-20, 20], [-0.3, 0.3]];
/** Points tried per check, and finite points wanted. */
const MAX_SAMPLES = 96;
const WANTED_FINITE = 12;

/** Deterministic sample points: region k % REGIONS.length, every coordinate drawn in it or (half the time) anywhere. */
export function samplePoints(dim: number, count = MAX_SAMPLES): Float64Array[] {
  const rng = new Rng(0x5eed, dim); // the lab's seeded generator: the same points on every run
  const r = (): number => rng.next();
  const points: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const [lo, hi] = REGIONS[k % REGIONS.length];
    const mixed = k >= REGIONS.length * 2 && k % 2 === 1;
    points.push(Float64Array.from({ length: dim }, () => {
      const [a, b] = mixed ? REGIONS[Math.floor(r() * REGIONS.length)] : [lo, hi];
      return a + (b - a) * r();
    }));
  }
  return points;
}

/**
 * True when `candidate` computes the same values as `reference` at the sample points where
 * `reference` is finite, and at least a few such points exist (a form is not trusted on no
 * evidence). Relative tolerance 1e−8 of the larger magnitude: simplification reorders rounding.
 */
export function sameValues(reference: MathNode, candidate: MathNode, layout: Layout): boolean {
  try {
    const f = compileScalar(reference, layout);
    const g = compileScalar(candidate, layout);
    const xs = samplePoints(layout.variables.length);
    const ds = samplePoints(layout.dataColumns.length);
    let finite = 0;
    for (let k = 0; k < xs.length && finite < WANTED_FINITE; k++) {
      const a = f(xs[k], undefined, ds[k]);
      if (!Number.isFinite(a)) continue;
      finite++;
      const b = g(xs[k], undefined, ds[k]);
      // b must be finite too: |a − ∞| ≤ 1e−8·∞ would pass
      if (!Number.isFinite(b) || !(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b)))) return false;
    }
    return finite >= 3;
  } catch (e) {
    if (e instanceof RangeError) return false;
    return false; // the candidate holds something the compiler does not admit: do not show it
  }
}

export interface DisplayForm {
  node: MathNode;
  simplified: boolean;
  /** Why the simplified form is not shown, when that is news to the person. */
  note?: string;
}

/** mathjs simplify within the budget; undefined when it ran out or failed. */
function boundedSimplify(node: MathNode, budget: WorkBudget): MathNode | undefined {
  if (longestChain(node) > MAX_FLAT_TERMS) return undefined;
  try {
    const options = { context: countingContext(budget) } as Parameters<typeof math.simplify>[2];
    return math.simplify(node.cloneDeep(), {}, options);
  } catch (e) {
    if (e instanceof BudgetExceeded || e instanceof RangeError) return undefined;
    return undefined; // mathjs failed on this tree: show the unsimplified form
  }
}

/**
 * The text form of `node` to show: the simplest (fewest operations) of simplify+polish, polish and
 * `node` itself that agrees with `node` in value. Deterministic for a given `budget` size.
 */
export function displayForm(node: MathNode, layout: Layout, budget: WorkBudget): DisplayForm {
  // large trees are shown as evaluated: the checks below compile and sample every candidate
  if (countNodes(node, LIMITS.maxSimplifyNodes) > LIMITS.maxSimplifyNodes) return { node, simplified: false };
  const candidates: MathNode[] = [];
  // polish is linear and needs no budget; only simplify is bounded (and skipped once it is spent)
  const simplified = budget.expired() ? undefined : boundedSimplify(node, budget);
  let rejectedSimplify = false;
  const tryAdd = (m: MathNode | undefined): boolean => {
    if (m === undefined) return false;
    try {
      const p = polish(m);
      if (sameValues(node, p, layout)) {
        candidates.push(p);
        return true;
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
    return false;
  };
  if (simplified !== undefined) {
    if (!tryAdd(simplified) && sameValues(node, simplified, layout)) candidates.push(simplified);
    else if (candidates.length === 0) rejectedSimplify = true;
  }
  tryAdd(node);
  if (candidates.length === 0) {
    return {
      node,
      simplified: false,
      ...(rejectedSimplify ? { note: 'mathjs simplify changed its value (josdejong/mathjs#3329); shown unsimplified' } : {}),
    };
  }
  // fewest operations; ties go to the shorter text, then to the first candidate
  let best = candidates[0];
  let bestOps = countOperations(best);
  for (const c of candidates.slice(1)) {
    const ops = countOperations(c);
    if (ops < bestOps || (ops === bestOps && toText(c).length < toText(best).length)) {
      best = c;
      bestOps = ops;
    }
  }
  if (countOperations(node) < bestOps) return { node, simplified: false };
  return { node: best, simplified: true };
}
