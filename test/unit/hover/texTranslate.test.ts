import * as assert from 'assert';
import { parseObjective } from '../../../src/core/expr';
import { texToMathjs } from '../../../src/core/hover/tex';

type Values = Record<string, number>;

/** Deterministic sample points in (0.15, 0.95): inside the domain of every formula below. */
function samplePoints(variables: string[], count = 5): Values[] {
  const points: Values[] = [];
  for (let k = 0; k < count; k++) {
    const p: Values = {};
    variables.forEach((v, i) => { p[v] = 0.15 + (((k + 1) * 0.37 + (i + 1) * 0.23) % 0.8); });
    points.push(p);
  }
  return points;
}

/**
 * The TeX translates to exactly `expected`; the project's parser accepts it with these variables in
 * this order; and it has the values of `reference` (written by hand from the TeX) at sample points.
 */
function translates(tex: string, expected: string, variables: string[], reference: (v: Values) => number, renamed?: Record<string, string>) {
  const r = texToMathjs(tex);
  assert.ok(r.ok, `${tex}: refused (${r.ok ? '' : r.reason})`);
  assert.strictEqual(r.expression, expected, tex);
  if (renamed) assert.deepStrictEqual(r.renamed, renamed, `${tex}: renamed`);
  const parsed = parseObjective(r.expression);
  assert.ok(parsed.ok, `${tex}: ${r.expression} does not parse (${parsed.ok ? '' : parsed.error.message})`);
  assert.deepStrictEqual(parsed.value.variables, variables, `${tex}: variables`);
  for (const p of samplePoints(variables)) {
    const got = parsed.value.f(variables.map(v => p[v]));
    const want = reference(p);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${tex} at ${JSON.stringify(p)}: ${got} ≠ ${want}`);
  }
}

function refuses(tex: string, reasonPart?: RegExp) {
  const r = texToMathjs(tex);
  assert.ok(!r.ok, `${tex}: expected a refusal, got ${r.ok ? r.expression : ''}`);
  if (reasonPart) assert.match(r.reason, reasonPart, tex);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('TeX → mathjs: constructs', () => {
  it('\\frac, \\dfrac, \\tfrac', () => {
    translates('\\frac{1}{1 + e^{-x}}', '1 / (1 + e^(-x))', ['x'], v => sigmoid(v.x));
    translates('\\dfrac{x}{2} + \\tfrac{y}{3}', 'x / 2 + y / 3', ['x', 'y'], v => v.x / 2 + v.y / 3);
    translates('\\frac12 x', '(1 / 2) * x', ['x'], v => v.x / 2);
  });

  it('\\sqrt{} and \\sqrt[n]{}', () => {
    translates('\\sqrt{x} + \\sqrt[3]{y}', 'sqrt(x) + cbrt(y)', ['x', 'y'], v => Math.sqrt(v.x) + Math.cbrt(v.y));
    translates('\\sqrt[4]{x}', 'nthRoot(x, 4)', ['x'], v => v.x ** 0.25);
  });

  it('\\cdot and \\times are products', () => {
    translates('x \\cdot y + 3 \\times x', 'x * y + 3 * x', ['x', 'y'], v => v.x * v.y + 3 * v.x);
  });

  it('\\left( \\right), \\left[ \\right] as parentheses and |…| as abs', () => {
    translates('\\left( x + 1 \\right)^2', '(x + 1)^2', ['x'], v => (v.x + 1) ** 2);
    translates('\\left[ y - 1 \\right]^2 + |x - 1|', '(y - 1)^2 + abs(x - 1)', ['x', 'y'], v => (v.y - 1) ** 2 + Math.abs(v.x - 1));
    translates('\\left| x \\right|', 'abs(x)', ['x'], v => Math.abs(v.x));
  });

  it('e^{…} and \\exp', () => {
    translates('e^{-x^2}', 'e^(-x^2)', ['x'], v => Math.exp(-(v.x ** 2)));
    translates('\\exp\\left(-\\frac{x^2}{2}\\right)', 'exp(-(x^2 / 2))', ['x'], v => Math.exp(-(v.x ** 2) / 2));
    translates('\\exp x', 'exp(x)', ['x'], v => Math.exp(v.x));
  });

  it('\\ln and \\log are natural logarithms; \\lg, \\log_{10}, \\log_2 have their bases', () => {
    translates('\\ln x + \\log(1 + y)', 'log(x) + log(1 + y)', ['x', 'y'], v => Math.log(v.x) + Math.log(1 + v.y));
    translates('\\log_{10} x + \\lg y', 'log10(x) + log10(y)', ['x', 'y'], v => Math.log10(v.x) + Math.log10(v.y));
    translates('\\log_2 x', 'log2(x)', ['x'], v => Math.log2(v.x));
  });

  it('trig and hyperbolic functions; \\sin^2 x is (sin x)^2', () => {
    translates('\\sin^2 x + \\cos^2 y', 'sin(x)^2 + cos(y)^2', ['x', 'y'], v => Math.sin(v.x) ** 2 + Math.cos(v.y) ** 2);
    translates('\\tan x + \\arctan y', 'tan(x) + atan(y)', ['x', 'y'], v => Math.tan(v.x) + Math.atan(v.y));
    translates('\\sinh x + \\cosh x + \\tanh x', 'sinh(x) + cosh(x) + tanh(x)', ['x'], v => Math.sinh(v.x) + Math.cosh(v.x) + Math.tanh(v.x));
    translates('\\tanh^2(x)', 'tanh(x)^2', ['x'], v => Math.tanh(v.x) ** 2);
    translates('\\sin x^2', 'sin(x^2)', ['x'], v => Math.sin(v.x ** 2));
  });

  it('Greek letters are variables; \\pi is pi', () => {
    translates('\\theta^2 + \\alpha \\beta', 'theta^2 + alpha * beta', ['alpha', 'beta', 'theta'], v => v.theta ** 2 + v.alpha * v.beta);
    translates('\\cos(2\\pi \\omega)', 'cos(2 * pi * omega)', ['omega'], v => Math.cos(2 * Math.PI * v.omega));
    // The parser reads \\gamma as the Euler–Mascheroni constant; in these texts it is a coefficient.
    translates('1 + \\gamma + \\gamma^2', '1 + gamma + gamma^2', ['gamma'], v => 1 + v.gamma + v.gamma ** 2);
    translates('\\varepsilon x', 'varepsilon * x', ['varepsilon', 'x'], v => v.varepsilon * v.x);
    // The parser reads \varphi as the golden ratio; a person writing it means a variable.
    translates('\\varphi^2', 'varphi^2', ['varphi'], v => v.varphi ** 2);
  });

  it('subscripts: x_1, x_{12}, \\theta_0 become x1, x12, theta0 (recorded); letter subscripts keep the underscore (not a new name)', () => {
    translates('x_1^2 + x_{12}', 'x1^2 + x12', ['x1', 'x12'], v => v.x1 ** 2 + v.x12, { x1: 'x_1', x12: 'x_{12}' });
    translates('\\theta_0 + \\theta_1 x', 'theta0 + theta1 * x', ['theta0', 'theta1', 'x'], v => v.theta0 + v.theta1 * v.x,
      { theta0: '\\theta_0', theta1: '\\theta_1' });
    translates('\\eta_t x', 'eta_t * x', ['eta_t', 'x'], v => v.eta_t * v.x);
    translates('x_{1} \\cdot x_{01}', 'x1 * x01', ['x01', 'x1'], v => v.x1 * v.x01, { x1: 'x_1', x01: 'x_{01}' });
    // A written name that would clash with a renamed subscript is not read as a variable.
    refuses('x_1 + \\mathrm{x1}');
  });

  it('\\mathbf, \\boldsymbol, \\mathrm, \\operatorname', () => {
    translates('\\mathrm{x}_1 + \\mathrm{y}', 'x1 + y', ['x1', 'y'], v => v.x1 + v.y);
    // Bold is a vector or a matrix: only a parameter of the left side, written through plain components.
    translates('L(\\boldsymbol{\\theta}) = (\\theta_1 - 1)^2 + \\theta_2^2', 'L(theta1, theta2) = (theta1 - 1)^2 + theta2^2', ['theta1', 'theta2'],
      v => (v.theta1 - 1) ** 2 + v.theta2 ** 2);
    refuses('\\mathbf{x}_1 + \\boldsymbol{\\theta}_2', /bold/);
    refuses('\\mathbf{x}^* = -\\mathbf{Q}^{-1} \\mathbf{c}', /bold/);
    refuses('\\mathbf{s}_t / t', /bold/);
    translates('\\mathrm{max}(x, 0) + \\operatorname{sign}(y)', 'max(x, 0) + sign(y)', ['x', 'y'], v => Math.max(v.x, 0) + Math.sign(v.y));
    translates('x \\cdot \\textrm{cos}(\\pi x)', 'x * cos(pi * x)', ['x'], v => v.x * Math.cos(Math.PI * v.x));
  });

  it('\\|w\\|^2 is a sum over the components written in the same formula', () => {
    translates('f(\\mathbf{w}) = w_1 + w_2 + \\|\\mathbf{w}\\|^2', 'f(w1, w2) = w1 + w2 + (w1^2 + w2^2)', ['w1', 'w2'],
      v => v.w1 + v.w2 + v.w1 ** 2 + v.w2 ** 2);
    translates('\\|w\\| + w_1 w_2', 'sqrt(w1^2 + w2^2) + w1 * w2', ['w1', 'w2'], v => Math.hypot(v.w1, v.w2) + v.w1 * v.w2);
  });

  it('\\sum and \\prod with literal bounds expand, the index substituted in subscripts', () => {
    translates('\\sum_{i=1}^{3} x_i^2', 'x1^2 + x2^2 + x3^2', ['x1', 'x2', 'x3'], v => v.x1 ** 2 + v.x2 ** 2 + v.x3 ** 2);
    translates('\\frac{1}{2}\\sum_{i=1}^{2} (x_i - 1)^2', '(1 / 2) * ((x1 - 1)^2 + (x2 - 1)^2)', ['x1', 'x2'],
      v => ((v.x1 - 1) ** 2 + (v.x2 - 1) ** 2) / 2);
    translates('\\sum_{i=1}^{2} \\lambda_i x_i^2', 'lambda1 * x1^2 + lambda2 * x2^2', ['lambda1', 'lambda2', 'x1', 'x2'],
      v => v.lambda1 * v.x1 ** 2 + v.lambda2 * v.x2 ** 2);
    translates('\\sum_{i=1}^{3} i x_i', '1 * x1 + 2 * x2 + 3 * x3', ['x1', 'x2', 'x3'], v => v.x1 + 2 * v.x2 + 3 * v.x3);
    translates('\\sum_{i=1}^{2} \\left[100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2\\right]',
      '(100 * (x2 - x1^2)^2 + (1 - x1)^2) + (100 * (x3 - x2^2)^2 + (1 - x2)^2)', ['x1', 'x2', 'x3'],
      v => 100 * (v.x2 - v.x1 ** 2) ** 2 + (1 - v.x1) ** 2 + 100 * (v.x3 - v.x2 ** 2) ** 2 + (1 - v.x2) ** 2);
    translates('\\prod_{i=1}^{2} (1 + x_i)', '(1 + x1) * (1 + x2)', ['x1', 'x2'], v => (1 + v.x1) * (1 + v.x2));
  });

  it('implicit multiplication: 2x, x y, 2\\pi x, x(1 - x) when x is a variable', () => {
    translates('2x + x y', '2 * x + x * y', ['x', 'y'], v => 2 * v.x + v.x * v.y);
    translates('2\\pi x', '2 * pi * x', ['x'], v => 2 * Math.PI * v.x);
    translates('xy', 'x * y', ['x', 'y'], v => v.x * v.y);
    translates('f(x) = x(1 - x)', 'f(x) = x * (1 - x)', ['x'], v => v.x * (1 - v.x));
    translates('x^2 (1 + \\sin x)', 'x^2 * (1 + sin(x))', ['x'], v => v.x ** 2 * (1 + Math.sin(v.x)));
  });

  it('definitions: the left side gives the name and the variable order', () => {
    translates('f(x) = \\frac{1}{2} x^2', 'f(x) = (1 / 2) * x^2', ['x'], v => v.x ** 2 / 2);
    translates('f(x_1, x_2) = x_1^2 + 2 x_2^2', 'f(x1, x2) = x1^2 + 2 * x2^2', ['x1', 'x2'], v => v.x1 ** 2 + 2 * v.x2 ** 2);
    translates('L(\\theta) = (\\theta - 3)^2', 'L(theta) = (theta - 3)^2', ['theta'], v => (v.theta - 3) ** 2);
    translates('\\sigma(x) = \\frac{1}{1 + e^{-x}}', 'sigma(x) = 1 / (1 + e^(-x))', ['x'], v => sigmoid(v.x));
    // y before x on the left: the signature keeps the person's order.
    translates('g(y, x) = x^2 y', 'g(y, x) = x^2 * y', ['y', 'x'], v => v.x ** 2 * v.y);
  });

  it('a vector parameter written through its components becomes those components', () => {
    translates('f(\\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2', 'f(x1, x2) = 0.1 * x1^2 + 2 * x2^2', ['x1', 'x2'], v => 0.1 * v.x1 ** 2 + 2 * v.x2 ** 2);
    translates('f(\\mathbf{x}, \\mathbf{w}) = (x_1 - w_1)^2 + 2 (x_2 - w_2)^2', 'f(x1, x2, w1, w2) = (x1 - w1)^2 + 2 * (x2 - w2)^2',
      ['x1', 'x2', 'w1', 'w2'], v => (v.x1 - v.w1) ** 2 + 2 * (v.x2 - v.w2) ** 2);
  });

  it('symbols the left side does not list follow its parameters', () => {
    translates('f(x) = \\cosh(cx)', 'f(x, c) = cosh(c * x)', ['x', 'c'], v => Math.cosh(v.c * v.x));
    translates('f(x) = \\frac{\\lambda}{2} x^2', 'f(x, lambda) = (lambda / 2) * x^2', ['x', 'lambda'], v => v.lambda / 2 * v.x ** 2);
  });

  it('\\, \\; \\! \\quad spacing and trailing punctuation are ignored', () => {
    translates('x\\,y \\; z \\! w', 'x * y * z * w', ['w', 'x', 'y', 'z'], v => v.x * v.y * v.z * v.w);
    translates('f(x) = x^3.', 'f(x) = x^3', ['x'], v => v.x ** 3);
    translates('x^2, \\quad', 'x^2', ['x'], v => v.x ** 2);
    translates('x^2 \\label{eq:sq} \\nonumber', 'x^2', ['x'], v => v.x ** 2);
  });

  it('= chains: the last side is the formula', () => {
    translates('x_{t+1} = x_t - \\eta \\lambda x_t = (1 - \\eta \\lambda) x_t', '(1 - eta * lambda) * x_t', ['eta', 'lambda', 'x_t'],
      v => (1 - v.eta * v.lambda) * v.x_t);
    translates('f(x) = (x + 1)^2 = x^2 + 2x + 1', 'f(x) = x^2 + 2 * x + 1', ['x'], v => (v.x + 1) ** 2);
    translates('\\sum_{i=0}^{t-1} \\beta^i = \\frac{1 - \\beta^t}{1 - \\beta}', '(1 - beta^t) / (1 - beta)', ['beta', 't'],
      v => (1 - v.beta ** v.t) / (1 - v.beta));
  });

  it('left sides only name the last side: derivatives, continued rows', () => {
    translates("f'(x) = 1 - \\tanh^2(x)", '1 - tanh(x)^2', ['x'], v => 1 - Math.tanh(v.x) ** 2);
    translates('\\frac{dg}{dx}(x) = 6x - 1', '6 * x - 1', ['x'], v => 6 * v.x - 1);
    translates('= 4\\left(x+1\\right)^{3}', '4 * (x + 1)^3', ['x'], v => 4 * (v.x + 1) ** 3);
  });

  it('a domain, condition or label after the formula is dropped', () => {
    translates('\\eta(t) = \\eta_0 \\cdot e^{-\\lambda t} \\quad \\textrm{exponential decay}', 'eta(t, eta0, lambda) = eta0 * e^(-lambda * t)',
      ['t', 'eta0', 'lambda'], v => v.eta0 * Math.exp(-v.lambda * v.t));
    translates('f(x) = x \\sin(2x) \\textrm{ for } 0 \\leq x \\leq 1', 'f(x) = x * sin(2 * x)', ['x'], v => v.x * Math.sin(2 * v.x));
    translates('x^2, \\quad \\text{if } x > 0', 'x^2', ['x'], v => v.x ** 2);
  });

  it('bold components of a vector parameter are scalars', () => {
    translates('f(\\mathbf{x}) = \\mathbf{x}_1^2 + 4\\mathbf{x}_2', 'f(x1, x2) = x1^2 + 4 * x2', ['x1', 'x2'], v => v.x1 ** 2 + 4 * v.x2);
  });

  it('numbers: 10^{-3}, 1.5, 3 \\times 10^{-4}', () => {
    translates('10^{-3} x + 1.5 y', '10^(-3) * x + 1.5 * y', ['x', 'y'], v => 1e-3 * v.x + 1.5 * v.y);
    translates('3 \\times 10^{-4} x', '3e-4 * x', ['x'], v => 3e-4 * v.x);
  });
});

describe('TeX → mathjs: refusals', () => {
  it('\\text other than spacing, or a domain after the formula', () => {
    refuses('\\text{loss}(x)', /text/);
    refuses('x^2 + \\text{const}');
    refuses('P(\\textrm{choose~} i) = 1 - (1-1/n)^n', /text/);
  });
  it('relations and approximations', () => {
    refuses('x \\le 1', /relation/);
    refuses('0 < \\eta \\lambda < 2');
    refuses('e^x \\approx 1 + x');
    refuses('f(x - \\eta f\'(x)) \\lessapprox f(x)');
    refuses('|1 - \\eta \\lambda| < 1');
  });
  it('\\nabla, integrals, limits, derivatives', () => {
    refuses('\\nabla f(\\mathbf{x}) = [2x_1, 4x_2]^\\top');
    refuses('\\int_0^1 x^2 \\, dx');
    refuses('\\lim_{x \\to 0} \\frac{\\sin x}{x}');
    refuses('\\frac{d}{dx} x^2');
    refuses('\\frac{\\partial f}{\\partial x_1}');
    refuses('\\nabla f(\\mathbf{x}) = \\frac{1}{n} \\sum_{i = 1}^n \\nabla f_i(\\mathbf{x})');
  });
  it('matrices, vectors, transposes and set notation', () => {
    refuses('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}');
    refuses('\\mathbf{x}^\\top \\mathbf{Q} \\mathbf{x}');
    refuses('\\mathbf{x} \\in \\mathbb{R}^d');
    refuses('\\mathbf{x} = [x_1, x_2]^\\top');
    refuses('(x_i, y_i)');
    refuses('\\{1, 2\\}');
  });
  it('assignments and updates, constants and equations with a constant side', () => {
    refuses('\\mathbf{x} \\leftarrow \\mathbf{x} - \\eta \\nabla f(\\mathbf{x})');
    refuses('\\eta = 0.01', /constant/);
    refuses('f(x) = 0', /constant/);
    refuses('\\frac{1}{1 - 0.9} = 10', /constant/);
  });
  it('a norm without explicit components', () => {
    refuses('\\frac{\\lambda}{2} \\|\\mathbf{w}\\|^2', /components/);
    refuses('f(\\mathbf{x}) = \\frac{1}{2} \\|\\mathbf{x}\\|^2', /components/);
    refuses('\\|x - y\\|^2', /norm/);
  });
  it('sums without literal bounds', () => {
    refuses('\\sum_{i=1}^n x_i^2', /bounds/);
    refuses('\\sum_i \\alpha_i', /bounds/);
    // The sum binds to its first term: the second term's x_i is outside the sum.
    refuses('\\sum_{i=1}^{2} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2', /outside/);
    refuses('f(x) = \\log \\sum_i \\exp(x_i)');
  });
  it('a name followed by parentheses that is not a variable: a call of an unknown function', () => {
    refuses('c(x + 1)', /call/);
    refuses('\\lambda f(x) + (1 - \\lambda) f(y)', /call/);
    refuses('\\operatorname{softplus}(x)');
    refuses('R(\\mathbf{x}) = E[f(\\boldsymbol{\\xi}, \\mathbf{x})]');
  });
  it('ambiguous or decorated notation', () => {
    refuses('\\sin^{-1} x', /ambiguous/);
    refuses('x^{(k)} - e^{(k)}', /index/);
    refuses('\\bar{x} + \\hat{y}');
    refuses('x^{\\ast}');
    refuses('\\mathcal{O}(\\epsilon^2)');
    refuses('1{,}5 x', /decimal comma/);
    refuses('a_{i,j}');
    refuses('M_{ij} = M_{ji}', /index pair/);
  });
  it('a single variable (or its negation) is not a formula to differentiate; f and g name functions', () => {
    refuses('\\eta', /single/);
    refuses('-f', /single/);
    refuses('\\mathrm{max}(f, g)', /function/);
    refuses('f^{-1}(y)');
    refuses('\\mathbf{A}\\mathbf{x}', /bold/);
    refuses('x_1', /single/);
    refuses('i = t', /single/);
    refuses('t-1', /index/);
    refuses('n + 1', /index/);
  });
  it('elided terms and empty input', () => {
    refuses('1 + \\gamma + \\gamma^2 + \\ldots');
    refuses('');
    refuses('\\quad');
  });
});

/**
 * Formulas as written in public optimisation notes (the d2l.ai optimisation chapter and the usual
 * test functions of LaTeX lecture notes), each with what the hover must read or that it must refuse.
 */
describe('TeX → mathjs: formulas from real notes', () => {
  it('translates the differentiable ones', () => {
    translates('f(x) = x \\cdot \\cos(cx)', 'f(x, c) = x * cos(c * x)', ['x', 'c'], v => v.x * Math.cos(v.c * v.x));
    translates('f(x) = \\log (\\exp(x) + \\exp(-2x -3))', 'f(x) = log(exp(x) + exp(-2 * x - 3))', ['x'],
      v => Math.log(Math.exp(v.x) + Math.exp(-2 * v.x - 3)));
    translates('f(\\mathbf{x})=0.1x_1^2+2x_2^2', 'f(x1, x2) = 0.1 * x1^2 + 2 * x2^2', ['x1', 'x2'], v => 0.1 * v.x1 ** 2 + 2 * v.x2 ** 2);
    translates('f(\\mathbf{x}) = 0.1 (x_1 + x_2)^2 + 2 (x_1 - x_2)^2', 'f(x1, x2) = 0.1 * (x1 + x2)^2 + 2 * (x1 - x2)^2', ['x1', 'x2'],
      v => 0.1 * (v.x1 + v.x2) ** 2 + 2 * (v.x1 - v.x2) ** 2);
    translates('f(x, y) = x^2 - y^2', 'f(x, y) = x^2 - y^2', ['x', 'y'], v => v.x ** 2 - v.y ** 2);
    translates('f(x) = \\mathrm{max}(|x|-1, 0)', 'f(x) = max(abs(x) - 1, 0)', ['x'], v => Math.max(Math.abs(v.x) - 1, 0));
    translates('f(x) = (x-1)^2', 'f(x) = (x - 1)^2', ['x'], v => (v.x - 1) ** 2);
    translates('f(x) = \\tanh(x)', 'f(x) = tanh(x)', ['x'], v => Math.tanh(v.x));
    translates('\\eta = \\frac{\\eta_0}{\\sqrt{t + c}}', 'eta0 / sqrt(t + c)', ['c', 'eta0', 't'], v => v.eta0 / Math.sqrt(v.t + v.c));
    translates('\\eta_t = \\eta_T + \\frac{\\eta_0 - \\eta_T}{2} \\left(1 + \\cos(\\pi t/T)\\right)',
      'eta_T + ((eta0 - eta_T) / 2) * (1 + cos(pi * t / T))', ['T', 'eta0', 'eta_T', 't'],
      v => v.eta_T + (v.eta0 - v.eta_T) / 2 * (1 + Math.cos(Math.PI * v.t / v.T)));
    translates('f(x+\\epsilon)= \\frac{1}{2} x^2 + \\epsilon x + \\frac{1}{2} \\epsilon^2', '(1 / 2) * x^2 + epsilon * x + (1 / 2) * epsilon^2',
      ['epsilon', 'x'], v => (v.x + v.epsilon) ** 2 / 2);
    translates('f(x_1, x_2) = 100 (x_2 - x_1^2)^2 + (1 - x_1)^2', 'f(x1, x2) = 100 * (x2 - x1^2)^2 + (1 - x1)^2', ['x1', 'x2'],
      v => 100 * (v.x2 - v.x1 ** 2) ** 2 + (1 - v.x1) ** 2);
    translates('f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2', 'f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2', ['x', 'y'],
      v => (v.x ** 2 + v.y - 11) ** 2 + (v.x + v.y ** 2 - 7) ** 2);
    translates('f(\\mathbf{x}) = 10 \\cdot 2 + \\sum_{i=1}^{2} \\left[x_i^2 - 10 \\cos(2 \\pi x_i)\\right]',
      'f(x1, x2) = 10 * 2 + (x1^2 - 10 * cos(2 * pi * x1)) + (x2^2 - 10 * cos(2 * pi * x2))', ['x1', 'x2'],
      v => 20 + v.x1 ** 2 - 10 * Math.cos(2 * Math.PI * v.x1) + v.x2 ** 2 - 10 * Math.cos(2 * Math.PI * v.x2));
    translates('\\ell(w, b) = \\frac{1}{2} (w x + b - y)^2', 'ell(w, b, x, y) = (1 / 2) * (w * x + b - y)^2', ['w', 'b', 'x', 'y'],
      v => (v.w * v.x + v.b - v.y) ** 2 / 2);
    translates('p(x) = \\frac{1}{\\sqrt{2\\pi s^2}}\\exp\\left(-\\frac{(x-m)^2}{2s^2}\\right)',
      'p(x, s, m) = (1 / sqrt(2 * pi * s^2)) * exp(-((x - m)^2 / (2 * s^2)))', ['x', 's', 'm'],
      v => Math.exp(-((v.x - v.m) ** 2) / (2 * v.s ** 2)) / Math.sqrt(2 * Math.PI * v.s ** 2));
    translates('\\sigma(z) = \\frac{1}{1 + \\exp(-z)}', 'sigma(z) = 1 / (1 + exp(-z))', ['z'], v => sigmoid(v.z));
    translates('J(\\theta_0, \\theta_1) = \\frac{1}{2}(\\theta_0 + 2\\theta_1 - 3)^2', 'J(theta0, theta1) = (1 / 2) * (theta0 + 2 * theta1 - 3)^2',
      ['theta0', 'theta1'], v => (v.theta0 + 2 * v.theta1 - 3) ** 2 / 2);
  });

  it('refuses the rest quietly', () => {
    for (const tex of [
      '\\mathbf{x} \\leftarrow \\mathbf{x} - \\eta \\nabla f(\\mathbf{x}).',
      'f(x + \\epsilon) = f(x) + \\epsilon f\'(x) + \\mathcal{O}(\\epsilon^2).',
      '\\mathbf{s}_t \\leftarrow \\gamma \\mathbf{s}_{t-1} + (1-\\gamma) \\mathbf{g}_t^2',
      '\\mathbf{v}_t = \\sum_{\\tau = 0}^{t-1} \\beta^{\\tau} \\mathbf{g}_{t-\\tau, t-\\tau-1}',
      'h(\\mathbf{x}) = \\frac{1}{2} \\mathbf{x}^\\top \\mathbf{Q} \\mathbf{x} + \\mathbf{x}^\\top \\mathbf{c} + b.',
      '\\lambda f(x) + (1-\\lambda) f(x\') \\geq f(\\lambda x + (1-\\lambda) x\').',
      'f(\\mathbf{x}) = \\frac{1}{n} \\sum_{i = 1}^n f_i(\\mathbf{x}).',
      '\\mathbf{g} \\leftarrow \\mathbf{g} \\cdot \\mathrm{min}(1, \\theta/\\|\\mathbf{g}\\|).',
      '\\left|e^{(k+1)}\\right| \\leq c (e^{(k)})^2.',
      'x^{(k+1)} = x^{(k)} - f\'(x^{(k)}) / f\'\'(x^{(k)})',
      '\\mathbf{H} \\stackrel{\\textrm{def}}{=} \\nabla^2 f(\\mathbf{x})',
      '\\int P(Y) P(X \\mid Y) dY = P(X)',
      'E[R(\\mathbf{x}_t)] \\geq E[R(\\bar{\\mathbf{x}})]',
      '\\{(x_1, y_1), \\ldots, (x_n, y_n)\\}',
      'f: \\mathbb{R}^d \\rightarrow \\mathbb{R}',
      '\\frac{1}{1 - 0.9} = 10',
      '\\beta_2 = 0.999',
    ]) refuses(tex);
  });
});
