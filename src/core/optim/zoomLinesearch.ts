/**
 * optax's zoom line search (optax/_src/linesearch.py `zoom_linesearch`, wrapped by
 * `scale_by_zoom_linesearch`; the algorithm of Nocedal & Wright's Algorithms 3.5 and 3.6 with Hager
 * & Zhang's approximate decrease test), as optax's `lbfgs` runs it by default
 * (alias.py: `scale_by_zoom_linesearch(max_linesearch_steps=20, initial_guess_strategy='one')`).
 * Line numbers: linesearch.py at optax 2edbcbe2390d.
 *
 * Along w(η) = w + η·u (u = the update direction, here −lr·H·g) with f₀ = f(w), s₀ = ∇f(w)·u:
 *   errors of a trial η with f = f(w(η)), s = ∇f(w(η))·u (tol = 0, c₁ = slope_rtol = 1e-4,
 *   c₂ = curv_rtol = 0.9, approx_dec_rtol = 1e-6):
 *     decrease  = max(0, min(f − f₀ − c₁ηs₀,                                        689–693 (Armijo)
 *                           max(s − (2c₁ − 1)s₀, f − f₀ − 1e-6·|f₀|)))        698, 710–718, 722
 *     curvature = max(0, |s| − c₂|s₀|)                                                   733–737
 *     (NaN → +∞ for both, 723–725 and 738–740); error = max(decrease, curvature); done when error ≤ tol.
 *   state at the start (init_fn, 1186–1243): count 0, η = 0, low = high = cubic_ref = 0 (values f₀,
 *     slopes s₀), safe step 0 with (f₀, ∇f(w)); the first guess η = 1 ('one', 1198).
 *   each step_fn (1245–1270) evaluates f and ∇f once, in one of two phases:
 *   1. interval search (_search_interval, 792–954): η = 1 at count 0, else increase_factor (2) × the
 *      previous η (819–820; no max_stepsize in lbfgs). A trial with decrease ≤ tol becomes the safe
 *      step (840–846). high ← new when decrease > 0 or (f ≥ previous f and count > 0) (850–855);
 *      otherwise low ← new (and high ← previous) when s ≥ 0 (857–882); else low = previous,
 *      high = new. The interval is found when either was set or error ≤ tol (886); done when
 *      error ≤ tol (896); cubic_ref = low (947).
 *   2. zoom (_zoom_into_interval, 956–1131), δ = |high − low|:
 *      candidate = the cubic's minimiser through (low, f_low, s_low), (high, f_high), (cubic_ref,
 *      f_cubic_ref) if it lies inside the interval by more than 0.2δ (999–1005), else the quadratic's
 *      through (low, f_low, s_low), (high, f_high) if inside by more than 0.1δ (1006–1010), else the
 *      midpoint (1011–1017). The safe step moves there when decrease ≤ tol and f < the safe value
 *      (1033–1040); done when error ≤ tol (1045). high ← middle when decrease > 0 or f ≥ f_low;
 *      else high ← low when s·(high − low) ≥ 0, and low ← middle (1049–1077); cubic_ref ← the old
 *      high if high changed, else the old low (1079–1083).
 *      It fails when count + 1 ≥ max_linesearch_steps, or when δ ≤ stepsize_precision (1e-5) and a
 *      safe step > 0 exists (1090–1094), and never when done.
 *   failed in either phase (916, 1094): _try_safe_step (743–790) returns the safe step when it is
 *   > 0 or the last trial's decrease error is +∞ (non-finite f or slope: then possibly η = 0), and
 *   otherwise the last trial itself, a step that does not decrease f enough. The search runs while
 *   neither done nor failed (1272–1275): at most max_linesearch_steps evaluations.
 *   The step is η·u (1617–1618); f and ∇f at the accepted point are kept in the state (1625–1626)
 *   and `value_and_grad_from_state` hands them to the next update instead of evaluating again.
 */

/** f and ∇f at a point of the line (the caller counts each call as one evaluation). */
export interface LinePoint {
  value: number;
  grad: Float64Array;
}

export interface ZoomOptions {
  /** max_linesearch_steps: evaluations at most (lbfgs: 20). */
  maxSteps: number;
  /** The first trial step (initial_guess_strategy 'one': 1). */
  stepsizeGuess?: number;
  tol?: number;
  increaseFactor?: number;
  slopeRtol?: number;
  curvRtol?: number;
  /** null: the Armijo test alone (approx_dec_rtol=None). */
  approxDecRtol?: number | null;
  /** stepsize_precision (interval_threshold). */
  intervalThreshold?: number;
}

export interface ZoomResult {
  /** The accepted step η (x ← x + η·u). */
  stepsize: number;
  value: number;
  grad: Float64Array;
  /** f and ∇f evaluations made (one per line-search step). */
  evaluations: number;
  /** The errors of the last trial (optax's ZoomLinesearchInfo). */
  decreaseError: number;
  curvatureError: number;
  /**
   * done: both conditions met; safe: failed, the best point with sufficient decrease taken;
   * unsafe: failed, the last trial taken though it does not decrease f enough; blocked: failed with
   * a non-finite trial and no safe step (η = 0, x does not move).
   */
  outcome: 'done' | 'safe' | 'unsafe' | 'blocked';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** NaN → +∞ (jnp.where(jnp.isnan(e), jnp.inf, e)). */
const nanToInf = (e: number): number => (e !== e ? Infinity : e);

/**
 * linesearch.py `_cubicmin` (1783–1821): the critical point of the cubic through (a, fa) with slope
 * fpa at a, (b, fb) and (c, fc); NaN when the radical is negative or the points coincide.
 */
export function cubicMin(a: number, fa: number, fpa: number, b: number, fb: number, c: number, fc: number): number {
  const C = fpa;
  const db = b - a;
  const dc = c - a;
  const denom = (db * dc) ** 2 * (db - dc);
  const rb = fb - fa - C * db;
  const rc = fc - fa - C * dc;
  const A = (dc ** 2 * rb + -(db ** 2) * rc) / denom;
  const B = (-(dc ** 3) * rb + db ** 3 * rc) / denom;
  const radical = B * B - 3.0 * A * C;
  return a + (-B + Math.sqrt(radical)) / (3.0 * A);
}

/** linesearch.py `_quadmin` (1824–1847): the critical point of the quadratic through (a, fa) with slope fpa, and (b, fb). */
export function quadMin(a: number, fa: number, fpa: number, b: number, fb: number): number {
  const D = fa;
  const C = fpa;
  const db = b - a;
  const B = (fb - D - C * db) / db ** 2;
  return a - C / (2.0 * B);
}

/**
 * Runs the zoom line search along u from a point with value `valueInit` and gradient `gradInit`;
 * `at(η)` returns f and ∇f at w + η·u. Never more than `maxSteps` calls of `at`.
 */
export function zoomLinesearch(at: (stepsize: number) => LinePoint, valueInit: number, gradInit: Float64Array, u: Float64Array, options: ZoomOptions): ZoomResult {
  const maxSteps = options.maxSteps;
  const tol = options.tol ?? 0;
  const increaseFactor = options.increaseFactor ?? 2;
  const slopeRtol = options.slopeRtol ?? 1e-4;
  const curvRtol = options.curvRtol ?? 0.9;
  const approxDecRtol = options.approxDecRtol === undefined ? 1e-6 : options.approxDecRtol;
  const intervalThreshold = options.intervalThreshold ?? 1e-5;
  const guess = options.stepsizeGuess ?? 1;

  const slopeInit = dot(u, gradInit); // 1207
  const decreaseErrorOf = (stepsize: number, value: number, slope: number): number => {
    let e = value - valueInit - slopeRtol * stepsize * slopeInit; // 689–693
    if (approxDecRtol !== null) {
      let approx = slope - (2 * slopeRtol - 1.0) * slopeInit; // 698
      const deltaValues = value - valueInit - approxDecRtol * Math.abs(valueInit); // 710–715
      approx = Math.max(approx, deltaValues); // 716
      e = Math.min(approx, e); // 718
    }
    return nanToInf(Math.max(e, 0.0)); // 722–725
  };
  const curvatureErrorOf = (slope: number): number => nanToInf(Math.max(Math.abs(slope) - curvRtol * Math.abs(slopeInit), 0.0)); // 733–740

  // init_fn (1186–1243)
  let count = 0;
  let stepsize = 0, value = valueInit, grad = gradInit, slope = slopeInit;
  let decreaseError = Infinity, curvatureError = Infinity;
  let intervalFound = false, done = false, failed = false;
  let low = 0, valueLow = valueInit, slopeLow = slopeInit;
  let high = 0, valueHigh = valueInit; // (optax keeps slope_high too; no formula reads it)
  let cubicRef = 0, valueCubicRef = valueInit;
  let safeStepsize = 0, safeValue = valueInit, safeGrad = gradInit;

  while (!(done || failed)) { // step_cond_fn (1272–1275)
    if (!intervalFound) {
      // _search_interval (792–954)
      const newStepsize = count === 0 ? guess : increaseFactor * stepsize; // 819–820
      const p = at(newStepsize);
      const newSlope = dot(p.grad, u); // 674–676
      const dec = decreaseErrorOf(newStepsize, p.value, newSlope);
      const curv = curvatureErrorOf(newSlope);
      const error = Math.max(dec, curv);
      if (dec <= tol) { safeStepsize = newStepsize; safeValue = p.value; safeGrad = p.grad; } // 840–846
      const setHighToNew = dec > 0.0 || (p.value >= value && count > 0); // 850–855
      const setLowToNew = newSlope >= 0.0 && !setHighToNew; // 857
      if (setLowToNew) { // 862–882
        low = newStepsize; valueLow = p.value; slopeLow = newSlope;
        high = stepsize; valueHigh = value;
      } else {
        low = stepsize; valueLow = value; slopeLow = slope;
        high = newStepsize; valueHigh = p.value;
      }
      intervalFound = setHighToNew || setLowToNew || error <= tol; // 886
      done = error <= tol; // 896 (no max_stepsize)
      failed = count + 1 >= maxSteps && !done; // 916
      cubicRef = low; valueCubicRef = valueLow; // 947–948
      stepsize = newStepsize; value = p.value; grad = p.grad; slope = newSlope;
      decreaseError = dec; curvatureError = curv;
    } else {
      // _zoom_into_interval (956–1131)
      const delta = Math.abs(high - low); // 986
      const left = Math.min(high, low), right = Math.max(high, low);
      const cubicChk = 0.2 * delta, quadChk = 0.1 * delta;
      const tooSmall = delta <= intervalThreshold; // 996
      const middleCubic = cubicMin(low, valueLow, slopeLow, high, valueHigh, cubicRef, valueCubicRef); // 999–1001
      const useCubic = middleCubic > left + cubicChk && middleCubic < right - cubicChk; // 1002–1005 (NaN: false)
      const middleQuad = quadMin(low, valueLow, slopeLow, high, valueHigh); // 1006
      const useQuad = !useCubic && middleQuad > left + quadChk && middleQuad < right - quadChk; // 1007–1010
      const middle = useCubic ? middleCubic : useQuad ? middleQuad : (low + high) / 2.0; // 1011–1017
      const p = at(middle);
      const slopeMiddle = dot(p.grad, u);
      const dec = decreaseErrorOf(middle, p.value, slopeMiddle);
      const curv = curvatureErrorOf(slopeMiddle);
      const error = Math.max(dec, curv);
      if (dec <= tol && p.value < safeValue) { safeStepsize = middle; safeValue = p.value; safeGrad = p.grad; } // 1033–1040
      done = error <= tol; // 1045
      const setHighToMiddle = dec > 0.0 || p.value >= valueLow; // 1049
      const setHighToLow = slopeMiddle * (high - low) >= 0.0 && !setHighToMiddle; // 1051–1053
      // cubic_ref ← the old high when high changes, else the old low (1079–1083)
      if (setHighToMiddle || setHighToLow) { cubicRef = high; valueCubicRef = valueHigh; } else { cubicRef = low; valueCubicRef = valueLow; }
      if (setHighToMiddle) { // 1057–1062
        high = middle; valueHigh = p.value;
      } else { // set_low_to_middle = ~set_high_to_middle (1054); high ← low first (1063–1068)
        if (setHighToLow) { high = low; valueHigh = valueLow; }
        low = middle; valueLow = p.value; slopeLow = slopeMiddle; // 1071–1076
      }
      failed = (count + 1 >= maxSteps || (tooSmall && safeStepsize > 0.0)) && !done; // 1090–1094
      stepsize = middle; value = p.value; grad = p.grad; slope = slopeMiddle;
      decreaseError = dec; curvatureError = curv;
    }
    count++;
    if (failed) break; // step_fn runs _try_safe_step (1267–1269), then the loop ends
  }

  if (done) return { stepsize, value, grad, evaluations: count, decreaseError, curvatureError, outcome: 'done' };
  // _try_safe_step (743–790)
  const outsideDomain = decreaseError === Infinity; // 747
  if (safeStepsize > 0.0 || outsideDomain) {
    return { stepsize: safeStepsize, value: safeValue, grad: safeGrad, evaluations: count, decreaseError, curvatureError, outcome: safeStepsize > 0 ? 'safe' : 'blocked' };
  }
  return { stepsize, value, grad, evaluations: count, decreaseError, curvatureError, outcome: 'unsafe' };
}
