/**
 * L-BFGS (Nocedal 1980; Liu & Nocedal 1989) as PyTorch's `torch.optim.LBFGS` runs it: one `step`
 * is up to `max_iter` quasi-Newton iterations, each evaluating f and ∇f again, so one recorded
 * update here is one outer step and the run counts every evaluation (`StepperEnv.evaluate`).
 *   PyTorch torch/optim/lbfgs.py (LBFGS.step, 2.x; the torch 1.13 code is the same except where noted):
 *     closure() → loss, flat_grad (here: the loop's f and ∇f at x);  current_evals = 1
 *     opt_cond = max|flat_grad| ≤ tolerance_grad → return (x unchanged: here the run stops, converged)
 *     repeat n_iter = 1 … max_iter:
 *       state n_iter (counted across steps) == 1: d = −g, history empty, H_diag = 1
 *       else: y = g − g_prev; s = d·t; ys = y·s
 *             if ys > 1e-10: drop the oldest pair when history_size are kept; keep (y, s, 1/ys);
 *                            H_diag = ys/(y·y)
 *             two-loop recursion: q = −g; for i = newest…oldest: al_i = (s_i·q)·ro_i; q += −al_i·y_i
 *                                 d = r = q·H_diag; for i = oldest…newest: be_i = (y_i·r)·ro_i; r += (al_i − be_i)·s_i
 *       g_prev = g; prev_loss = loss
 *       t = min(1, 1/Σ|g|)·lr on the very first iteration, lr after
 *       gtd = g·d; gtd > −tolerance_change → break (no descent direction)
 *       strong_wolfe: loss, g, t, ls_evals = _strong_wolfe(obj, x, t, d, loss, g, gtd,
 *                                                         max_ls = max_eval − current_evals); x += t·d
 *                     (torch 1.13 passes no max_ls: the default 25)
 *       none:         x += t·d; re-evaluate loss, g unless n_iter == max_iter (1 evaluation)
 *       current_evals += ls_evals
 *       break if n_iter == max_iter, current_evals ≥ max_eval, max|g| ≤ tolerance_grad,
 *             max|d·t| ≤ tolerance_change, or |loss − prev_loss| < tolerance_change
 *   _strong_wolfe (c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9): bracketing with cubic
 *   interpolation (_cubic_interpolate), then zoom; it gives up after max_ls evaluations and returns
 *   the lowest bracket end, which may be t = 0 (no move).
 *   optax optax/_src/alias.py lbfgs(learning_rate, memory_size=10, scale_init_precond=True, linesearch)
 *     = chain(transform.py scale_by_lbfgs, scale_by_learning_rate (scale(−1) without a rate), linesearch);
 *     here with linesearch=None: one two-loop direction per step, no evaluation inside the step.
 *     scale_by_lbfgs update_fn (count = updates so far, m = memory_size):
 *       dw = x − x_prev; du = g − g_prev; weight = 0 if du·dw = 0 else 1/(du·dw)   (all 0 at count 0)
 *       memory[(count − 1) mod m] = (dw, du, weight)
 *       γ = du·dw / ‖du‖² if ‖du‖² > 0 else 1; at count 0 γ = min(1, 1/‖g‖₂)     (scale_init_precond)
 *       _precondition_by_lbfgs: indices = (count mod m + 0…m−1) mod m (oldest → newest);
 *         newest → oldest: α_i = ρ_i·(dw_i·v); v ← v − α_i·du_i;  v ← γ·v;
 *         oldest → newest: β_i = ρ_i·(du_i·v); v ← v + (α_i − β_i)·dw_i
 *       x ← x − η·v                                       (unused slots have ρ = 0 and change nothing)
 *     linesearch = scale_by_zoom_linesearch(max_linesearch_steps=20, initial_guess_strategy='one')
 *     (alias.py 2659–2663, optax's default; `lineSearch` zoom, `maxLinesearchSteps` 20): u = −η·v is
 *     the direction, the zoom search (zoomLinesearch.ts) picks α from 1 and x ← x + α·u. Each trial
 *     evaluates f and ∇f once (counted); the accepted point's f and ∇f are the next update's
 *     (`value_and_grad_from_state`), so the loop's evaluation there is not counted again
 *     (`reusedEvaluations`): after k updates the run has made 1 + Σ trials evaluations.
 *     A failed search (optax goes on with the step _try_safe_step picks): a safe step (sufficient
 *     decrease, curvature not met) is taken and the run goes on; no safe step: optax's step is
 *     taken (the last trial, or none when f was not finite there) and the run stops as stalled
 *     with the errors, since optax's next updates would not decrease f either.
 *   Keras 3 has no L-BFGS.
 * When an outer step leaves x exactly where it was (its line search found no lower point, or d is
 * not a descent direction), PyTorch would repeat the same step forever; the run stops as `stalled`.
 * Effective learning rate: t, the step length of the step's last inner iteration (x moved by t·d);
 * optax: η, the multiplier on the preconditioned direction v.
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, StepperEnv, TEX, UpdateRule, joinTex } from './types';
import { LinePoint, zoomLinesearch } from './zoomLinesearch';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Splits a double for Dekker's exact product (2^27 + 1). */
const SPLITTER = 134217729;

/**
 * a·b + c rounded once, as a fused multiply-add: PyTorch's CPU kernel for `x.add_(y, alpha=a)`
 * computes fma(a, y, x) (measured on torch 1.13: bit-identical to a single rounding of the exact
 * value), and L-BFGS amplifies a last-bit difference in its curvature pairs. The exact product
 * (Dekker) and sum (Knuth's two-sum) are added in double-double; falls back to a·b + c where the
 * split would overflow.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || Math.abs(a) > 1e290 || Math.abs(b) > 1e290) return p + c;
  const as = SPLITTER * a, ah = as - (as - a), al = a - ah;
  const bs = SPLITTER * b, bh = bs - (bs - b), bl = b - bh;
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // a·b = p + pe exactly
  const s = p + c;
  const v = s - p;
  const se = (p - (s - v)) + (c - v); // p + c = s + se exactly
  return s + (se + pe);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** torch/optim/lbfgs.py `_cubic_interpolate`: the minimiser of the cubic through two points with slopes, clipped to bounds. */
function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

interface LineSearchResult {
  loss: number;
  grad: Float64Array;
  t: number;
  evals: number;
}

/**
 * torch/optim/lbfgs.py `_strong_wolfe` along x + t·d from f = `loss`, ∇f = `grad`, slope `gtd`.
 * `evaluate(t, gradOut)` returns f(x + t·d) and writes its gradient (a fresh array per call).
 */
function strongWolfe(
  evaluate: (t: number) => { f: number; g: Float64Array },
  d: Float64Array, t: number, loss: number, grad: Float64Array, gtd: number, maxLs: number,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9,
): LineSearchResult {
  const dNorm = maxAbs(d);
  let { f: fNew, g: gNew } = evaluate(t);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0, fPrev = loss, gPrev = grad, gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Float64Array[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > loss + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t]; bracketF = [fNew]; bracketG = [gNew];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp; fPrev = fNew; gPrev = gNew; gtdPrev = gtdNew;
    ({ f: fNew, g: gNew } = evaluate(t));
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === maxLs) {
    // reached max number of iterations: the bracket is [0, t] (no slopes; the zoom below does not run)
    bracket = [0, t]; bracketF = [loss, fNew]; bracketG = [grad, gNew];
  }
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    const hi = Math.max(bracket[0], bracket[1]), lo = Math.min(bracket[0], bracket[1]);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    ({ f: fNew, g: gNew } = evaluate(t));
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;
    if (fNew > loss + c1 * t * gtd || fNew >= bracketF[lowPos]) {
      bracket[highPos] = t; bracketF[highPos] = fNew; bracketG[highPos] = gNew; bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        bracket[highPos] = bracket[lowPos]; bracketF[highPos] = bracketF[lowPos]; bracketG[highPos] = bracketG[lowPos]; bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t; bracketF[lowPos] = fNew; bracketG[lowPos] = gNew; bracketGtd[lowPos] = gtdNew;
    }
  }
  return { loss: bracketF[lowPos], grad: bracketG[lowPos], t: bracket[lowPos], evals };
}

/** The quasi-Newton direction: the two-loop recursion over the last m pairs (s, y). */
const DIRECTION = [
  String.raw`s = \Delta x,\ y = \Delta g \text{ of the last } m \text{ iterations}`,
  String.raw`d = -H g \text{ by the two-loop recursion},\ H_0 = \tfrac{s^\top y}{y^\top y} I`,
];
const LBFGS_TEX = joinTex(TEX.narrow, [
  ...DIRECTION,
  String.raw`x \leftarrow x + t\,d,\ t = \eta \text{ and } t = \min(1, 1/\lVert g\rVert_1)\,\eta \text{ at the very first}`,
  String.raw`K \text{ inner iterations per step}`,
]);
const LBFGS_WOLFE_TEX = joinTex(TEX.narrow, [
  ...DIRECTION,
  String.raw`x \leftarrow x + t\,d,\ t \text{ from a strong-Wolfe search from } \eta,\ c_1 = 10^{-4},\ c_2 = 0.9`,
  String.raw`K \text{ inner iterations per step}`,
]);

const OPTAX_DIRECTION = [
  String.raw`s = \Delta x,\ y = \Delta g \text{ of the last } m \text{ steps}`,
  String.raw`v = H g \text{ by the two-loop recursion},\ H_0 = \gamma I,\ \gamma = \tfrac{s^\top y}{y^\top y} \text{ and } \min(1, 1/\lVert g\rVert_2) \text{ at the first}`,
];
const OPTAX_LBFGS_TEX = joinTex(TEX.narrow, [...OPTAX_DIRECTION, String.raw`x \leftarrow x - \eta_t\, v`]);
const OPTAX_LBFGS_ZOOM_TEX = joinTex(TEX.narrow, [
  ...OPTAX_DIRECTION,
  String.raw`x \leftarrow x - \alpha\,\eta_t\, v,\ \alpha \text{ from a zoom search from } 1:\ f \le f_0 + 10^{-4}\alpha s_0 \text{ (or approximately)},\ |s| \le 0.9\,|s_0|`,
]);

function createOptaxLbfgs(dim: number, r: HyperparameterReader, env: StepperEnv | undefined): Stepper {
  const m = r.num('historySize');
  const scaleInit = r.bool('scaleInitPrecond');
  const zoom = r.str('lineSearch', 'none') === 'zoom';
  const maxLinesearchSteps = r.numOr('maxLinesearchSteps', 20);
  if (zoom && !env) throw new Error('internal: optax L-BFGS with its zoom line search evaluates f and ∇f inside a step; create it with a StepperEnv');
  const u = new Float64Array(dim);
  const trial = new Float64Array(dim);
  const dwMem = Array.from({ length: m }, () => new Float64Array(dim));
  const duMem = Array.from({ length: m }, () => new Float64Array(dim));
  const weights = new Float64Array(m);
  const alphas = new Float64Array(m);
  const prevX = new Float64Array(dim);
  const prevG = new Float64Array(dim);
  const dw = new Float64Array(dim);
  const du = new Float64Array(dim);
  const v = new Float64Array(dim);
  let count = 0;
  const stepper: Stepper & { stopReason?: string; stopKind?: 'converged' | 'stalled'; reusedEvaluations: number } = {
    reusedEvaluations: 0,
    step(x, g, t, lr, eff, loss) {
      const memoryIdx = count % m;
      const prevIdx = (((count - 1) % m) + m) % m; // Python's (count − 1) % m
      for (let i = 0; i < dim; i++) {
        dw[i] = count > 0 ? x[i] - prevX[i] : 0;
        du[i] = count > 0 ? g[i] - prevG[i] : 0;
      }
      const dots = dot(du, dw);
      dwMem[prevIdx].set(dw);
      duMem[prevIdx].set(du);
      weights[prevIdx] = count > 0 && dots !== 0 ? 1 / dots : 0;
      let gamma = 1;
      if (scaleInit) {
        if (count > 0) {
          const denominator = dot(du, du);
          gamma = denominator > 0 ? dots / denominator : 1;
        } else {
          gamma = Math.min(1, 1 / Math.sqrt(dot(g, g)));
        }
      }
      v.set(g);
      for (let k = m - 1; k >= 0; k--) {
        const idx = (memoryIdx + k) % m;
        alphas[k] = weights[idx] * dot(dwMem[idx], v);
        for (let i = 0; i < dim; i++) v[i] = v[i] + -alphas[k] * duMem[idx][i]; // add_scale(vec, −alpha, dui)
      }
      for (let i = 0; i < dim; i++) v[i] = gamma * v[i];
      for (let k = 0; k < m; k++) {
        const idx = (memoryIdx + k) % m;
        const beta = weights[idx] * dot(duMem[idx], v);
        for (let i = 0; i < dim; i++) v[i] = v[i] + (alphas[k] - beta) * dwMem[idx][i];
      }
      prevX.set(x);
      prevG.set(g);
      count++;
      if (!zoom || !env) {
        for (let i = 0; i < dim; i++) {
          x[i] = x[i] + -lr * v[i]; // scale_by_learning_rate, apply_updates
          eff[i] = lr;
        }
        return;
      }
      for (let i = 0; i < dim; i++) u[i] = -lr * v[i]; // scale_by_learning_rate (scale(−1) for None)
      const at = (stepsize: number): LinePoint => {
        for (let i = 0; i < dim; i++) trial[i] = x[i] + stepsize * u[i]; // add_scale(params, stepsize, updates)
        const grad = new Float64Array(dim);
        const value = env.evaluate(trial, grad, t);
        return { value, grad };
      };
      const ls = zoomLinesearch(at, loss ?? NaN, g, u, { maxSteps: maxLinesearchSteps });
      let moved = false;
      for (let i = 0; i < dim; i++) {
        const next = x[i] + ls.stepsize * u[i]; // apply_updates(params, scale(α, updates))
        moved = moved || next !== x[i];
        x[i] = next;
        eff[i] = ls.stepsize * lr;
      }
      // the next update reads f and ∇f at the accepted point from the line search's state
      stepper.reusedEvaluations++;
      const errors = `decrease error ${ls.decreaseError}, curvature error ${ls.curvatureError}`;
      if (ls.outcome === 'unsafe') {
        stepper.stopKind = 'stalled';
        stepper.stopReason = `optax zoom line search failed after ${ls.evaluations} evaluations: no step length with sufficient decrease (${errors}); optax took its last trial α = ${ls.stepsize}, which does not decrease f enough`;
      } else if (ls.outcome === 'blocked') {
        stepper.stopKind = 'stalled';
        stepper.stopReason = `optax zoom line search failed after ${ls.evaluations} evaluations: f or its slope is not finite at the trial steps and no step with sufficient decrease was found (α = 0, x does not move)`;
      } else if (!moved) {
        let zero = true;
        for (let i = 0; i < dim && zero; i++) zero = g[i] === 0;
        stepper.stopKind = zero ? 'converged' : 'stalled';
        stepper.stopReason = zero ? 'L-BFGS (optax): the gradient is zero' : `L-BFGS (optax) made no progress: the line search step α = ${ls.stepsize} leaves x unchanged (${errors})`;
      }
    },
  };
  return stepper;
}

export const lbfgs: UpdateRule = {
  id: 'lbfgs',
  label: 'L-BFGS',
  family: 'second-order',
  summary: 'Quasi-Newton: a curvature model from the last m steps sets the direction; each step runs up to max_iter inner iterations (and a strong-Wolfe line search if chosen), counted as evaluations.',
  params: [P.lr, P.maxIter, P.maxEval, P.toleranceGrad, P.toleranceChange, P.historySize, P.lineSearch, P.maxLinesearchSteps, P.scaleInitPrecond],
  defaults: {
    pytorch: { lr: 1, maxIter: 20, maxEval: 0, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearch: 'none' },
    optax: { lr: 1, historySize: 10, scaleInitPrecond: true, lineSearch: 'zoom', maxLinesearchSteps: 20 },
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no L-BFGS optimizer; choose the pytorch convention.',
    paper: 'L-BFGS is not offered in the paper convention; choose the pytorch convention (torch.optim.LBFGS, after minFunc).',
  },
  formula: {},
  source: { pytorch: 'torch/optim/lbfgs.py', optax: 'optax/_src/alias.py (lbfgs) + optax/_src/transform.py (scale_by_lbfgs) + optax/_src/linesearch.py (scale_by_zoom_linesearch)' },
  notes: {
    optax: 'optax.lbfgs(learning_rate=η) with its default zoom line search (lineSearch zoom, maxLinesearchSteps 20; η = 1 is optax\'s learning_rate=None), or linesearch=None (lineSearch none: x ← x − η·v). historySize = memory_size, default 10. The trial evaluations are counted; the accepted point\'s f and ∇f are reused by the next update (value_and_grad_from_state), as optax\'s docs recommend.',
    pytorch: 'maxEval 0 stands for PyTorch\'s max_eval=None, i.e. ⌊1.25·max_iter⌋. One recorded step is one LBFGS.step(closure) call; the evaluations it makes are counted in the run.',
  },
  needsEvaluate: true,
  effectiveLr: 't, the step length of the last inner iteration of the step (x moved by t·d along the quasi-Newton direction d); optax: α·η on the preconditioned direction (α from the zoom line search, 1 without it).',
  validate(hp, convention) {
    for (const name of ['maxIter', 'historySize'] as const) {
      const v = hp[name];
      if (typeof v === 'number' && !(Number.isInteger(v) && v >= 1)) return `${name} must be a whole number >= 1, got ${v}`;
    }
    const lineSearch = hp.lineSearch;
    if (typeof lineSearch === 'string') {
      const accepted = convention === 'optax' ? ['none', 'zoom'] : ['none', 'strong_wolfe'];
      if (!accepted.includes(lineSearch)) {
        return `lineSearch must be ${accepted.join(' or ')} in the ${convention} convention (${convention === 'optax' ? 'optax.lbfgs linesearch: None or scale_by_zoom_linesearch' : 'torch.optim.LBFGS line_search_fn: None or "strong_wolfe"'}), got ${lineSearch}`;
      }
    }
    const steps = hp.maxLinesearchSteps;
    if (typeof steps === 'number' && !(Number.isInteger(steps) && steps >= 1)) return `maxLinesearchSteps must be a whole number >= 1, got ${steps}`;
    const maxEval = hp.maxEval;
    if (typeof maxEval === 'number' && !(Number.isInteger(maxEval) && maxEval >= 0)) {
      return `maxEval must be a whole number >= 0 (0: ⌊1.25·maxIter⌋ as PyTorch's max_eval=None), got ${maxEval}`;
    }
    return undefined;
  },
  formulaFor(convention, hp) {
    if (convention === 'optax') return new HyperparameterReader(lbfgs, convention, hp).str('lineSearch', 'none') === 'zoom' ? OPTAX_LBFGS_ZOOM_TEX : OPTAX_LBFGS_TEX;
    return new HyperparameterReader(lbfgs, convention, hp).str('lineSearch', 'none') === 'strong_wolfe' ? LBFGS_WOLFE_TEX : LBFGS_TEX;
  },
  create(dim: number, hp: Hyperparameters, convention: Convention, env?: StepperEnv): Stepper {
    const r = new HyperparameterReader(lbfgs, convention, hp);
    if (convention === 'optax') return createOptaxLbfgs(dim, r, env);
    if (!env) throw new Error('internal: L-BFGS evaluates f and ∇f inside a step; create it with a StepperEnv');
    const maxIter = r.num('maxIter');
    const maxEval = r.num('maxEval') === 0 ? Math.floor((maxIter * 5) / 4) : r.num('maxEval'); // max_iter * 5 // 4
    const toleranceGrad = r.num('toleranceGrad');
    const toleranceChange = r.num('toleranceChange');
    const historySize = r.num('historySize');
    const strongWolfe_ = r.str('lineSearch', 'none') === 'strong_wolfe';
    const evaluateAt = env.evaluate;
    // state (torch keeps it across steps): d, t, the (y, s, 1/ys) history, H_diag, g_prev, n_iter
    let d = new Float64Array(dim);
    let t = 0;
    const oldDirs: Float64Array[] = [];
    const oldStps: Float64Array[] = [];
    const ro: number[] = [];
    const al = new Float64Array(historySize);
    let hDiag = 1;
    const prevFlatGrad = new Float64Array(dim);
    let nIterTotal = 0;
    const start = new Float64Array(dim);
    const stepper: Stepper & { stopReason?: string; stopKind?: 'converged' | 'stalled' } = {
      step(x, g, step, lr, eff, lossIn) {
        let loss = lossIn ?? NaN;
        let flatGrad: Float64Array = Float64Array.from(g);
        let currentEvals = 1;
        eff.fill(0);
        if (maxAbs(flatGrad) <= toleranceGrad) {
          stepper.stopKind = 'converged';
          stepper.stopReason = `L-BFGS: max|∇f| = ${maxAbs(flatGrad)} <= tolerance_grad ${toleranceGrad}`;
          return;
        }
        start.set(x);
        const evaluate = (xs: Float64Array): { f: number; g: Float64Array } => {
          const gOut = new Float64Array(dim);
          const f = evaluateAt(xs, gOut, step);
          return { f, g: gOut };
        };
        let noDescent = false;
        let nIter = 0;
        while (nIter < maxIter) {
          nIter++;
          nIterTotal++;
          if (nIterTotal === 1) {
            d = new Float64Array(dim);
            for (let i = 0; i < dim; i++) d[i] = -flatGrad[i];
            oldDirs.length = 0;
            oldStps.length = 0;
            ro.length = 0;
            hDiag = 1;
          } else {
            const y = new Float64Array(dim);
            const s = new Float64Array(dim);
            for (let i = 0; i < dim; i++) {
              y[i] = flatGrad[i] - prevFlatGrad[i];
              s[i] = d[i] * t;
            }
            const ys = dot(y, s);
            if (ys > 1e-10) {
              if (oldDirs.length === historySize) {
                oldDirs.shift();
                oldStps.shift();
                ro.shift();
              }
              oldDirs.push(y);
              oldStps.push(s);
              ro.push(1 / ys);
              hDiag = ys / dot(y, y);
            }
            const q = new Float64Array(dim);
            for (let i = 0; i < dim; i++) q[i] = -flatGrad[i];
            for (let k = oldDirs.length - 1; k >= 0; k--) {
              al[k] = dot(oldStps[k], q) * ro[k];
              for (let i = 0; i < dim; i++) q[i] = fusedMultiplyAdd(-al[k], oldDirs[k][i], q[i]); // q.add_(old_dirs[i], alpha=-al[i])
            }
            d = new Float64Array(dim);
            for (let i = 0; i < dim; i++) d[i] = q[i] * hDiag;
            for (let k = 0; k < oldDirs.length; k++) {
              const be = dot(oldDirs[k], d) * ro[k];
              for (let i = 0; i < dim; i++) d[i] = fusedMultiplyAdd(al[k] - be, oldStps[k][i], d[i]); // r.add_(old_stps[i], alpha=al[i] - be_i)
            }
          }
          prevFlatGrad.set(flatGrad);
          const prevLoss = loss;
          if (nIterTotal === 1) {
            let l1 = 0;
            for (let i = 0; i < dim; i++) l1 += Math.abs(flatGrad[i]);
            t = Math.min(1, 1 / l1) * lr;
          } else {
            t = lr;
          }
          const gtd = dot(flatGrad, d);
          if (gtd > -toleranceChange) {
            noDescent = true;
            break;
          }
          let lsEvals = 0;
          let optCond = false;
          if (strongWolfe_) {
            const xInit = Float64Array.from(x);
            const trial = new Float64Array(dim);
            const along = (tt: number): { f: number; g: Float64Array } => {
              for (let i = 0; i < dim; i++) trial[i] = fusedMultiplyAdd(tt, d[i], xInit[i]); // _directional_evaluate: _add_grad(t, d)
              return evaluate(trial);
            };
            const ls = strongWolfe(along, d, t, loss, flatGrad, gtd, maxEval - currentEvals);
            loss = ls.loss;
            flatGrad = ls.grad;
            t = ls.t;
            lsEvals = ls.evals;
            for (let i = 0; i < dim; i++) x[i] = fusedMultiplyAdd(t, d[i], x[i]); // _add_grad(t, d): p.add_(d, alpha=t)
            optCond = maxAbs(flatGrad) <= toleranceGrad;
          } else {
            for (let i = 0; i < dim; i++) x[i] = fusedMultiplyAdd(t, d[i], x[i]);
            if (nIter !== maxIter) {
              const e = evaluate(x);
              loss = e.f;
              flatGrad = e.g;
              optCond = maxAbs(flatGrad) <= toleranceGrad;
              lsEvals = 1;
            }
          }
          currentEvals += lsEvals;
          if (nIter === maxIter) break;
          if (currentEvals >= maxEval) break;
          if (optCond) break;
          let moved = 0;
          for (let i = 0; i < dim; i++) moved = Math.max(moved, Math.abs(d[i] * t));
          if (moved <= toleranceChange) break;
          if (Math.abs(loss - prevLoss) < toleranceChange) break;
        }
        eff.fill(t);
        let same = true;
        for (let i = 0; i < dim && same; i++) same = x[i] === start[i];
        if (same) {
          stepper.stopKind = 'stalled';
          stepper.stopReason = noDescent
            ? `L-BFGS made no progress: no descent direction left (g·d > −tolerance_change ${toleranceChange})`
            : strongWolfe_
              ? 'L-BFGS made no progress: the strong-Wolfe line search found no lower point (step length 0)'
              : 'L-BFGS made no progress: the step t·d is zero';
        }
      },
    };
    return stepper;
  },
};
