/**
 * `npm run bench:derivatives` (dev only): how the displayed partial derivatives compare in size
 * with a computer-algebra system's. For each expression, the operation count of each displayed
 * partial (the same count sympy's count_ops makes: one per operator, call or negation) against the
 * simplest of sympy's diff, simplify(diff) and factor(diff) (scripts/sympy-ops.py, /usr/bin/python3
 * with python3-sympy). Prints a table and the share of partials within 1.2× sympy's count.
 * `npm run bench:derivatives -- --corpus` does the same for the corpus's labelled functions (only
 * the partials over 1.2× are listed; `--verbose` lists all).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Test functions and common ML losses (mathjs syntax). */
const EXPRESSIONS = [
  ['Rosenbrock', '(1 - x)^2 + 100*(y - x^2)^2'],
  ['Rosenbrock 3-D', '100*(y - x^2)^2 + (1 - x)^2 + 100*(z - y^2)^2 + (1 - y)^2'],
  ['Beale', '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2'],
  ['Booth', '(x + 2*y - 7)^2 + (2*x + y - 5)^2'],
  ['Himmelblau', '(x^2 + y - 11)^2 + (x + y^2 - 7)^2'],
  ['Ackley', '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20'],
  ['Rastrigin', '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)'],
  ['Goldstein-Price', '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))'],
  ['Styblinski-Tang', '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y) / 2'],
  ['Matyas', '0.26*(x^2 + y^2) - 0.48*x*y'],
  ['Three-hump camel', '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2'],
  ['Six-hump camel', '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2'],
  ['McCormick', 'sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1'],
  ['Easom', '-cos(x)*cos(y)*exp(-((x - pi)^2 + (y - pi)^2))'],
  ['Levi N.13', 'sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)'],
  ['Schaffer N.2', '0.5 + (sin(x^2 - y^2)^2 - 0.5) / (1 + 0.001*(x^2 + y^2))^2'],
  ['Bohachevsky', 'x^2 + 2*y^2 - 0.3*cos(3*pi*x) - 0.4*cos(4*pi*y) + 0.7'],
  ['Sphere 3-D', 'x^2 + y^2 + z^2'],
  ['Zakharov', 'x^2 + y^2 + (0.5*x + y)^2 + (0.5*x + y)^4'],
  ['Dixon-Price', '(x - 1)^2 + 2*(2*y^2 - x)^2'],
  ['Trid', '(x - 1)^2 + (y - 1)^2 - x*y'],
  ['Powell (2 terms)', '(x + 10*y)^2 + 5*(z - w)^2'],
  ['Sigmoid', '1 / (1 + exp(-x))'],
  ['Softplus', 'log(1 + exp(x))'],
  ['Logistic loss', 'log(1 + exp(-y*(w*x + b)))'],
  ['Squared error', '(w*x + b - y)^2'],
  ['Cauchy loss', 'log(1 + (x - y)^2)'],
  ['Swish', 'x / (1 + exp(-x))'],
  ['GELU (tanh)', '0.5*x*(1 + tanh(0.7978845608*(x + 0.044715*x^3)))'],
  ['Gaussian', 'exp(-(x^2 + y^2) / 2)'],
  ['x log x', 'x*log(x) + y*log(y)'],
  ['Softmax cross-entropy', '-log(exp(a) / (exp(a) + exp(b)))'],
  ['Quadratic form', '3*x^2 + 2*x*y + 5*y^2 - 4*x + y'],
  ['tanh product', 'tanh(x*y) + x^3*y'],
  ['Inverse', '1 / (x^2 + y^2 + 1)'],
];

async function loadEngine() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-derivatives-'));
  const outfile = join(dir, 'engine.cjs');
  await esbuild.build({
    stdin: {
      contents: [
        "export { parseObjective } from './src/core/expr';",
        "export { countOperations } from './src/core/expr/polish';",
        "export { math } from './src/core/expr/mathjs';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error',
  });
  const engine = createRequire(import.meta.url)(outfile);
  rmSync(dir, { recursive: true, force: true });
  return engine;
}

function sympyCounts(requests) {
  const input = requests.map(r => JSON.stringify(r)).join('\n') + '\n';
  const res = spawnSync('/usr/bin/python3', [join(root, 'scripts', 'sympy-ops.py')], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (res.status !== 0) {
    console.error(res.stderr || 'python3 failed (is python3-sympy installed?)');
    process.exit(2);
  }
  return res.stdout.trim().split('\n').map(l => JSON.parse(l));
}

/**
 * `--corpus`: instead of the list above, every function labelled in test/hover-corpus/labels (what
 * the hover shows on the corpus's real files), each partial with a symbolic text; expressions sympy
 * cannot read (conditionals, comparisons) or does not simplify within 20 s are counted apart.
 */
function corpusExpressions() {
  const dir = join(root, 'test', 'hover-corpus', 'labels');
  const seen = new Set();
  for (const file of readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
    const { formulas } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const l of formulas) for (const e of [l.expr, ...(l.alt ?? [])]) if (e && e !== '*') seen.add(e);
  }
  return [...seen].map(e => [e.length > 24 ? `${e.slice(0, 21)}…` : e, e]);
}

const corpus = process.argv.includes('--corpus');
const engine = await loadEngine();
const rows = [];
const requests = [];
for (const [name, source] of corpus ? corpusExpressions() : EXPRESSIONS) {
  const r = engine.parseObjective(source);
  if (!r.ok) {
    if (corpus) continue; // a label can be a lone constant or a sum the hover notes but does not show
    throw new Error(`${name}: ${r.error.message}`);
  }
  if (r.value.variables.length === 0 || r.value.gradient.some(g => !g.text)) continue;
  requests.push({ f: source, vars: r.value.variables, seconds: corpus ? 20 : 0 });
  rows.push({ name, objective: r.value });
}
const sympy = sympyCounts(requests);
const table = [];
let within = 0;
let total = 0;
let unread = 0;
rows.forEach(({ name, objective }, i) => {
  if (!Array.isArray(sympy[i])) {
    unread += objective.gradient.length;
    return;
  }
  objective.gradient.forEach((g, j) => {
    const ours = engine.countOperations(engine.math.parse(g.text));
    const theirs = sympy[i][j].ops;
    const ratio = ours / Math.max(1, theirs);
    const ok = ratio <= 1.2;
    total++;
    if (ok) within++;
    table.push({ name, v: g.variable, ours, theirs, ratio, ok, text: g.text, sympy: sympy[i][j].text });
  });
});

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`${pad('expression', 24)} ${pad('∂', 3)} ${lpad('ours', 5)} ${lpad('sympy', 6)} ${lpad('ratio', 6)}  `);
for (const t of table) {
  if (corpus && t.ok && !process.argv.includes('--verbose')) continue;
  console.log(`${pad(t.name, 24)} ${pad(t.v, 3)} ${lpad(t.ours, 5)} ${lpad(t.theirs, 6)} ${lpad(t.ratio.toFixed(2), 6)} ${t.ok ? ' ' : '✗'} ${t.text}`);
  if (!t.ok || process.argv.includes('--verbose')) console.log(`${pad('', 24)}       sympy: ${t.sympy}`);
}
console.log(`\n${within} of ${total} partial derivatives (${((100 * within) / total).toFixed(1)}%) within 1.2× the operations of the simplest of sympy's diff/simplify/factor (${rows.length} expressions${corpus ? `, the corpus's labelled functions; ${unread} partials of functions sympy could not read or simplify in 20 s not counted` : ''}).`);
