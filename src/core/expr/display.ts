/**
 * Display forms: the clean-up pass (polish.ts) over each derivative tree, for the text a person
 * reads, never for evaluation.
 *
 * Deterministic and cheap: polish is a fixed sequence of rewrites (linear in the tree except for
 * the like-term gathering of one sum), so the same formula gives the same text on any machine and
 * under any load, in a few milliseconds. mathjs's `simplify` is not used: on the test functions, ML
 * losses and the formulas of real files it shortened no text that polish leaves long, and it cost
 * 15–45 ms a partial (often running out of any reasonable bound and giving nothing).
 *
 * Guarded: polish's rewrites are identities of real numbers, not always of IEEE doubles (`(-50 t)^p`
 * and `(-50)^p * t^p` differ for t > 0; `exp(-u) / (exp(-u) + 1)` overflows differently from
 * `1 / (exp(u) + 1)`). The polished text is evaluated against the evaluated tree at points inside
 * the domain (sampled until enough points where the evaluated tree is finite are found: in (0, 1),
 * above 1, negative, mixed, wide); any disagreement shows the evaluated tree itself. Of the two that
 * agree, the one with fewer operations is shown. The choice per derivative tree is remembered (the
 * last MEMO_SIZE trees), so a formula whose partials were shown before (a constant added, a term of
 * another variable edited) gets their texts at once.
 */
import { closureScalar, Layout, ScalarFn } from './compile';
import { LIMITS } from './limits';
import { MathNode, nodeKey } from './mathjs';
import { countOperations, polish } from './polish';
import { toText } from './tex';
import { countNodes } from './tidy';
import { Rng } from '../data/rng';

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
 * sameValues against one reference, for several candidates: the reference is built once (closureScalar) and
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
          this.f = closureScalar(this.reference, this.layout);
        } catch (e) {
          this.f = null;
          throw e;
        }
      }
      if (this.f === null) return false;
      const g = closureScalar(candidate, this.layout);
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
      return false; // the candidate holds something the evaluator does not admit: do not show it
    }
  }
}

export interface DisplayForm {
  node: MathNode;
  /** The polished form (not the evaluated tree itself) is shown. */
  simplified: boolean;
}

/** A display form as kept in the memo: `node` undefined stands for the tree itself. */
type KeptForm = { simplified: boolean; node?: MathNode };

/** The form chosen per tree, most recent last (the partials of the formulas hovered or shown lately). */
const memos = new Map<string, KeptForm>();
const MEMO_SIZE = 400;

/** The memo's key: the variables and data columns, and the tree (mathjs.ts nodeKey). */
const treeKey = (node: MathNode, layout: Layout): string => `${layout.variables.join(',')};${layout.dataColumns.join(',')};${nodeKey(node)}`;

/** Forgets the memo (tests: compare with the work done afresh). */
export function clearDisplayMemo(): void {
  memos.clear();
}

/**
 * The text form of `node` to show: polish(node) when it agrees with `node` in value and has no
 * more operations, else `node` itself. The same for a given tree whether it comes from the memo or not.
 */
export function displayForm(node: MathNode, layout: Layout): DisplayForm {
  // large trees are shown as evaluated: the check below evaluates every candidate at the sample points
  if (countNodes(node, LIMITS.maxPolishNodes) > LIMITS.maxPolishNodes) return { node, simplified: false };
  const key = treeKey(node, layout);
  let kept = memos.get(key);
  if (kept !== undefined) memos.delete(key); // moved to the most recent end below
  else {
    const form = chooseForm(node, layout);
    kept = { ...form, node: form.node === node ? undefined : form.node.cloneDeep() };
    if (memos.size >= MEMO_SIZE) memos.delete(memos.keys().next().value as string);
  }
  memos.set(key, kept);
  return { ...kept, node: kept.node === undefined ? node : kept.node.cloneDeep() };
}

/** polish(node) when it agrees with node and has no more operations; else node. */
function chooseForm(node: MathNode, layout: Layout): DisplayForm {
  let polished: MathNode;
  try {
    polished = polish(node);
  } catch (e) {
    if (e instanceof RangeError) return { node, simplified: false }; // too deep to rewrite
    throw e;
  }
  if (!new ValueCheck(node, layout).agrees(polished)) return { node, simplified: false };
  const [ops, ownOps] = [countOperations(polished), countOperations(node)];
  if (ownOps < ops || (ownOps === ops && toText(node).length < toText(polished).length)) return { node, simplified: false };
  return { node: polished, simplified: true };
}
