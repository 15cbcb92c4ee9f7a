/**
 * Display forms: a time-boxed mathjs `simplify` for the text a person reads, never for evaluation.
 *
 * Why so guarded:
 *   - simplify/simplifyCore take exponential time on left-deep `+`/`*` chains (mathjs-facts.md;
 *     upstream josdejong/mathjs#3698). The context {add, multiply: trivial: false} avoids the path
 *     in the rule loop; inputs with long flattened sums/products or many nodes are not simplified.
 *   - simplify is synchronous and src/core has no worker, so the deadline is enforced from inside:
 *     the context is a Proxy whose property lookups (made by every rule match) check the clock and
 *     throw BudgetExceeded; the result is also discarded if the clock ran out meanwhile.
 *   - simplify can change values: d/dx (x^2)^(1/2) simplifies to 1 (true value −1 at x = −2;
 *     josdejong/mathjs#3329). Each simplified form is evaluated against the evaluated form at a few
 *     points; any disagreement where the evaluated form is finite keeps the unsimplified text.
 */
import { compileScalar, Layout } from './compile';
import { BudgetExceeded, Deadline, LIMITS } from './limits';
import { isOperator, math, MathNode } from './mathjs';
import { countNodes } from './tidy';

/** Longest run of terms in one flattened sum or product that simplify is trusted with. */
const MAX_FLAT_TERMS = 12;

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

function timedContext(deadline: Deadline): object {
  const base = { add: { trivial: false }, multiply: { trivial: false } };
  const tick = (): void => {
    if (deadline.expired()) throw new BudgetExceeded('simplify');
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

/** Deterministic sample points that include negative values (where simplify goes wrong). */
function samplePoints(dim: number): Float64Array[] {
  const pattern = [0.7, -1.3, 2.1, -0.4, 1.9, -2.6, 0.35, -0.85, 3.3];
  return [0, 1, 2, 3].map(k => Float64Array.from({ length: dim }, (_, i) => pattern[(i * 2 + k * 3) % pattern.length]));
}

/** True when `candidate` computes the same values as `reference` wherever `reference` is finite. */
export function sameValues(reference: MathNode, candidate: MathNode, layout: Layout): boolean {
  try {
    const f = compileScalar(reference, layout);
    const g = compileScalar(candidate, layout);
    const xs = samplePoints(layout.variables.length);
    const ds = samplePoints(layout.dataColumns.length);
    for (let k = 0; k < xs.length; k++) {
      const a = f(xs[k], undefined, ds[k]);
      if (!Number.isFinite(a)) continue;
      const b = g(xs[k], undefined, ds[k]);
      if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)))) return false;
    }
    return true;
  } catch {
    return false; // the candidate holds something the compiler does not admit: do not show it
  }
}

export interface DisplayForm {
  node: MathNode;
  simplified: boolean;
  /** Why the simplified form is not shown, when that is news to the person. */
  note?: string;
}

/** The simplified form of `node` if it can be had within `deadline` and agrees in value; else `node`. */
export function displayForm(node: MathNode, layout: Layout, deadline: Deadline): DisplayForm {
  if (deadline.expired()) return { node, simplified: false };
  if (countNodes(node, LIMITS.maxSimplifyNodes) > LIMITS.maxSimplifyNodes || longestChain(node) > MAX_FLAT_TERMS) {
    return { node, simplified: false };
  }
  let simplified: MathNode;
  try {
    const options = { context: timedContext(deadline) } as Parameters<typeof math.simplify>[2];
    simplified = math.simplify(node.cloneDeep(), {}, options);
  } catch (e) {
    if (e instanceof BudgetExceeded || e instanceof RangeError) return { node, simplified: false };
    return { node, simplified: false };
  }
  if (deadline.expired()) return { node, simplified: false };
  if (!sameValues(node, simplified, layout)) {
    return { node, simplified: false, note: 'mathjs simplify changed its value (josdejong/mathjs#3329); shown unsimplified' };
  }
  return { node: simplified, simplified: true };
}
