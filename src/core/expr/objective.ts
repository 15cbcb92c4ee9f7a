/**
 * Assembles a CompiledObjective from a checked tree: derivatives (symbolic or numeric fallback),
 * display text, and the compiled evaluators. Split from index.ts so tests can inject a failing
 * differentiator and exercise the finite-difference paths.
 */
import { fail, ok, Result } from '../result';
import { compileScalar, compileValueAndGradient, compileVector, Layout, ValueGradientFn, VectorFn } from './compile';
import { Derivative, differentiate } from './derivative';
import { displayForm } from './display';
import { Budget, LIMITS, StepBudget } from './limits';
import { MathNode } from './mathjs';
import { toTex, toText } from './tex';
import { countNodes } from './tidy';
import type { CompiledObjective, Hessian, PartialDerivative } from './types';
import { ParsedObjective } from './validate';

export type Differentiator = (expr: MathNode, v: string, deadline: Budget) => Derivative;

/** Relative step of a central difference on an exact function: ∛ε balances truncation and rounding. */
const FD_STEP = 6.0554544523933395e-6;
/** Same on a function that is itself a finite difference (its noise is ~ε/h, so a larger step). */
const FD_STEP_NESTED = 1.2e-4;

export function internalError(e: unknown): Result<never> {
  return fail(`Internal error in the expression engine: ${e instanceof Error ? e.message : String(e)}`);
}

/** Central difference of component `component` of `fn` along coordinate `i`, with a private buffer. */
function centralDifference(
  fn: (x: ArrayLike<number>, data: ArrayLike<number> | undefined) => number,
  dim: number,
  relStep: number,
): (x: ArrayLike<number>, i: number, d?: ArrayLike<number>) => number {
  const scratch = new Float64Array(dim);
  return (x, i, d) => {
    for (let k = 0; k < dim; k++) scratch[k] = x[k];
    const xi = x[i];
    const h = relStep * Math.max(1, Math.abs(xi));
    const up = xi + h;
    const down = xi - h;
    scratch[i] = up;
    const fUp = fn(scratch, d);
    scratch[i] = down;
    const fDown = fn(scratch, d);
    return (fUp - fDown) / (up - down); // the representable step, not 2h
  };
}

interface Entry {
  tree?: MathNode;
  partial: PartialDerivative;
}

function describe(variable: string, d: Derivative, layout: Layout): Entry {
  if (!d.ok) {
    return {
      partial: { variable, text: '', tex: '', symbolic: false, note: `numeric (central difference): ${d.reason}` },
    };
  }
  const size = countNodes(d.node, LIMITS.maxDisplayNodes);
  if (size > LIMITS.maxDisplayNodes) {
    const note = [...d.notes, `symbolic, but too long to show (over ${LIMITS.maxDisplayNodes} terms)`].join('; ');
    return { tree: d.node, partial: { variable, text: '', tex: '', symbolic: true, note } };
  }
  const shown = displayForm(d.node, layout);
  const notes = d.notes;
  return {
    tree: d.node,
    partial: {
      variable,
      text: toText(shown.node),
      tex: toTex(shown.node),
      symbolic: true,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    },
  };
}

export function buildObjective(
  parsed: ParsedObjective,
  derive: Differentiator = differentiate,
): CompiledObjective {
  const layout: Layout = { variables: parsed.variables, dataColumns: parsed.dataColumns };
  const n = parsed.variables.length;
  // f and ∇f are generated code, compiled on first read (a hover shows texts and never runs them).
  let fOf: ((x: ArrayLike<number>, data?: ArrayLike<number>) => number) | undefined;
  const fn = (): ((x: ArrayLike<number>, data?: ArrayLike<number>) => number) => {
    if (!fOf) {
      const f = compileScalar(parsed.expr, layout);
      fOf = (x, data) => f(x, undefined, data);
    }
    return fOf;
  };

  const derivativeDeadline = new StepBudget(LIMITS.derivativeSteps);
  const derivatives = parsed.variables.map(v => derive(parsed.expr, v, derivativeDeadline));
  const trees = derivatives.map(d => (d.ok ? d.node : undefined));
  const fallback = trees.some(t => t === undefined) ? centralDifference((x, data) => fn()(x, data), n, FD_STEP) : undefined;
  let grad: VectorFn | undefined;
  const gradFn = (): VectorFn => (grad ??= compileVector(trees, layout, fallback));
  let valueAndGradient: ValueGradientFn | undefined;
  // The display texts (the clean-up pass and its value check) are built on first read, each
  // partial's on its own (the hover sends one to be typeset while the next is made); a caller that
  // shows no formula (the CLI's `run`) never pays for them.
  const partials: (PartialDerivative | undefined)[] = parsed.variables.map(() => undefined);
  const partialText = (i: number): PartialDerivative => {
    let p = partials[i];
    if (!p) {
      const v = parsed.variables[i];
      try {
        p = describe(v, derivatives[i], layout).partial;
      } catch (e) {
        const reason = `the display form failed (${e instanceof Error ? e.message : String(e)})`;
        p = { variable: v, text: '', tex: '', symbolic: derivatives[i].ok, note: reason };
      }
      partials[i] = p;
    }
    return p;
  };
  let gradientTexts: PartialDerivative[] | undefined;

  let hessian: Result<Hessian> | undefined;
  let tex: string | undefined;
  const objective: CompiledObjective = {
    source: parsed.source,
    text: toText(parsed.body),
    // made on first read, like the gradient's texts: the CLI's `run` never shows it
    get tex() {
      return (tex ??= toTex(parsed.body));
    },
    variables: [...parsed.variables],
    dataColumns: [...parsed.dataColumns],
    constants: { ...parsed.constants },
    get gradient() {
      return (gradientTexts ??= parsed.variables.map((_v, i) => partialText(i)));
    },
    partial: partialText,
    ...(parsed.name !== undefined ? { name: parsed.name } : {}),
    get f() {
      return fn();
    },
    get grad() {
      return gradFn();
    },
    valueAndGradient: () => (valueAndGradient ??= compileValueAndGradient(parsed.expr, trees, layout, fallback)),
    hessian: () => {
      if (!hessian) {
        try {
          hessian = ok(buildHessian(trees, layout, gradFn(), derive));
        } catch (e) {
          hessian = internalError(e);
        }
      }
      return hessian;
    },
  };
  return objective;
}

/** ∂²f/∂v_i∂v_j for j ≥ i (mirrored): symbolic where ∂f/∂v_i is, else a difference of the gradient. */
function buildHessian(
  gradTrees: readonly (MathNode | undefined)[],
  layout: Layout,
  grad: VectorFn,
  derive: Differentiator,
): Hessian {
  const n = layout.variables.length;
  const deadline = new StepBudget(LIMITS.hessianSteps);
  const symbolic: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const trees: (MathNode | undefined)[] = new Array(n * n).fill(undefined);
  for (let i = 0; i < n; i++) {
    const gi = gradTrees[i];
    for (let j = i; j < n; j++) {
      let entry: MathNode | undefined;
      if (gi !== undefined) {
        const d = derive(gi, layout.variables[j], deadline);
        if (d.ok) {
          entry = d.node;
          symbolic[i][j] = symbolic[j][i] = true;
        }
      }
      trees[i * n + j] = trees[j * n + i] = entry;
    }
  }
  // The texts are made when first read: cleaning up n²/2 entries for display costs far more than
  // evaluating them (a 300-variable sum: minutes), and the stability analysis only evaluates.
  let texts: { text: string[][]; tex: string[][] } | undefined;
  const shownTexts = (): { text: string[][]; tex: string[][] } => {
    if (texts) return texts;
    const text: string[][] = Array.from({ length: n }, () => new Array<string>(n).fill(''));
    const tex: string[][] = Array.from({ length: n }, () => new Array<string>(n).fill(''));
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const node = trees[i * n + j];
        if (node === undefined || countNodes(node, LIMITS.maxDisplayNodes) > LIMITS.maxDisplayNodes) continue;
        const shown = displayForm(node, layout);
        text[i][j] = text[j][i] = toText(shown.node);
        tex[i][j] = tex[j][i] = toTex(shown.node);
      }
    }
    texts = { text, tex };
    return texts;
  };
  // Numeric entries: central difference of gradient component i along j (the gradient may itself be
  // numeric for that component, hence the larger step then).
  const gradBuffer = new Float64Array(n);
  const numericStep = gradTrees.some(t => t === undefined) ? FD_STEP_NESTED : FD_STEP;
  const component = (flat: number) => (x: ArrayLike<number>, data: ArrayLike<number> | undefined): number => {
    grad(x, gradBuffer, data);
    return gradBuffer[Math.floor(flat / n)];
  };
  const differences = new Map<number, (x: ArrayLike<number>, i: number, d?: ArrayLike<number>) => number>();
  const fallback = (x: ArrayLike<number>, flat: number, d: ArrayLike<number>): number => {
    let fd = differences.get(flat);
    if (!fd) {
      fd = centralDifference(component(flat), n, numericStep);
      differences.set(flat, fd);
    }
    return fd(x, flat % n, d);
  };
  const evaluate = compileVector(trees, layout, trees.some(t => t === undefined) ? fallback : undefined);
  return {
    get text() { return shownTexts().text; },
    get tex() { return shownTexts().tex; },
    symbolic,
    evaluate,
  };
}

