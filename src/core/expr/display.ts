/**
 * Display forms: a bounded mathjs `simplify` followed by a clean-up pass (polish.ts), for the text
 * a person reads, never for evaluation.
 *
 * Deterministic: the bound counts work, not time. simplify is synchronous and src/core has no
 * worker, so the bound is enforced from inside: the context handed to simplify is a Proxy whose
 * property lookups (made by every rule match) are counted against a WorkBudget and throw
 * BudgetExceeded past it. The same formula therefore gives the same text on any machine and under
 * any load. The work done per derivative tree is remembered (the last MEMO_SIZE trees), so a formula
 * whose partials were displayed before (a constant added, a term of another variable edited) gets
 * their texts at once, with exactly the texts and the units spent that the work would give.
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
import { compileScalar, Layout, ScalarFn } from './compile';
import { BudgetExceeded, LIMITS } from './limits';
import { isConstant, isOperator, math, MathNode } from './mathjs';
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
  /** Units still there. */
  get remaining(): number {
    return this.units - this.used;
  }
  /** Units spent so far (all of them once a spend failed). */
  get spent(): number {
    return this.used;
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

/** The default sample points per dimension: made once (they are the same on every call), never written to. */
const defaultPoints = new Map<number, readonly Float64Array[]>();
function pointsFor(dim: number): readonly Float64Array[] {
  let points = defaultPoints.get(dim);
  if (points === undefined) defaultPoints.set(dim, (points = samplePoints(dim)));
  return points;
}

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
  return new ValueCheck(reference, layout).agrees(candidate);
}

/**
 * sameValues against one reference, for several candidates: the reference is compiled once and
 * its values at the sample points are computed once, when first needed.
 */
class ValueCheck {
  private f: ScalarFn | undefined | null;
  /** Indices of the first sample points where the reference is finite, and its values there. */
  private readonly finiteAt: number[] = [];
  private readonly values: number[] = [];
  /** Next sample point whose reference value has not been computed. */
  private next = 0;
  private readonly xs: readonly Float64Array[];
  private readonly ds: readonly Float64Array[];

  constructor(private readonly reference: MathNode, private readonly layout: Layout) {
    this.xs = pointsFor(layout.variables.length);
    this.ds = pointsFor(layout.dataColumns.length);
  }

  /** Whether there is a k-th sample point where the reference is finite (computing reference values as needed). */
  private finite(k: number): boolean {
    const f = this.f as ScalarFn;
    while (this.finiteAt.length <= k && this.next < this.xs.length) {
      const i = this.next++;
      let a: number;
      try {
        a = f(this.xs[i], undefined, this.ds[i]);
      } catch (e) {
        this.f = null; // a reference that throws agrees with nothing
        throw e;
      }
      if (Number.isFinite(a)) {
        this.finiteAt.push(i);
        this.values.push(a);
      }
    }
    return k < this.finiteAt.length;
  }

  agrees(candidate: MathNode): boolean {
    try {
      if (this.f === undefined) {
        try {
          this.f = compileScalar(this.reference, this.layout);
        } catch (e) {
          this.f = null;
          throw e;
        }
      }
      if (this.f === null) return false;
      const g = compileScalar(candidate, this.layout);
      let finite = 0;
      for (; finite < WANTED_FINITE && this.finite(finite); finite++) {
        const i = this.finiteAt[finite];
        const a = this.values[finite];
        const b = g(this.xs[i], undefined, this.ds[i]);
        // b must be finite too: |a − ∞| ≤ 1e−8·∞ would pass
        if (!Number.isFinite(b) || !(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b)))) return false;
      }
      return finite >= 3;
    } catch (e) {
      if (e instanceof RangeError) return false;
      return false; // the candidate holds something the compiler does not admit: do not show it
    }
  }
}

export interface DisplayForm {
  node: MathNode;
  simplified: boolean;
  /** Why the simplified form is not shown, when that is news to the person. */
  note?: string;
}

/** What mathjs simplify made of a tree: its result (undefined when it failed) and whether the budget ran out. */
interface Simplified {
  result: MathNode | undefined;
  exhausted: boolean;
}

/** mathjs simplify within the budget; no result when it ran out or failed. */
function boundedSimplify(node: MathNode, budget: WorkBudget): Simplified {
  if (longestChain(node) > MAX_FLAT_TERMS) return { result: undefined, exhausted: false };
  try {
    const options = { context: countingContext(budget) } as Parameters<typeof math.simplify>[2];
    return { result: math.simplify(node.cloneDeep(), {}, options), exhausted: false };
  } catch (e) {
    if (e instanceof BudgetExceeded) return { result: undefined, exhausted: true };
    if (e instanceof RangeError) return { result: undefined, exhausted: false };
    return { result: undefined, exhausted: false }; // mathjs failed on this tree: show the unsimplified form
  }
}

/**
 * What is known of one tree's display: simplify is a pure function of the tree that spends its
 * units one at a time, so once it has run, the units it took (`units`) or the largest budget it
 * could not finish within (`failedWithin`) say what it does with any budget, without running it
 * again. The forms made after it (polish, value checks, choice) depend only on the tree and on
 * simplify's result, so each of the two cases (with and without a simplified tree) is kept.
 */
interface Memo {
  units?: number;
  result?: MathNode;
  failedWithin: number;
  withSimplified?: KeptForm;
  withoutSimplified?: KeptForm;
}

/** A display form as kept in the memo: `node` undefined stands for the tree itself. */
type KeptForm = Omit<DisplayForm, 'node'> & { node?: MathNode };

/** Display work per tree, most recent last (the partials of the formulas hovered or shown lately). */
const memos = new Map<string, Memo>();
const MEMO_SIZE = 400;

/** A key that tells any two different trees apart: every operator parenthesised, numbers printed in full (−0 too). */
function treeKey(node: MathNode, layout: Layout): string {
  const text = node.toString({
    parenthesis: 'all',
    handler: (n: MathNode) => (isConstant(n) && typeof n.value === 'number' ? (Object.is(n.value, -0) ? '(-0)' : `(${String(n.value)})`) : undefined),
  } as Parameters<MathNode['toString']>[0]);
  return `${layout.variables.join(',')};${layout.dataColumns.join(',')};${text}`;
}

/** Forgets the memo (tests: compare with the work done afresh). */
export function clearDisplayMemo(): void {
  memos.clear();
}

function memoFor(key: string): Memo {
  let memo = memos.get(key);
  if (memo !== undefined) {
    memos.delete(key);
  } else {
    memo = { failedWithin: -1 };
    if (memos.size >= MEMO_SIZE) memos.delete(memos.keys().next().value as string);
  }
  memos.set(key, memo);
  return memo;
}

/** simplify's result for `node` within `budget`, spending exactly the units a run would spend; from the memo when it tells. */
function simplifyWithin(node: MathNode, memo: Memo, budget: WorkBudget): MathNode | undefined {
  if (memo.units !== undefined) {
    // a run takes its units one at a time: it finishes iff all of them are there, else it drains the budget
    return budget.spend(memo.units) ? memo.result?.cloneDeep() : undefined;
  }
  const remaining = budget.remaining;
  if (remaining <= memo.failedWithin) {
    budget.spend(remaining + 1); // drains it, as the run would
    return undefined;
  }
  const before = budget.spent;
  const s = boundedSimplify(node, budget);
  if (s.exhausted) memo.failedWithin = remaining;
  else {
    memo.units = budget.spent - before;
    memo.result = s.result?.cloneDeep();
  }
  return s.result;
}

/**
 * The text form of `node` to show: the simplest (fewest operations) of simplify+polish, polish and
 * `node` itself that agrees with `node` in value. Deterministic for a given `budget` size: the
 * memo of earlier trees gives exactly what the work would give, and spends the same units.
 */
export function displayForm(node: MathNode, layout: Layout, budget: WorkBudget): DisplayForm {
  // large trees are shown as evaluated: the checks below compile and sample every candidate
  if (countNodes(node, LIMITS.maxSimplifyNodes) > LIMITS.maxSimplifyNodes) return { node, simplified: false };
  const memo = memoFor(treeKey(node, layout));
  // polish is linear and needs no budget; only simplify is bounded (and skipped once it is spent)
  const simplified = budget.expired() ? undefined : simplifyWithin(node, memo, budget);
  const known = simplified !== undefined ? memo.withSimplified : memo.withoutSimplified;
  if (known !== undefined) return { ...known, node: known.node === undefined ? node : known.node.cloneDeep() };
  const form = formAfterSimplify(node, simplified, layout);
  const kept: KeptForm = { ...form, node: form.node === node ? undefined : form.node.cloneDeep() };
  if (simplified !== undefined) memo.withSimplified = kept;
  else memo.withoutSimplified = kept;
  return form;
}

/** The choice among simplify+polish, polish and `node` itself, given simplify's result. */
function formAfterSimplify(node: MathNode, simplified: MathNode | undefined, layout: Layout): DisplayForm {
  const candidates: MathNode[] = [];
  const check = new ValueCheck(node, layout);
  let rejectedSimplify = false;
  const tryAdd = (m: MathNode | undefined): boolean => {
    if (m === undefined) return false;
    try {
      const p = polish(m);
      if (check.agrees(p)) {
        candidates.push(p);
        return true;
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
    return false;
  };
  if (simplified !== undefined) {
    if (!tryAdd(simplified) && check.agrees(simplified)) candidates.push(simplified);
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
