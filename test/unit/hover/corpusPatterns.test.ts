/**
 * One test per pattern the real-file corpus taught (formulas written for these tests): whole
 * statements or nothing, constants the file binds, Julia read by the own parser, JavaScript
 * assignments inside an expression, Rust literal conversions, maths written as text in comments.
 */
import * as assert from 'assert';
import { assertNone, assertSameFunction, detectAt } from './codeHelpers';

describe('hover detection: patterns from real files', () => {
  describe('a piece of a formula is never shown for the whole', () => {
    it('an unknown call inside a formula refuses the statement (not its argument)', async () => {
      assertNone(await detectAt('javascript', 'function f(t) {\n  return 2 - wobble(3 - t);\n}\n', '3 - t'));
      assertNone(await detectAt('python', 'def f(t):\n    return 1 + helper(t * 4) * 2\n', 't * 4'));
    });

    it('a NumPy reduction with axis= refuses, its inner expression included', async () => {
      assertNone(await detectAt('python', 'def f(v):\n    return np.sum(v**3 + 2 * np.sin(v), axis=0)\n', 'v**3'));
    });

    it('an argument of a display call (print, plot) may show on its own', async () => {
      assertSameFunction(await detectAt('python', 'plt.plot(t, np.exp(-t**2) * 3)\n', 'exp'), 'exp(-t^2) * 3');
      assertNone(await detectAt('python', 'plt.plot(t, np.exp(-t**2) * 3)\n', 'plot'));
    });

    it('Python arrays: a formula over a whole array (typed parameter, slice, np.arange) shows nothing; a component does', async () => {
      const text = 'def f(v: np.ndarray):\n    a = np.take(v, 0, axis=-1)\n    b = np.take(v, idx, axis=-1)\n'
        + '    w = v[:, 1]\n    c = np.cos(v / 3)\n    d = np.power(b, 2)\n    e2 = 2 * w + 1\n    return 3 * a ** 2 + v[1]\n'
        + 'def g(v):\n    return v ** 2 + 1\n';
      assertNone(await detectAt('python', text, 'np.cos'), /array/);
      assertNone(await detectAt('python', text, 'np.power(b'), /array/);
      assertNone(await detectAt('python', text, '2 * w'), /array/);
      assertSameFunction(await detectAt('python', text, '3 * a'), '3 * a^2 + v1');
      // The same name untyped in another function is a number.
      assertSameFunction(await detectAt('python', text, 'v ** 2'), 'v^2 + 1');
      // A reduction gives a number; a lambda's parameter is not the module's array.
      const mod = 'def h(v: np.ndarray):\n    s = np.sum(v * np.arange(3), axis=-1)\n    return s**2 + 2 * s\n'
        + 'u = np.arange(5)\nq = lambda u: 3 * u**2\n';
      assertSameFunction(await detectAt('python', mod, 's**2'), 's^2 + 2 * s');
      assertSameFunction(await detectAt('python', mod, '3 * u'), '3 * u^2');
    });

    it('a module-qualified maths function is that function (d2l.cos, lib.exp)', async () => {
      assertSameFunction(await detectAt('python', 'def f(z, k):\n    return z * book.cos(k * z) + lib.exp(-z)\n', 'k * z'),
        'z * cos(k * z) + exp(-z)');
    });

    it('console.log and logger.log are no logarithms', async () => {
      assertNone(await detectAt('javascript', 'console.log(s * 2 + 1);\n', 'console'));
      assertNone(await detectAt('python', 'logger.log(s * 2 + 1)\n', 'logger'));
      assertSameFunction(await detectAt('javascript', 'console.log(s * 2 + 1);\n', 's * 2'), 's * 2 + 1');
    });

    it('and / or inside arithmetic refuse (Python gives an operand, not a truth value)', async () => {
      assertNone(await detectAt('python', 'y = (u and 2) * v + 1\n', 'v +'));
      assertNone(await detectAt('javascript', 'const y = (u || 3) * v + 1;\n', 'v +'));
      assertSameFunction(await detectAt('python', 'y = u * 2 if u > 0 and u < 4 else 0\n', 'u * 2'), '(u > 0 and u < 4) ? u * 2 : 0');
    });

    it('a clamp of a variable and Number.EPSILON show nothing', async () => {
      assertNone(await detectAt('javascript', 'q = q < Number.EPSILON ? Number.EPSILON : q;\n', 'EPSILON'));
      assertNone(await detectAt('javascript', 'q = q > 500 ? 500 : q;\n', '500'));
    });
  });

  describe('constants the file binds', () => {
    it('JavaScript aliases of Math functions and constants', async () => {
      const text = 'var pow = Math.pow, sin = Math.sin, PI = Math.PI;\nfunction f(s) {\n  return 2 - pow(2 - s, 3) * sin(PI * s);\n}\n';
      assertSameFunction(await detectAt('javascript', text, 'pow(2'), '2 - (2 - s)^3 * sin(pi * s)');
      // A constant derived from an alias is no formula (no variable).
      assertNone(await detectAt('javascript', 'var PI = Math.PI;\nvar k = (5 * PI) / 3;\n', '5 *'));
    });

    it('Python pi = np.pi and from numpy import pi keep π', async () => {
      assertSameFunction(await detectAt('python', 'pi = np.pi\nw = np.cos(3 * pi * s) + s\n', 'cos'), 'cos(3 * pi * s) + s');
      assertSameFunction(await detectAt('python', 'from numpy import pi\ndef f(s):\n    return np.sin(pi * s) * 2\n', 'sin'),
        'sin(pi * s) * 2');
    });

    it('a lower-case name bound to a number stays a variable (Python)', async () => {
      assertSameFunction(await detectAt('python', 'k = 3.0\ndef f(x):\n    return x**2 / k\n', 'x**2'), 'x^2 / k');
    });

    it("C's math.h macros (M_PI_2, M_1_PI) and a #define close to π are π", async () => {
      assertSameFunction(await detectAt('c', 'double f(double p) { return cos(p * M_PI_2) * 3 + p * M_1_PI; }\n', 'cos'),
        'cos(p * pi / 2) * 3 + p / pi');
      const text = '#define PI 3.141592654\n#define HALF 0.5\ndouble g(double t) { return sin(t * PI * 2.5) + HALF * t; }\n';
      assertSameFunction(await detectAt('cpp', text, 'sin'), 'sin(t * pi * 2.5) + 0.5 * t');
    });

    it('a C const double with a value is substituted; one that depends on a variable is not', async () => {
      const text = 'const double K = 2 * M_PI;\ndouble f(double t) {\n  const double g = (3 * t - 1);\n  return g * g + K * t;\n}\n';
      assertSameFunction(await detectAt('c', text, 'g * g'), 'g^2 + 2 * pi * t');
    });
  });

  describe('Julia (own parser)', () => {
    it('a numeric coefficient binds looser than ^ and tighter than /: 4x^2 is 4(x^2)', async () => {
      assertSameFunction(await detectAt('julia', 'q(x) = 4x^2 - 5x + 2\n', '4x'), '4 * x^2 - 5 * x + 2');
      assertSameFunction(await detectAt('julia', 'r(x) = 1/2x + 3\n', '1/2x'), '1 / (2 * x) + 3');
    });

    it('a bracket followed by a factor multiplies it: -(7x^2 - x)exp(-x)', async () => {
      assertSameFunction(await detectAt('julia', 'p(x) = -(7x^2 - x)exp(-x)\n', 'exp'), '-(7 * x^2 - x) * exp(-x)');
    });

    it('a short function with a ternary; a chained comparison', async () => {
      assertSameFunction(await detectAt('julia', 'h(x) = x <= 2.5 ? (x - 1)^2 : 4log(x) + 1\n', 'log'),
        'x <= 2.5 ? (x - 1)^2 : 4 * log(x) + 1');
      assertSameFunction(await detectAt('julia', 'h(x) = 0 < x < 1 ? x^3 : 0.0\n', 'x^3'), '(0 < x and x < 1) ? x^3 : 0');
      assertSameFunction(await detectAt('julia', 'k(x) = x ≤ 1 ? x^2 : 2x - 1\n', 'x^2'), 'x <= 1 ? x^2 : 2 * x - 1');
    });

    it('a statement continued after a trailing operator is read whole from either line', async () => {
      const text = 'function g!(s, x)\n    s[1] = 3.0 * x[1] -\n        6.0 * x[2]^2\nend\n';
      assertSameFunction(await detectAt('julia', text, '3.0'), '3 * x1 - 6 * x2^2');
      assertSameFunction(await detectAt('julia', text, '6.0'), '3 * x1 - 6 * x2^2');
      assertNone(await detectAt('julia', text, 'function'));
      assertNone(await detectAt('julia', text, 'end'));
    });

    it('broadcast operators, sum over a generator, comments and docstrings', async () => {
      assertSameFunction(await detectAt('julia', 'y = x .^ 2 .+ 3 .* x\n', 'x .^'), 'x^2 + 3 * x');
      assertSameFunction(await detectAt('julia', 'f(x) = sum(x[k]^4 for k in 1:3)\n', 'sum'), 'x1^4 + x2^4 + x3^4');
      assertSameFunction(await detectAt('julia', 'f(x) = sum([(x[k] - 1)^2 for k = 1:2])\n', 'sum'), '(x1 - 1)^2 + (x2 - 1)^2');
      assertNone(await detectAt('julia', '# a comment about x - y\nz = 1\n', 'about'));
      assertSameFunction(await detectAt('julia', '"""\nThe bowl ``f(x) = 3x^2``.\n"""\nf(x) = 3x^2\n', '= 3x^2\n'), '3 * x^2');
    });

    it('a function the file defines, a % remainder, a type annotation or a slice: no hover', async () => {
      assertNone(await detectAt('julia', 'w(x) = x + 1\ny = 3 * w(t) + t\n', '3 *'));
      assertNone(await detectAt('julia', 'y = t % 3 + t\n', '% 3'));
      assertNone(await detectAt('julia', 'y = x[:, 1] .^ 2 .+ 1\n', '.^'));
    });
  });

  describe('JavaScript and Rust', () => {
    it('JavaScript compound assignment inside an expression: (s -= 1.5) * s', async () => {
      assertSameFunction(await detectAt('javascript', 'function f(s) {\n  return 4 * (s -= 1.5) * s + 2;\n}\n', '4 *'),
        '4 * (s - 1.5)^2 + 2');
      assertSameFunction(await detectAt('javascript', 'function f(s) {\n  return (s /= 2) * s;\n}\n', 's /='), '(s / 2)^2');
    });

    it('a compound assignment inside an expression in C refuses (unsequenced)', async () => {
      assertNone(await detectAt('c', 'double f(double s) { return 4 * (s -= 1.5) * s; }\n', '4 *'));
    });

    it('Rust literal conversions (lit::<F>(2.0), F::from(0.5)) and consts are numbers', async () => {
      const text = 'use std::f64::consts::FRAC_PI_2;\nfn f<F: Float>(t: F) -> F {\n  lit::<F>(1.5) * t * t + (t * lit::<F>(FRAC_PI_2)).sin() + F::from(3.0 / 4.0)\n}\n';
      assertSameFunction(await detectAt('rust', text, 'lit::<F>(1.5)'), '1.5 * t^2 + sin(t * pi / 2) + 0.75');
    });
  });

  describe('maths as text in comments', () => {
    it('brackets multiply what follows them: (1/3)((3x)^2 - 1), (1/2)2^(4x)', async () => {
      assertSameFunction(await detectAt('c', '// y = (1/3)((3x)^2 - 1)  ; [0, 1]\nint a;\n', '(1/3)'), '1 / 3 * ((3 * x)^2 - 1)');
      assertSameFunction(await detectAt('c', '// y = (1/2)2^(4(x - 1))\nint a;\n', '(1/2)'), '0.5 * 2^(4 * (x - 1))');
    });

    it('a formula after words of prose: "shaped like the quartic y = x^4", "the cubic x^3"', async () => {
      assertSameFunction(await detectAt('c', '// Shaped like the quartic y = 2 - x^4\nint a;\n', 'quartic'), '2 - x^4');
      assertSameFunction(await detectAt('c', '// Shaped like the cubic x^3\nint a;\n', 'x^3'), 'x^3');
      assertNone(await detectAt('c', '// forward and backward passes\nint a;\n', 'forward'));
    });

    it('a link or a path in a comment is quiet', async () => {
      assertNone(await detectAt('matlab', '% see example.info/docs/ackley\nx = 1;\n', 'example'));
    });
  });

  it('TypeScript <T>expr casts are read (the cast does not change the value)', async () => {
    const text = 'const G = <Group>{\n  In(s: number): number {\n    return s * (3 - s)\n  },\n}\n';
    assertSameFunction(await detectAt('typescript', text, '(3 - s)'), 's * (3 - s)');
    assertSameFunction(await detectAt('typescript', 'const v = <number>(k * 2) + k;\n', 'k * 2'), 'k * 2 + k');
  });

  it('an index name like x0 clashes only with a name in the same formula, not elsewhere in the file', async () => {
    const text = 'def grad(x):\n    g = np.zeros(2)\n    g[0] = 6*x[0]*(x[1] - 2*x[0]**3)\n    return g\nx0 = np.ones(2)\n';
    assertSameFunction(await detectAt('python', text, '6*x'), '6 * x0 * (x1 - 2 * x0^3)');
  });

  it('a TeX display broken over rows with \\\\ before an operator is one formula', async () => {
    const text = "#' \\deqn{f(x) = \\left(1 + x^2\\right)\\\\ \\qquad \\cdot \\left(2 + x\\right)}\nf <- function(x) x\n";
    assertSameFunction(await detectAt('r', text, '1 + x'), '(1 + x^2) * (2 + x)');
    assertSameFunction(await detectAt('r', text, '2 + x'), '(1 + x^2) * (2 + x)');
  });

  it('R return(value) shows the value', async () => {
    const text = 'f <- function(x) {\n  a <- x[1] * 2\n  return(a + x[2]^2)\n}\n';
    const d = await detectAt('r', text, 'a + x');
    assertSameFunction(d, 'a + x2^2');
    assert.ok(d.found);
  });
});
