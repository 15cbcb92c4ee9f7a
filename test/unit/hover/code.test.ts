import * as assert from 'assert';
import { HOVER_LANGUAGES } from '../../../src/core/hover';
import { unicodeToMathjs } from '../../../src/core/hover/unicode';
import { assertNone, assertSameFunction, detectAt } from './codeHelpers';

describe('hover detection in code: reading the host language', function () {
  this.timeout(60000);

  describe('statements', () => {
    it('reads the right-hand side of an assignment (Python)', async () => {
      const f = assertSameFunction(await detectAt('python', 'loss = (y - t)**2 / 2\n', 'y -'), '(y - t)^2 / 2');
      assert.strictEqual(f.origin, 'code');
    });

    it('reads a statement over several lines (open brackets and a backslash)', async () => {
      const text = 'z = (a +\n     b**2) * \\\n    c\n';
      const f = assertSameFunction(await detectAt('python', text, 'b**2'), '(a + b^2) * c');
      assert.strictEqual(text.slice(f.start, f.end), '(a +\n     b**2) * \\\n    c');
    });

    it('reads a multi-line sum whole, not its first term (JavaScript)', async () => {
      assertSameFunction(await detectAt('javascript', 'const s = x * x\n  + y * y\n  + z * z;\n', 'y * y'), 'x^2 + y^2 + z^2');
    });

    it('reads a returned value', async () => {
      assertSameFunction(await detectAt('go', 'package m\nimport "math"\nfunc f(x float64) float64 {\n\treturn math.Exp(-x) * x\n}\n', 'Exp'), 'exp(-x) * x');
    });

    it('a function header with a block body shows nothing; its return line shows the formula (Python, Go)', async () => {
      const py = 'def bowl(u, v):\n    """A bowl."""\n    return 3*u**2 + v**2\n';
      assertNone(await detectAt('python', py, 'bowl'), /header/);
      assertSameFunction(await detectAt('python', py, '3*u'), '3*u^2 + v^2');
      assertNone(await detectAt('go', 'package m\nfunc G(t float64) float64 {\n\treturn 2 * t * t\n}\n', 'G('), /header/);
      // An expression body is the formula itself.
      assertSameFunction(await detectAt('python', 'g = lambda s: 4 * s**3\n', 'lambda'), '4 * s^3');
    });

    it("reads Julia's f(x) = … definition and its function … return … end", async () => {
      assertSameFunction(await detectAt('julia', 'f(x, y) = x^2 + 3y\n', '3y'), 'x^2 + 3*y');
      const text = 'function rosen(x)\n    return (1 - x[1])^2 + 100 * (x[2] - x[1]^2)^2\nend\n';
      assertSameFunction(await detectAt('julia', text, '100'), '(1 - x1)^2 + 100 * (x2 - x1^2)^2');
    });

    it("reads R's <- assignment and a function body", async () => {
      assertSameFunction(await detectAt('r', 'y <- exp(-x^2) * 2\n', 'exp'), 'exp(-x^2) * 2');
      const text = 'rosen <- function(x) {\n  (1 - x[1])^2 + 100 * (x[2] - x[1]^2)^2\n}\n';
      assertSameFunction(await detectAt('r', text, '100'), '(1 - x1)^2 + 100 * (x2 - x1^2)^2');
    });

    it("reads a Rust block's tail expression and methods (.powi, .sin)", async () => {
      assertSameFunction(await detectAt('rust', 'fn f(x: f64) -> f64 {\n    x.powi(3) + (2.0 * x).sin()\n}\n', 'powi'), 'x^3 + sin(2 * x)');
    });

    it('reads an arrow function body (TypeScript) and drops type assertions', async () => {
      assertSameFunction(await detectAt('typescript', 'const f = (t: number): number => (t * t) as number;\n', 't * t'), 't^2');
    });

    it('reads an argument of a call that is no formula itself (plot(x, exp(-x^2)))', async () => {
      assertSameFunction(await detectAt('python', 'plt.plot(x, np.exp(-x**2))\n', 'exp'), 'exp(-x^2)');
    });

    it('reads C/C++ with its own parser: std::pow, declarations, returns', async () => {
      assertSameFunction(await detectAt('cpp', 'double f(double x) {\n  const double y = std::pow(x, 2) + sin(x) / 2.0;\n  return y;\n}\n', 'pow'), 'x^2 + sin(x) / 2');
    });

    it('reads MATLAB: .^ and .* are elementwise powers and products, x(1) an element', async () => {
      const f = assertSameFunction(await detectAt('matlab', 'f = @(x) (1 - x(1)).^2 + 100*(x(2) - x(1).^2).^2; % Rosenbrock\n', '100'),
        '(1 - x1)^2 + 100 * (x2 - x1^2)^2');
      assert.deepStrictEqual(f.renamed, { x1: 'x[1]', x2: 'x[2]' });
    });

    it("follows MATLAB's left-associative ^ (2^3^2 is 64)", async () => {
      assertSameFunction(await detectAt('matlab', 'y = x^3^2;\n', 'x^'), 'x^6');
    });
  });

  describe("translation with the host language's meaning", () => {
    it('a if c else b → c ? a : b (Python)', async () => {
      assertSameFunction(await detectAt('python', 'y = x if x > 0 else 0.1 * x\n', 'if'), 'x > 0 ? x : 0.1 * x');
    });

    it('c ? a : b stays a conditional (JavaScript)', async () => {
      assertSameFunction(await detectAt('javascript', 'const y = x > 0 ? x * x : -x;\n', '?'), 'x > 0 ? x^2 : -x');
    });

    it('--t is t − 1 in everything evaluated after it (JavaScript easing)', async () => {
      // easeOutCubic: --t * t * t + 1 = (t − 1)³ + 1.
      assertSameFunction(await detectAt('javascript', 'function easeOutCubic(t) { return --t * t * t + 1 }\n', '--t'), '(t - 1)^3 + 1');
    });

    it('t++ is the old t, later reads see t + 1 (JavaScript)', async () => {
      assertSameFunction(await detectAt('javascript', 'y = t++ * t;\n', 't++'), 't * (t + 1)');
    });

    it('++t next to another read of t is refused in C (unsequenced)', async () => {
      assertNone(await detectAt('c', 'y = ++t * t;\n', '++t'), /unsequenced/);
    });

    it('s += f shows the value the statement computes (s + f)', async () => {
      assertSameFunction(await detectAt('julia', 's += (x[1] - 1)^2\n', '- 1'), 's + (x1 - 1)^2');
      assertSameFunction(await detectAt('python', 'total *= 2 * x + 1\n', '2 *'), 'total * (2 * x + 1)');
    });

    it('an accumulator stepping by a constant or a single name shows nothing (res <- res + 0.5, i += 1, s += x)', async () => {
      // These are loop bookkeeping; their "formula" (res + 0.5) has the gradient 1 and says nothing.
      assertNone(await detectAt('r', 'res <- res + 0.5\n', '0.5'), /accumulator/);
      assertNone(await detectAt('python', 'i += 1\n', '1'), /accumulator/);
      assertNone(await detectAt('javascript', 's += x;\n', 'x'), /accumulator/);
    });

    it('^ is XOR in Python, JavaScript, C, Go and Rust: no hover', async () => {
      assertNone(await detectAt('python', 'z = a ^ b + 1\n', '^'), /XOR/);
      assertNone(await detectAt('javascript', 'z = a ^ 2;\n', '^'), /XOR/);
      assertNone(await detectAt('c', 'z = a ^ 2;\n', '^'), /XOR/);
      assertNone(await detectAt('go', 'package m\nfunc f(a int) int { return a ^ 2 }\n', '^'), /XOR/);
      assertNone(await detectAt('rust', 'fn f(a: i32) -> i32 { a ^ 2 }\n', '^'), /XOR/);
    });

    it('^ is a power in Julia, R and MATLAB', async () => {
      assertSameFunction(await detectAt('julia', 'y = x^2 + 1\n', 'x^'), 'x^2 + 1');
      assertSameFunction(await detectAt('r', 'y <- x^2 + 1\n', 'x^'), 'x^2 + 1');
      assertSameFunction(await detectAt('matlab', 'y = x^2 + 1;\n', 'x^'), 'x^2 + 1');
    });

    it('** is a power in Python, JavaScript and R', async () => {
      assertSameFunction(await detectAt('python', 'y = 2 * x**3\n', '**'), '2 * x^3');
      assertSameFunction(await detectAt('javascript', 'const y = 2 * x ** 3;\n', '**'), '2 * x^3');
      assertSameFunction(await detectAt('r', 'y <- 2 * x**3\n', '**'), '2 * x^3');
    });

    it('pow, Math.pow, std::pow, math.Pow, .powf() are powers', async () => {
      assertSameFunction(await detectAt('python', 'y = pow(x, 3) + 1\n', 'pow'), 'x^3 + 1');
      assertSameFunction(await detectAt('javascript', 'const y = Math.pow(x, 3) + 1;\n', 'pow'), 'x^3 + 1');
      assertSameFunction(await detectAt('cpp', 'double y = std::pow(x, 3) + 1;\n', 'pow'), 'x^3 + 1');
      assertSameFunction(await detectAt('go', 'package m\nimport "math"\nvar y = math.Pow(x, 3) + 1\n', 'Pow'), 'x^3 + 1');
      assertSameFunction(await detectAt('rust', 'fn f(x: f64) -> f64 { x.powf(0.5) + 1.0 }\n', 'powf'), 'x^0.5 + 1');
    });

    it('np./math./torch./jnp./Math. functions map to mathjs names', async () => {
      assertSameFunction(await detectAt('python', 'y = np.exp(x) + math.log(x) + np.log10(x) + torch.tanh(x) + jnp.arctan(x)\n', 'exp'),
        'exp(x) + log(x) + log10(x) + tanh(x) + atan(x)');
      assertSameFunction(await detectAt('javascript', 'const y = Math.hypot(x, 3) + Math.sqrt(x);\n', 'hypot'), 'hypot(x, 3) + sqrt(x)');
    });

    it("Julia's log(b, x) is the logarithm of x in base b; atan(y, x) is atan2", async () => {
      assertSameFunction(await detectAt('julia', 'y = log(2, x) + atan(x, 2)\n', 'log'), 'log(x, 2) + atan2(x, 2)');
    });

    it("Python's // is floor division and % the floored modulo", async () => {
      assertSameFunction(await detectAt('python', 'y = x // 2 + x % 3\n', '//'), 'floor(x / 2) + mod(x, 3)');
    });

    it('% in JavaScript is a truncated remainder (not mathjs mod): no hover', async () => {
      assertNone(await detectAt('javascript', 'const y = x % 3 + 1;\n', '%'), /truncated/);
    });

    it('integer literals divided in C or Go are an integer division: no hover', async () => {
      assertNone(await detectAt('c', 'double y = 1/2 * x;\n', '1/2'), /integer division/);
      assertNone(await detectAt('go', 'package m\nvar y = 1/2 * x\n', '1/2'), /integer division/);
    });

    it("round() that rounds half to even (Python, JavaScript's half up) is refused; C's is kept", async () => {
      assertNone(await detectAt('python', 'y = round(x) + 1\n', 'round'), /round/);
      assertNone(await detectAt('javascript', 'const y = Math.round(x) + 1;\n', 'round'), /round/);
      assertSameFunction(await detectAt('c', 'double y = round(x) + 1;\n', 'round'), 'round(x) + 1');
    });

    it('constants: math.pi, np.e, Math.PI, math.Pi, M_PI, Rust consts::PI, and a bare pi in Julia/R/MATLAB', async () => {
      assertSameFunction(await detectAt('python', 'y = math.pi * x + np.e\n', 'pi'), 'pi * x + e');
      assertSameFunction(await detectAt('javascript', 'const y = Math.PI * x;\n', 'PI'), 'pi * x');
      assertSameFunction(await detectAt('cpp', 'double y = M_PI * x;\n', 'M_PI'), 'pi * x');
      assertSameFunction(await detectAt('rust', 'use std::f64::consts::PI;\nfn f(x: f64) -> f64 { PI * x }\n', 'PI *'), 'pi * x');
      assertSameFunction(await detectAt('julia', 'y = π * x + pi\n', 'π'), 'pi * x + pi');
      assertSameFunction(await detectAt('r', 'y <- pi * x\n', 'pi'), 'pi * x');
    });

    it("a name e (a parameter, an assignment) is a variable, not Euler's number", async () => {
      const f = assertSameFunction(await detectAt('javascript', 'function easeIn(t, e) { return Math.pow(t, e) }\n', 'pow'), 't^e_');
      assert.deepStrictEqual(f.renamed, { e_: 'e' });
      const g = assertSameFunction(await detectAt('python', 'e = 3\ny = e * x + 1\n', 'e *'), 'e_ * x + 1');
      assert.deepStrictEqual(g.renamed, { e_: 'e' });
    });

    it('from math import e makes a bare e the constant (Python)', async () => {
      assertSameFunction(await detectAt('python', 'from math import e\ny = e ** x + 1\n', 'e **'), 'exp(x) + 1');
    });

    it('pi assigned in scope is a variable in Julia', async () => {
      const f = assertSameFunction(await detectAt('julia', 'pi = 3\ny = pi * x\n', 'pi *'), 'pi_ * x');
      assert.deepStrictEqual(f.renamed, { pi_: 'pi' });
    });

    it('x[1], x[0] and MATLAB x(1) become variables x1, x0 (recorded in renamed)', async () => {
      const f = assertSameFunction(await detectAt('python', 'y = x[0]**2 + x[1]**2\n', 'x[0]'), 'x0^2 + x1^2');
      assert.deepStrictEqual(f.renamed, { x0: 'x[0]', x1: 'x[1]' });
      assertSameFunction(await detectAt('matlab', 'y = x(1)^2 + x(2);\n', 'x(1)'), 'x1^2 + x2');
      assertSameFunction(await detectAt('julia', 'y = A[1, 2] * 2\n', 'A['), 'A1_2 * 2');
    });

    it('an index that is not a literal, a negative index, or a generated name that clashes: no hover', async () => {
      assertNone(await detectAt('python', 'y = x[i]**2 + 1\n', 'x[i]'), /literal/);
      assertNone(await detectAt('python', 'y = x[-1]**2 + 1\n', 'x[-1]'), /negative/);
      assertNone(await detectAt('python', 'y = x[1]**2 + x1\n', 'x[1]'), /also a name/);
    });

    it('sum over an explicit list or a comprehension with literal bounds expands', async () => {
      assertSameFunction(await detectAt('python', 'y = sum([a**2, b**2, 3])\n', 'sum'), 'a^2 + b^2 + 3');
      assertSameFunction(await detectAt('python', 'y = np.sum([x[i]**2 for i in range(3)])\n', 'sum'), 'x0^2 + x1^2 + x2^2');
      assertSameFunction(await detectAt('python', 'y = sum((x[i] - 1)**2 for i in range(1, 3))\n', 'sum'), '(x1 - 1)^2 + (x2 - 1)^2');
      assertSameFunction(await detectAt('julia', 'f(x) = sum(x[i]^2 for i in 1:3)\n', 'sum'), 'x1^2 + x2^2 + x3^2');
    });

    it('sum over an array of unknown length: no hover, with a reason', async () => {
      assertNone(await detectAt('python', 'y = np.sum(x**2)\n', 'sum'), /unknown length/);
      assertNone(await detectAt('python', 'y = sum(x[i]**2 for i in range(n))\n', 'sum'), /literal/);
    });

    it('chained comparisons and and/or inside a condition', async () => {
      assertSameFunction(await detectAt('python', 'y = x if 0 < x < 1 else 0\n', 'if'), '(0 < x) and (x < 1) ? x : 0');
    });

    it('a user-defined function call is not a maths function: no hover', async () => {
      assertNone(await detectAt('python', 'def g(x):\n    return x\n\ny = g(x) + 1\n', 'g(x) +'));
    });

    it('a string, an import, a lone name or number: no hover', async () => {
      assertNone(await detectAt('python', 'y = "a - b"\n', 'a -'), /string/);
      assertNone(await detectAt('python', 'import numpy as np\n', 'numpy'));
      assertNone(await detectAt('python', 'y = x\n', 'x'));
      assertNone(await detectAt('javascript', 'const n = 42;\n', '42'));
    });
  });

  describe('comments and docstrings', () => {
    it('maths in a comment is read as text (^ is a power there)', async () => {
      const f = assertSameFunction(await detectAt('python', 'y = 0  # f(x) = x^2 + 3*y\n', 'x^2'), 'x^2 + 3*y');
      assert.strictEqual(f.origin, 'text');
    });

    it('a number glued to a name in a comment is a product (2x, 3x*y), a code literal suffix is not', async () => {
      assertSameFunction(await detectAt('python', 'y = 0  # f(x) = 2x^2 + 3x*y\n', 'x^2'), '2*x^2 + 3*x*y');
      assertSameFunction(await detectAt('plaintext', 'g = 1.5a + b\n', 'a +'), '1.5*a + b');
      assertNone(await detectAt('c', 'double y = 2x + 1;\n', 'x +'));
    });

    it('TeX in a docstring is delegated to the TeX reader', async () => {
      const f = assertSameFunction(await detectAt('python', 'def f(x):\n    """Computes $\\frac{x^2}{2}$."""\n    return x\n', 'frac'), 'x^2 / 2');
      assert.strictEqual(f.origin, 'tex');
    });

    it('tool comments are quiet: eslint-disable, noqa, type: ignore', async () => {
      assertNone(await detectAt('javascript', '// eslint-disable-next-line no-console\nconsole.log(x)\n', 'disable'));
      assertNone(await detectAt('python', 'import x  # noqa: E402\n', 'noqa'));
      assertNone(await detectAt('python', 'y = f(x)  # type: ignore\n', 'ignore'));
    });

    it('prose with only - or / between words, banners and version strings are quiet', async () => {
      assertNone(await detectAt('python', '# SGD/Momentum based\n', 'SGD'));
      assertNone(await detectAt('python', '# forward - backward\n', 'forward'));
      assertNone(await detectAt('python', '# ===== OPTIMIZERS =====\n', 'OPT'));
      assertNone(await detectAt('python', '# requires v1.2-rc1\n', 'v1'));
    });
  });

  describe('Unicode maths', () => {
    it('×, ·, −, ², ³, √, π, θ in text', async () => {
      assertSameFunction(await detectAt('plaintext', 'A = π·r² + 2θ − √x × y³\n', 'π'), 'pi * r^2 + 2 * theta - sqrt(x) * y^3');
    });

    it('unicodeToMathjs rewrites the symbols for the CLI and the input box', () => {
      assert.strictEqual(unicodeToMathjs('π*x^2'), 'pi*x^2');
      assert.strictEqual(unicodeToMathjs('x² − 2·x'), 'x^2 - 2*x');
      assert.strictEqual(unicodeToMathjs('√(x+1) × θ₀'), 'sqrt(x+1) * theta0');
      assert.strictEqual(unicodeToMathjs('x⁻¹'), 'x^(-1)');
      assert.strictEqual(unicodeToMathjs('plain x + 1'), 'plain x + 1');
    });

    it('Unicode identifiers in code are named in mathjs (θ → theta)', async () => {
      assertSameFunction(await detectAt('python', 'y = θ**2 + 1\n', 'θ'), 'theta^2 + 1');
    });
  });

  it('lists the languages it reads', () => {
    for (const id of ['python', 'javascript', 'typescript', 'go', 'rust', 'julia', 'r', 'c', 'cpp', 'matlab', 'markdown', 'latex', 'plaintext']) {
      assert.ok(HOVER_LANGUAGES.includes(id), id);
    }
  });
});
