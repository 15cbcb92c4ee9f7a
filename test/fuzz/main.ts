/**
 * `npm run fuzz [-- --seed N] [--budget-s S] [--section NAME] [--show N] [--case-timeout-s T]`
 *
 * A seeded fuzzer over the engine with a time budget split across six sections:
 *   expressions  grammar-generated, mutated presets and hostile inputs → parse → gradient → compile → run
 *   gradients    ∇f against central differences, then Richardson extrapolation, then sympy (when
 *                python3 has it); stencils across documented kinks are skipped; displayed texts must
 *                parse back to the evaluated function
 *   run          the run loop: every optimizer × convention, extreme hyperparameters and options
 *   protocol     random and mutated webview/host messages: never throw, unknown keys dropped
 *   csv          generated CSV texts against the RFC 4180 reference in csv.ts (and in random chunks)
 *   cli          bad command lines against dist/cli.js: exit code 2 and a message, never a stack trace
 * Prints a table and the first failing reproducers per section; exit code 1 on any crash, hang or
 * wrong value. "no gradient" counts partials that are NaN or ±∞ where f is finite for a documented
 * reason — an intermediate value of f is ±∞ (coth(x·coth(0/y))) or underflowed to 0 (cbrt(y^−300)),
 * so the chain rule has no finite number to give; the run stops there with "gradient not finite".
 * They are refusals, not wrong numbers, and are listed with their reproducers. The same seed gives the same cases (how many run depends on the machine's speed).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Rng } from './rng';
import { FN, GenOptions, Node, genExpr, toMathjs, usedVars } from './expr';
import { HOSTILE, mutate } from './hostile';
import { genCsv } from './csv';
import { AVAILABLE, cliLines, genProtocol, genRun } from './cases';
import { Pool } from './pool';
import type { Outcome, Request, SympyQuery } from './worker';
import { FUNCTIONS } from '../../src/core/expr/functions';
import { PRESETS } from '../../src/core/presets';

const SECTIONS = ['expressions', 'gradients', 'run', 'protocol', 'csv', 'cli'] as const;
type Section = (typeof SECTIONS)[number];
const WEIGHTS: Record<Section, number> = { expressions: 0.28, gradients: 0.28, run: 0.12, protocol: 0.04, csv: 0.12, cli: 0.16 };
const ROOT = path.resolve(__dirname, '../../..');

interface Args { seed: number; budgetS: number; sections: Section[]; show: number; caseTimeoutS: number }

function parseArgs(argv: string[]): Args {
  const a: Args = { seed: 1, budgetS: 120, sections: [...SECTIONS], show: 5, caseTimeoutS: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const num = (v: string): number => { const n = Number(v); if (!Number.isFinite(n) || v.trim() === '') usage(`${flag}: not a number: ${v}`); return n; };
    switch (flag) {
      case '--seed': a.seed = num(value()); break;
      case '--budget-s': a.budgetS = num(value()); break;
      case '--show': a.show = num(value()); break;
      case '--case-timeout-s': a.caseTimeoutS = num(value()); break;
      case '--section': {
        const names = value().split(',');
        for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) usage(`unknown section ${n} (known: ${SECTIONS.join(', ')})`);
        a.sections = names as Section[];
        break;
      }
      case '--help': case '-h': usage(); break;
      default: usage(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

function usage(problem?: string): never {
  if (problem) process.stderr.write(`fuzz: ${problem}\n`);
  process.stderr.write(`usage: npm run fuzz -- [--seed N] [--budget-s S] [--section ${SECTIONS.join('|')}[,…]] [--show N] [--case-timeout-s T]\n`);
  process.exit(2);
}

class Tally {
  cases = 0; ok = 0; rejected = 0; crashes = 0; hangs = 0; wrong = 0; skipped = 0; undefined = 0;
  failures = new Map<string, { count: number; example: string; status: string }>();
  notes = new Map<string, { count: number; example: string }>();
  extra = '';

  add(o: Outcome, reproducer: string): void {
    this.cases++;
    switch (o.status) {
      case 'ok': this.ok++; break;
      case 'rejected': this.rejected++; break;
      case 'skip': this.skipped++; break;
      case 'crash': this.crashes++; this.fail('crash', o.detail, reproducer); break;
      case 'wrong': this.wrong++; this.fail('wrong', o.detail, reproducer); break;
      case 'undefined': this.undefined++; this.fail('undefined', o.detail, reproducer); break;
    }
    if (o.note) {
      const key = groupKey(o.note);
      const n = this.notes.get(key) ?? { count: 0, example: `${o.note}  ← ${reproducer}` };
      n.count++;
      this.notes.set(key, n);
    }
  }
  hang(reproducer: string, ms: number): void {
    if (process.env.FUZZ_HANG_LOG) fs.appendFileSync(process.env.FUZZ_HANG_LOG, reproducer + '\n');
    this.cases++; this.hangs++;
    this.fail('hang', `no answer within ${ms / 1000} s (${reproducer.slice(0, 50)})`, reproducer);
  }
  private fail(status: string, detail: string | undefined, reproducer: string): void {
    const key = `${status}: ${groupKey(detail ?? '')}`;
    const f = this.failures.get(key) ?? { count: 0, example: `${detail ?? ''}\n      reproducer: ${reproducer}`, status };
    f.count++;
    this.failures.set(key, f);
  }
}

/** Failures with the same wording apart from numbers and quoted text count as one class. */
function groupKey(detail: string): string {
  return detail
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, 'Q')
    .replace(/ of .* at .*$/, '')
    .replace(/[-+]?\d[\d.e+-]*/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 90);
}

const clip = (s: string, n = 400): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const js = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x === undefined ? '<undefined>' : x));

// ---------------------------------------------------------------------------------------------

async function timed(pool: Pool, t: Tally, request: Request, reproducer: string, timeoutMs: number): Promise<Outcome[]> {
  let r = await pool.run(request, timeoutMs);
  if (r.kind === 'hang') {
    // Once more with four times the limit, so a loaded machine is not reported as a hang.
    await pool.warmUp();
    const started = Date.now();
    r = await pool.run(request, 4 * timeoutMs);
    if (r.kind === 'hang') { t.hang(reproducer, 4 * timeoutMs); await pool.warmUp(); return []; }
    t.notes.set(`slow ${reproducer}`, { count: 1, example: `slow: over ${timeoutMs / 1000} s once, then ${((Date.now() - started) / 1000).toFixed(1)} s  ← ${clip(reproducer, 200)}` });
  }
  if (r.kind === 'died') { t.add({ status: 'crash', detail: r.detail }, reproducer); await pool.warmUp(); return []; }
  for (const o of r.outcomes) t.add(o, reproducer);
  return r.outcomes;
}

const ALL_FUNCTIONS = [...FUNCTIONS.keys()];

async function expressions(rng: Rng, pool: Pool, t: Tally, until: number, timeoutMs: number): Promise<void> {
  const seeds = PRESETS.map(p => p.expression);
  const opts: GenOptions = { maxDepth: 5, kinkRate: 0.2, functions: ALL_FUNCTIONS };
  let hostile = 0;
  for (let i = 0; Date.now() < until; i++) {
    let source: string;
    let ast;
    // Half the cases hostile (the whole list first), a quarter mutations, a quarter grammar.
    if (i % 2 === 1) source = hostile < HOSTILE.length ? HOSTILE[hostile++] : rng.pick(HOSTILE);
    else if (i % 4 === 2) source = mutate(rng, rng.chance(0.5) ? rng.pick(seeds) : toMathjs(genExpr(rng, opts)));
    else { ast = genExpr(rng, opts); source = toMathjs(ast); }
    const specs = [rng.pick(AVAILABLE), rng.pick(AVAILABLE)];
    const request: Request = { kind: 'expr', source, ast, point: [rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(-3, 3)], specs, steps: rng.int(0, 50), hessian: rng.chance(0.15) };
    await timed(pool, t, request, `parseObjective(${clip(JSON.stringify(source))}) then f/∇f at ${request.point.map(v => v.toPrecision(4)).join(',')}, run ${specs.map(s => `${s.optimizer}/${s.convention}`).join('+')} for ${request.steps} steps`, timeoutMs);
  }
  t.extra = `hostile inputs run: ${hostile}/${HOSTILE.length}`;
}

function randomPoint(rng: Rng): number[] {
  const scale = rng.pick([1, 1, 1, 3, 0.01, 100]);
  return [0, 1, 2].map(() => {
    const v = rng.uniform(-scale, scale);
    return rng.chance(0.1) ? Math.round(v) : v; // integer points are where many kinks sit
  });
}

async function gradients(rng: Rng, pool: Pool, t: Tally, until: number, timeoutMs: number, queries: { q: SympyQuery; wrong: boolean }[]): Promise<void> {
  // First every whitelisted function alone and through the chain rule, at points across its
  // domain (those outside it are skipped): an independent check of each derivative rule.
  const X: Node = { k: 'var', n: 'x' }, Y: Node = { k: 'var', n: 'y' };
  const inner: Node = { k: 'bin', op: '+', a: { k: 'bin', op: '*', a: { k: 'num', v: 0.5 }, b: X }, b: { k: 'bin', op: '*', a: { k: 'num', v: 0.25 }, b: Y } };
  const tablePoints = [[0.3, 1.6], [0.7, 0.6], [1.3, 2.2], [2.5, 1.6], [-0.4, 0.6], [-1.7, 2.2], [-2.6, 1.6], [1.05, 3], [-1.2, -1.6], [4.5, 0.2]];
  for (const a of [X, inner]) {
    for (const f of ALL_FUNCTIONS) {
      const arity = FN[f]?.arity[0] ?? 1;
      const second: Node = f === 'nthRoot' ? { k: 'num', v: 3 } : Y;
      if (Date.now() >= until) return;
      const ast: Node = { k: 'fn', f, args: arity === 1 ? [a] : [a, second] };
      const source = toMathjs(ast);
      const points = tablePoints.map(p => (usedVars(ast).has('y') ? p : [p[0]]));
      const outcomes = await timed(pool, t, { kind: 'fd', source, ast, points }, `parseObjective(${JSON.stringify(source)}), points ${js(points)}`, timeoutMs);
      for (const o of outcomes) if (o.sympy) queries.push({ q: o.sympy, wrong: o.status === 'wrong' });
    }
  }
  // Then generated expressions, each built around one whitelisted function in turn.
  const opts: GenOptions = { maxDepth: 4, kinkRate: 0.08, functions: ALL_FUNCTIONS };
  for (let i = 0; Date.now() < until; i++) {
    const focus = ALL_FUNCTIONS[i % ALL_FUNCTIONS.length];
    const inner = genExpr(rng, { ...opts, maxDepth: 3 });
    const args = [inner];
    const arity = FN[focus]?.arity[0] ?? 1;
    for (let k = 1; k < arity; k++) args.push(genExpr(rng, { ...opts, maxDepth: 2 }));
    if (focus === 'nthRoot') args[1] = { k: 'num', v: rng.pick([2, 3, 5]) };
    let ast: Node = rng.chance(0.5)
      ? { k: 'fn', f: focus, args }
      : { k: 'bin', op: rng.pick(['+', '*', '-', '/'] as const), a: { k: 'fn', f: focus, args }, b: genExpr(rng, opts) };
    if (usedVars(ast).size === 0) ast = { k: 'bin', op: '*', a: ast, b: { k: 'var', n: 'x' } };
    const source = toMathjs(ast);
    const points = [randomPoint(rng), randomPoint(rng), randomPoint(rng)];
    const outcomes = await timed(pool, t, { kind: 'fd', source, ast, points }, `parseObjective(${clip(JSON.stringify(source))}), points ${js(points)}`, timeoutMs);
    for (const o of outcomes) if (o.sympy) queries.push({ q: o.sympy, wrong: o.status === 'wrong' });
  }
}

/** Settles the finite-difference disagreements with sympy; returns how many were re-classified. */
function settleWithSympy(t: Tally, queries: { q: SympyQuery; wrong: boolean }[], budgetMs: number): string {
  if (queries.length === 0) return 'sympy: nothing to settle';
  const probe = spawnSync('python3', ['-c', 'import sympy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `sympy: not available (${queries.length} disagreements settled by Richardson extrapolation only)`;
  // Disagreements the numbers call wrong first: those are the ones to confirm or clear.
  const batch = [...queries.filter(q => q.wrong), ...queries.filter(q => !q.wrong)].slice(0, 60);
  const r = spawnSync('python3', [path.join(ROOT, 'test/fuzz/sympy_check.py')], {
    input: JSON.stringify(batch.map(b => ({ expr: b.q.expr, variable: b.q.variable, point: b.q.point, timeout: 4 }))),
    encoding: 'utf8', timeout: budgetMs, maxBuffer: 1 << 24,
  });
  // One line per item; items after a timeout stay undecided.
  const values = (r.stdout ?? '').split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l) as number | null);
  if (values.length === 0 && r.status !== 0 && !r.error) return `sympy: failed (${clip(r.stderr, 200)})`;
  let confirmed = 0, cleared = 0, undecided = 0;
  batch.forEach((b, k) => {
    const s = values[k];
    const g = b.q.gradient;
    const repro = `parseObjective(${clip(JSON.stringify(b.q.source))}), ∂/∂${b.q.variable} at ${js(b.q.point)}`;
    if (s === null || s === undefined) { undecided++; return; }
    const agrees = Number.isFinite(g) && Math.abs(g - s) <= 1e-7 * Math.max(Math.abs(g), Math.abs(s)) + 1e-10;
    if (agrees && b.wrong) { t.wrong--; t.ok++; cleared++; dropFailure(t, b.q); }
    else if (!agrees && !b.wrong) {
      // The differences disagreed among themselves: sympy decides only if one of them agrees with it.
      const near = (v: number): boolean => Math.abs(v - s) <= 1e-4 * Math.max(Math.abs(v), Math.abs(s));
      if (!near(b.q.central) && !near(b.q.richardson)) { undecided++; return; }
      t.skipped--;
      t.add({ status: 'wrong', detail: `gradient ${g} but sympy gives ${s} (central difference ${b.q.central}, Richardson ${b.q.richardson})` }, repro);
      t.cases--;
      confirmed++;
    } else if (!agrees) confirmed++;
  });
  return `sympy: ${batch.length} disagreements re-checked: ${confirmed} confirmed wrong, ${cleared} cleared, ${undecided} without a real value or out of time`;
}

function dropFailure(t: Tally, q: SympyQuery): void {
  for (const [key, f] of t.failures) {
    if (f.example.includes(q.source)) { f.count--; if (f.count === 0) t.failures.delete(key); return; }
  }
}

async function runLoop(rng: Rng, pool: Pool, t: Tally, until: number, timeoutMs: number): Promise<void> {
  // Every optimizer × convention with its defaults, then with lr = 1e6 (must stop as diverged or
  // stay bounded), then random requests.
  const fixed: Extract<Request, { kind: 'run' }>[] = [
    ...AVAILABLE.map(spec => ({ kind: 'run' as const, expression: '(1 - x)^2 + 100*(y - x^2)^2', specs: [spec], options: { start: [-1.5, 2], steps: 1000 } })),
    ...AVAILABLE.map(spec => ({ kind: 'run' as const, expression: 'x^2 + y^2', specs: [{ ...spec, hyperparameters: { lr: 1e6 } }], options: { start: [-1.5, 1.8], steps: 500 } })),
  ];
  for (const request of fixed) {
    if (Date.now() >= until) return;
    await timed(pool, t, request, `runOptimizers(${JSON.stringify(request.expression)}, ${js(request.specs)}, ${js(request.options)})`, timeoutMs);
  }
  while (Date.now() < until) {
    const request = genRun(rng) as Extract<Request, { kind: 'run' }>;
    await timed(pool, t, request, `${request.async ? 'runOptimizersAsync' : 'runOptimizers'}(${JSON.stringify(request.expression)}, ${js(request.specs)}, ${js(request.options)})${request.async ? ` cancelled after ${request.async.cancelAfterMs} ms` : ''}`, timeoutMs);
  }
}

async function protocol(rng: Rng, pool: Pool, t: Tally, until: number, timeoutMs: number): Promise<void> {
  while (Date.now() < until) {
    const request = genProtocol(rng) as Extract<Request, { kind: 'protocol' }>;
    const fn = request.fn === 'webview' ? 'parseWebviewMessage' : request.fn === 'host' ? 'parseHostMessage' : 'checkPersistedState';
    await timed(pool, t, request, `${fn}(${clip(js(request.message), 600)})`, timeoutMs);
  }
}

async function csv(rng: Rng, pool: Pool, t: Tally, until: number, timeoutMs: number): Promise<void> {
  // Generated texts, then (in the last 30% of the section) a few large ones for time and memory.
  const wide = Array.from({ length: 30_000 }, (_, k) => `c${k}`);
  const big: string[] = [
    `${wide.join(',')}\n${wide.map(() => '1').join(',')}\n`,
    `x,y\n${'1,2\n'.repeat(200_000)}`,
    `x\r${'3\r'.repeat(1000)}`,
    `"x${'a'.repeat(100_000)}\n1\n`,
  ];
  const bigFrom = until - 0.3 * (until - Date.now());
  while (Date.now() < bigFrom) {
    const text = genCsv(rng);
    const n = rng.int(0, 3);
    const splits = Array.from({ length: n }, () => rng.int(0, text.length)).sort((a, b) => a - b);
    await timed(pool, t, { kind: 'csv', text, splits }, `parseCsv(${JSON.stringify(text)})${n ? ` / CsvParser.push in chunks split at ${js(splits)}` : ''}`, timeoutMs);
  }
  for (const text of big) {
    if (Date.now() >= until) return;
    await timed(pool, t, { kind: 'csv', text, splits: [] }, `parseCsv(<${text.length} chars: ${JSON.stringify(text.slice(0, 40))}…>)`, timeoutMs);
  }
}

interface Exit { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }

function runCli(cliPath: string, argv: string[], cwd: string, timeoutMs: number): Promise<Exit> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [cliPath, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < 1e6) stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 1e6) stderr += d.toString(); });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr, timedOut }); });
  });
}

/** Bad command lines, three processes at a time (each is mostly Node start-up). */
async function cli(rng: Rng, t: Tally, until: number, timeoutMs: number): Promise<void> {
  const cliPath = path.join(ROOT, 'dist/cli.js');
  if (!fs.existsSync(cliPath)) { t.extra = 'dist/cli.js missing: run `npm run build` first'; return; }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-fuzz-'));
  // Relative paths in the lines (media/datasets/…) point into the repository.
  fs.symlinkSync(path.join(ROOT, 'media'), path.join(tmp, 'media'));
  const lines = cliLines(rng);
  let next = 0;
  let ran = 0;
  const one = async (): Promise<void> => {
    while (next < lines.length && Date.now() < until) {
      const argv = lines[next++];
      ran++;
      const r = await runCli(cliPath, argv, tmp, timeoutMs);
      const repro = `node dist/cli.js ${argv.map(a => (/^[\w./=:,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ')}`;
      const err = r.stderr.trim();
      if (r.timedOut) t.hang(repro, timeoutMs);
      else if (/internal error|^\s+at .*:\d+:\d+\)?$|node:internal|FATAL ERROR|Native stack trace/im.test(err) || r.signal) {
        t.add({ status: 'crash', detail: `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${clip(err, 300)}` }, repro);
      } else if (r.status === 2 && err !== '') {
        t.add({ status: 'rejected', detail: err, note: err.split('\n').length > 3 ? `a ${err.split('\n').length}-line message` : undefined }, repro);
      } else if (r.status === 0) {
        t.add({ status: 'wrong', detail: `accepted (exit 0): ${clip(r.stdout.trim().split('\n').slice(0, 2).join(' | '), 160)}` }, repro);
      } else {
        t.add({ status: 'wrong', detail: `exit ${r.status} with message ${JSON.stringify(clip(err, 200))} (expected exit 2 and a message)` }, repro);
      }
    }
  };
  try {
    await Promise.all([one(), one(), one()]);
    t.extra = `command lines run: ${ran}/${lines.length}`;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(rows: [Section, Tally, number][]): void {
  const head = ['section', 'cases', 'ok', 'rejected', 'crashes', 'hangs', 'wrong', 'no gradient', 'skipped', 'time'];
  const body = rows.map(([s, t, ms]) => [s, t.cases, t.ok, t.rejected, t.crashes, t.hangs, t.wrong, t.undefined, t.skipped, `${(ms / 1000).toFixed(1)} s`].map(String));
  const total = rows.reduce((a, [, t, ms]) => a.map((v, k) => v + [0, t.cases, t.ok, t.rejected, t.crashes, t.hangs, t.wrong, t.undefined, t.skipped, ms][k]), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  body.push(['total', ...total.slice(1, 9).map(String), `${(total[9] / 1000).toFixed(1)} s`]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map(r => r[k].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of body) console.log(line(r));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const missing = ALL_FUNCTIONS.filter(f => !FN[f]);
  if (missing.length) console.log(`note: no reference for whitelisted function(s) ${missing.join(', ')}; they are fuzzed without value checks`);
  const root = new Rng(args.seed);
  const forks = Object.fromEntries(SECTIONS.map((s, k) => [s, root.fork(k + 1)])) as Record<Section, Rng>;
  const totalWeight = args.sections.reduce((a, s) => a + WEIGHTS[s], 0);
  const timeoutMs = args.caseTimeoutS * 1000;
  console.log(`fuzz: seed ${args.seed}, budget ${args.budgetS} s, sections ${args.sections.join(', ')}, per-case limit ${args.caseTimeoutS} s`);
  const pool = new Pool();
  await pool.warmUp();
  const rows: [Section, Tally, number][] = [];
  const notes: string[] = [];
  for (const s of args.sections) {
    const t = new Tally();
    const started = Date.now();
    const until = started + (args.budgetS * 1000 * WEIGHTS[s]) / totalWeight;
    const rng = forks[s];
    if (s === 'expressions') await expressions(rng, pool, t, until, timeoutMs);
    if (s === 'gradients') {
      // The last quarter of the section (at most 15 s) is kept for sympy.
      const queries: { q: SympyQuery; wrong: boolean }[] = [];
      const reserve = Math.min(15_000, (until - started) / 4);
      await gradients(rng, pool, t, until - reserve, timeoutMs, queries);
      t.extra = settleWithSympy(t, queries, Math.max(5_000, until - Date.now()));
    }
    if (s === 'run') await runLoop(rng, pool, t, until, timeoutMs);
    if (s === 'protocol') await protocol(rng, pool, t, until, timeoutMs);
    if (s === 'csv') await csv(rng, pool, t, until, timeoutMs);
    if (s === 'cli') await cli(rng, t, until, Math.max(timeoutMs, 30_000));
    rows.push([s, t, Date.now() - started]);
    process.stderr.write(`  ${s}: ${t.cases} cases, ${t.crashes + t.hangs + t.wrong} failures\n`);
    if (t.extra) notes.push(`${s}: ${t.extra}`);
  }
  await pool.close();
  console.log('');
  printTable(rows);
  console.log('');
  for (const n of notes) console.log(n);
  for (const [s, t] of rows) {
    if (t.failures.size === 0 && t.notes.size === 0) continue;
    console.log(`\n## ${s}: ${t.failures.size} class(es) of failures and gradients without a value`);
    [...t.failures.values()].slice(0, args.show).forEach((f, k) => console.log(`  ${k + 1}. [${f.status} ×${f.count}] ${f.example}`));
    if (t.failures.size > args.show) console.log(`  … and ${t.failures.size - args.show} more class(es) (--show N)`);
    if (t.notes.size) {
      console.log(`  notes (not failures):`);
      [...t.notes.values()].slice(0, args.show).forEach(n => console.log(`   - [×${n.count}] ${clip(n.example, 500)}`));
    }
  }
  const bad = rows.some(([, t]) => t.crashes + t.hangs + t.wrong > 0);
  process.exitCode = bad ? 1 : 0;
}

void main();
