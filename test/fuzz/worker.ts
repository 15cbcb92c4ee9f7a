/**
 * Runs one fuzz case at a time inside a worker thread, so the main thread can time it out (a hang)
 * and survive a crash. Every case returns outcomes; an exception escaping the code under test is
 * caught here and reported as a crash with the top of its stack.
 */
import { parentPort } from 'worker_threads';
import { parseObjective, CompiledObjective } from '../../src/core/expr';
import { DEFAULT_GROWTH_FACTOR, DEFAULT_GROWTH_UPDATES, objectiveSource, runOptimizers, runOptimizersAsync, traceToJson, RunOptions, RunSpec, Trace } from '../../src/core/run';
import { parseWebviewMessage, parseHostMessage, checkPersistedState, STOP_REASONS } from '../../src/core/protocol';
import { CsvParser, parseCsv } from '../../src/core/data/csv';
import { evaluate, Node, toSympy, usedVars } from './expr';
import { referenceParse } from './csv';

/** 'undefined': a gradient that is not finite where f is, for a documented reason (see Evaluation.undefinedBecause). */
export type Status = 'ok' | 'rejected' | 'crash' | 'wrong' | 'skip' | 'undefined';
export interface Outcome {
  status: Status;
  detail?: string;
  /** A remark that is not a failure (a poor message, a false rejection). */
  note?: string;
  /** Gradient checks the finite differences could not settle: asked of sympy afterwards. */
  sympy?: SympyQuery;
}
export interface SympyQuery {
  expr: string; variable: string; point: Record<string, number>; gradient: number; central: number; richardson: number; source: string;
}

export type Request =
  | { kind: 'expr'; source: string; ast?: Node; point: number[]; specs: RunSpec[]; steps: number; hessian: boolean }
  | { kind: 'fd'; source: string; ast: Node; points: number[][] }
  | { kind: 'run'; expression: string; specs: RunSpec[]; options: RunOptions & { start: number[] }; async?: { cancelAfterMs: number } }
  | { kind: 'protocol'; fn: 'webview' | 'host' | 'persisted'; message: unknown }
  | { kind: 'csv'; text: string; splits: number[] };

const EPS = 2 ** -52;
const stackTop = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message} ${(e.stack ?? '').split('\n').slice(1, 3).map(l => l.trim()).join(' ')}` : String(e));
const POOR_MESSAGE = /\bundefined\b|\[object /;
const same = (a: number, b: number, rtol: number, atol = 0): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol;

function rejection(error: { message?: unknown }, what: string): Outcome {
  const m = error?.message;
  if (typeof m !== 'string' || m.trim() === '') return { status: 'wrong', detail: `${what}: rejected without a message` };
  if (/internal error/i.test(m)) return { status: 'crash', detail: `${what}: ${m}` };
  return { status: 'rejected', detail: m, note: POOR_MESSAGE.test(m) ? `poor message: ${m.slice(0, 200)}` : undefined };
}

// ---------------------------------------------------------------------------------------------
// 1. Expressions: parse → gradient → compile → run

function exprCase(r: Extract<Request, { kind: 'expr' }>): Outcome[] {
  const parsed = parseObjective(r.source);
  if (!parsed.ok) return [rejection(parsed.error, 'parseObjective')];
  const obj = parsed.value;
  const out: Outcome[] = [];
  const x = obj.variables.map((_, i) => r.point[i % r.point.length]);
  const f = obj.f(x);
  const g = new Float64Array(obj.variables.length);
  obj.grad(x, g);
  if (typeof f !== 'number') out.push({ status: 'wrong', detail: `f returned ${typeof f}` });
  if (r.ast && obj.variables.every(v => /^[xyz]$/.test(v))) {
    // The compiled f against the definitions, where both are finite.
    const env: Record<string, number> = {};
    obj.variables.forEach((v, i) => { env[v] = x[i]; });
    const ref = evaluate(r.ast, env);
    if (Number.isFinite(ref.value) && Number.isFinite(f) && !same(f, ref.value, 1e-9, 1e-9 * ref.magnitude)) {
      out.push({ status: 'wrong', detail: `f = ${f} but the definition gives ${ref.value} at ${fmtPoint(env)}` });
    }
  }
  if (r.hessian) {
    const h = obj.hessian();
    if (h.ok) h.value.evaluate(x, new Float64Array(x.length * x.length));
    else out.push(rejection(h.error, 'hessian'));
  }
  const run = runOptimizers(objectiveSource(obj.f, obj.grad, obj.variables.length), r.specs, { start: x.map(v => (Number.isFinite(v) ? v : 0)), steps: r.steps });
  if (!run.ok) {
    const o = rejection(run.error, 'runOptimizers');
    out.push(o.status === 'rejected' ? { status: 'wrong', detail: `runOptimizers rejected a valid request: ${o.detail}` } : o);
  }
  if (out.length === 0) out.push({ status: 'ok' });
  return out;
}

const fmtPoint = (env: Record<string, number>): string => Object.entries(env).map(([k, v]) => `${k}=${v}`).join(',');

// ---------------------------------------------------------------------------------------------
// 2. Gradients against finite differences, Richardson extrapolation, then sympy

function fdCase(r: Extract<Request, { kind: 'fd' }>): Outcome[] {
  const parsed = parseObjective(r.source);
  if (!parsed.ok) return [rejection(parsed.error, 'parseObjective')];
  const obj = parsed.value;
  const vars = obj.variables;
  const mine = usedVars(r.ast);
  if (vars.some(v => !mine.has(v)) || mine.size !== vars.length) return [{ status: 'skip', detail: `variables ${vars.join(',')} but the expression uses ${[...mine].join(',')}` }];
  const out: Outcome[] = [];
  let displayChecked = false;
  for (const p of r.points) {
    const x = vars.map((_, i) => p[i]);
    const env = (xs: number[]): Record<string, number> => Object.fromEntries(vars.map((v, i) => [v, xs[i]]));
    const f0 = obj.f(x);
    const ref0 = evaluate(r.ast, env(x));
    if (!Number.isFinite(f0)) { out.push({ status: 'skip', detail: 'outside the domain' }); continue; }
    if (ref0.illConditioned) { out.push({ status: 'skip', detail: 'ill-conditioned (a periodic function of a huge argument)' }); continue; }
    if (Number.isFinite(ref0.value) && !same(f0, ref0.value, 1e-9, 1e-9 * ref0.magnitude)) {
      out.push({ status: 'wrong', detail: `f = ${f0} but the definition gives ${ref0.value} at ${fmtPoint(env(x))}: ${r.source}` });
      continue;
    }
    const g = new Float64Array(vars.length);
    obj.grad(x, g);
    for (let i = 0; i < vars.length; i++) {
      if (!Number.isFinite(g[i]) && ref0.undefinedBecause) {
        out.push({ status: 'undefined', detail: `${ref0.undefinedBecause}: ∂/∂${vars[i]} is ${g[i]} of ${r.source} at ${fmtPoint(env(x))}` });
      } else out.push(checkPartial(obj, r, x, i, g[i], f0, ref0.signature, ref0.magnitude, env, ref0.nondifferentiable));
    }
    if (!displayChecked) {
      displayChecked = true;
      out.push(...displayCheck(obj, x, g));
    }
  }
  return out;
}

function checkPartial(
  obj: CompiledObjective, r: { source: string; ast: Node }, x: number[], i: number, gi: number, f0: number,
  sig0: number[], magnitude: number, env: (xs: number[]) => Record<string, number>, nondiff: boolean,
): Outcome {
  const where = `∂/∂${obj.variables[i]} of ${r.source} at ${fmtPoint(env(x))}`;
  if (nondiff) return { status: 'skip', detail: 'power of a non-positive base' };
  const at = (d: number): number[] => { const y = x.slice(); y[i] = x[i] + d; return y; };
  const scale = Math.max(1, Math.abs(x[i]));
  const h = 6e-6 * scale;
  const h0 = 1e-3 * scale;
  // A stencil that straddles a kink, a pole or a branch switch is not checked (documented kinks).
  for (const d of [h, -h, h0, -h0, h0 / 2, -h0 / 2, h0 / 4, -h0 / 4]) {
    const e = evaluate(r.ast, env(at(d)));
    if (e.nondifferentiable || e.signature.length !== sig0.length || e.signature.some((v, k) => !Object.is(v, sig0[k]))) return { status: 'skip', detail: 'kink' };
  }
  const D = (step: number): { d: number; fs: number } => {
    const xp = x[i] + step, xm = x[i] - step;
    const fp = obj.f(at(step)), fm = obj.f(at(-step));
    return { d: (fp - fm) / (xp - xm), fs: Math.max(Math.abs(fp), Math.abs(fm)) };
  };
  const c = D(h);
  if (!Number.isFinite(c.d)) return { status: 'skip', detail: 'domain edge' };
  const noise = (fs: number, step: number): number => 200 * EPS * Math.max(fs, Math.abs(f0), magnitude) / step;
  if (Number.isFinite(gi) && same(gi, c.d, 1e-5, noise(c.fs, h))) return { status: 'ok' };
  // The quotient's own truncation error, estimated from halving the step (it shrinks 4× per halving):
  // a fast oscillation (sin(460·z)) needs it.
  const half = D(h / 2);
  const truncation = (4 / 3) * Math.abs(c.d - half.d);
  if (Number.isFinite(gi) && Number.isFinite(half.d) && same(gi, half.d, 1e-5, noise(half.fs, h / 2) + 2 * truncation)) return { status: 'ok' };
  const d1 = D(h0), d2 = D(h0 / 2), d3 = D(h0 / 4);
  const rich = (64 * d3.d - 20 * d2.d + d1.d) / 45;
  const richNoise = 30 * noise(Math.max(d1.fs, d2.fs, d3.fs), h0 / 4);
  if (Number.isFinite(gi) && Number.isFinite(rich) && same(gi, rich, 1e-6, richNoise)) return { status: 'ok' };
  const numericAgree = Number.isFinite(rich) && same(c.d, rich, 1e-4, richNoise + noise(c.fs, h));
  const detail = `${where}: gradient ${gi}, central difference ${c.d}, Richardson ${rich}`;
  const vars: Record<string, number> = env(x);
  return {
    status: numericAgree ? 'wrong' : 'skip',
    detail,
    sympy: { expr: toSympy(r.ast), variable: obj.variables[i], point: vars, gradient: gi, central: c.d, richardson: rich, source: r.source },
  };
}

/**
 * Display ⇔ evaluation: f's text and every partial's text parse back to what is evaluated, wherever
 * the evaluated value is finite (a NaN gradient is a refusal the run reports; the text may show its limit).
 */
function displayCheck(obj: CompiledObjective, x: number[], g: Float64Array): Outcome[] {
  const out: Outcome[] = [];
  const items = [{ what: 'f', text: obj.text, value: obj.f(x) }, ...obj.gradient.map((p, i) => ({ what: `∂f/∂${p.variable}`, text: p.symbolic ? p.text : '', value: g[i] }))];
  for (const it of items) {
    if (it.text === '' || it.text.length > 4000 || !Number.isFinite(it.value)) continue;
    const back = parseObjective(it.text, { variables: obj.variables });
    if (!back.ok) {
      if (/no variables|does not use|not used/i.test(back.error.message)) continue;
      out.push({ status: 'wrong', detail: `display: ${it.what} text "${it.text}" of ${obj.source} does not parse back: ${back.error.message}` });
      continue;
    }
    const v = back.value.f(x);
    if (!same(v, it.value, 1e-9, 1e-12)) {
      out.push({ status: 'wrong', detail: `display: ${it.what} of ${obj.source} is shown as "${it.text}", which gives ${v}; evaluated ${it.value} at ${x.join(',')}` });
    } else out.push({ status: 'ok' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. The run loop

/** Run fixtures repeat: parse each once. */
const parsedRunFixtures = new Map<string, ReturnType<typeof parseObjective>>();

async function runCase(r: Extract<Request, { kind: 'run' }>): Promise<Outcome[]> {
  let parsed = parsedRunFixtures.get(r.expression);
  if (!parsed) { parsed = parseObjective(r.expression); parsedRunFixtures.set(r.expression, parsed); }
  if (!parsed.ok) return [{ status: 'wrong', detail: `the run fixture does not parse: ${parsed.error.message}` }];
  const obj = parsed.value;
  const source = objectiveSource(obj.f, obj.grad, obj.variables.length);
  let result;
  if (r.async) {
    const signal = { cancelled: false };
    const timer = setTimeout(() => { signal.cancelled = true; }, r.async.cancelAfterMs);
    try {
      result = await runOptimizersAsync(source, r.specs, { ...r.options, signal, yieldToEventLoop: () => new Promise<void>(res => setImmediate(res)) });
    } finally {
      clearTimeout(timer);
    }
  } else result = runOptimizers(source, r.specs, r.options);
  if (!result.ok) return [rejection(result.error, 'run')];
  const out: Outcome[] = [];
  const f0 = obj.f(r.options.start);
  const traces: Trace[] = result.value;
  if (traces.length !== r.specs.length) out.push({ status: 'wrong', detail: `${traces.length} traces for ${r.specs.length} runs` });
  for (const t of traces) {
    const name = `${t.optimizer}/${t.convention}`;
    const last = t.count - 1;
    if (t.count < 1) { out.push({ status: 'wrong', detail: `${name}: no records` }); continue; }
    if (t.steps[0] !== 0) out.push({ status: 'wrong', detail: `${name}: first record is step ${t.steps[0]}` });
    if (t.steps[last] !== t.stop.step) out.push({ status: 'wrong', detail: `${name}: last record step ${t.steps[last]} but stop.step ${t.stop.step}` });
    if (!(STOP_REASONS as readonly string[]).includes(t.stop.reason)) out.push({ status: 'wrong', detail: `${name}: stop reason ${t.stop.reason}` });
    if (t.stop.reason === 'max-steps' && t.stop.step !== r.options.steps) out.push({ status: 'wrong', detail: `${name}: max-steps at ${t.stop.step} of ${r.options.steps}` });
    if (!same(t.loss[0], f0, 0)) out.push({ status: 'wrong', detail: `${name}: loss[0] ${t.loss[0]} but f(start) ${f0}` });
    for (let d = 0; d < t.dim; d++) if (!same(t.path[d], r.options.start[d], 0)) out.push({ status: 'wrong', detail: `${name}: path[0] is not the start` });
    const lf = t.loss[last];
    if (t.stop.reason === 'max-steps' && Number.isFinite(lf) && t.count > 11 && r.options.divergence === undefined) {
      // The documented growth rule (run.ts): above f(start) + 10⁶·max(|f(start)|, 1) for 10 updates in a
      // row. Checked on the last 11 records when every step is recorded.
      const limit = f0 + DEFAULT_GROWTH_FACTOR * Math.max(Math.abs(f0), 1);
      const everyStep = t.steps[last] - t.steps[last - 10] === 10;
      let above = 0;
      for (let k = last - 10; k <= last; k++) above = t.loss[k] > limit ? above + 1 : 0;
      if (everyStep && above >= DEFAULT_GROWTH_UPDATES) out.push({ status: 'wrong', detail: `${name}: loss ${lf.toPrecision(4)} above f(start) + 10⁶·max(|f(start)|, 1) = ${limit.toPrecision(4)} for the last ${above} updates, but the run ended as max-steps, not diverged` });
    }
    if (t.stop.reason !== 'diverged' && t.stop.reason !== 'cancelled') {
      for (let k = 0; k < t.count * t.dim; k++) if (!Number.isFinite(t.path[k])) { out.push({ status: 'wrong', detail: `${name}: non-finite parameter but stop reason ${t.stop.reason}` }); break; }
    }
    if (t.count <= 200_000) JSON.stringify(traceToJson(t, { detail: true }));
  }
  if (out.length === 0) out.push({ status: 'ok' });
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. Protocol validators

const KEYS: Record<string, string[]> = {
  ready: ['type'], configure: ['type', 'config'], setStart: ['type', 'start'], requestSurface: ['type', 'x', 'y', 'fixed'],
  viewState: ['type', 'view'], export: ['type', 'format', 'filename', 'content'], log: ['type', 'level', 'message'],
  show: ['type', 'model', 'view'], surface: ['type', 'surface'], running: ['type', 'running', 'message'], error: ['type', 'error', 'field'],
  settings: ['type', 'settings'],
};
const CONFIG_KEYS = ['expression', 'start', 'optimizers', 'convention', 'steps', 'hyperparameters', 'schedule', 'mapVariables', 'sliceMode', 'fixedValues', 'noise', 'data'];
const VIEW_KEYS = ['position', 'playing', 'speed', 'lossScale', 'smoothing', 'zoom'];
const DATA_KEYS = ['file', 'parameters', 'batchSize', 'epochs', 'shuffle', 'rescale', 'seed'];

const extra = (o: unknown, allowed: string[]): string[] =>
  o && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o).filter(k => !allowed.includes(k)) : [];

function configProblems(c: Record<string, unknown> | undefined, where: string): string[] {
  if (!c) return [];
  const p = extra(c, CONFIG_KEYS).map(k => `${where}.${k}`);
  p.push(...extra(c.data, DATA_KEYS).map(k => `${where}.data.${k}`));
  p.push(...extra(c.noise, ['sigma', 'seeds']).map(k => `${where}.noise.${k}`));
  const start = c.start as number[];
  const mv = c.mapVariables as number[] | undefined;
  if (mv && (mv.some(i => i < 0 || i >= start.length) || mv[0] === mv[1])) p.push(`${where}.mapVariables ${JSON.stringify(mv)} accepted for ${start.length} variables`);
  if (c.fixedValues !== undefined && (c.fixedValues as number[]).length !== 0 && (c.fixedValues as number[]).length !== start.length)
    p.push(`${where}.fixedValues has ${(c.fixedValues as number[]).length} values for ${start.length} variables`);
  return p;
}

function protocolCase(r: Extract<Request, { kind: 'protocol' }>): Outcome[] {
  const res = r.fn === 'webview' ? parseWebviewMessage(r.message) : r.fn === 'host' ? parseHostMessage(r.message) : checkPersistedState(r.message);
  if (!res.ok) {
    if (typeof res.error !== 'string' || res.error.trim() === '') return [{ status: 'wrong', detail: 'rejected without a message' }];
    return [{ status: 'rejected', detail: res.error, note: POOR_MESSAGE.test(res.error) ? `poor message: ${res.error}` : undefined }];
  }
  const v = res.value as Record<string, unknown>;
  const problems: string[] = [];
  if (r.fn === 'persisted') {
    problems.push(...extra(v, ['version', 'config', 'view']));
    problems.push(...configProblems(v.config as Record<string, unknown>, 'config'));
    problems.push(...extra(v.view, VIEW_KEYS).map(k => `view.${k}`));
  } else {
    problems.push(...extra(v, KEYS[v.type as string] ?? ['type']));
    if (v.type === 'configure') problems.push(...configProblems(v.config as Record<string, unknown>, 'config'));
    if (v.type === 'viewState') problems.push(...extra(v.view, VIEW_KEYS).map(k => `view.${k}`));
    if (v.type === 'show') problems.push(...configProblems((v.model as { config?: Record<string, unknown> })?.config, 'model.config'));
    if (v.type === 'export' && (v.filename === '.' || v.filename === '..' || /^\.+$/.test(v.filename as string))) problems.push(`export filename '${v.filename}' accepted`);
    if (v.type === 'requestSurface' && Array.isArray(v.fixed) && v.fixed.length > 64) problems.push('fixed longer than 64');
  }
  // Unknown keys and semantic problems are reported as separate classes.
  const unknown = problems.filter(p => !p.includes(' '));
  const semantic = problems.filter(p => p.includes(' '));
  const out: Outcome[] = [];
  if (unknown.length) out.push({ status: 'wrong', detail: `unknown key(s) kept in an accepted ${r.fn} message: '${unknown.join(', ')}'` });
  for (const p of semantic) out.push({ status: 'wrong', detail: `${r.fn} message accepted with ${p}` });
  return out.length ? out : [{ status: 'ok' }];
}

// ---------------------------------------------------------------------------------------------
// 5. CSV

type Read = { ok: true; columns: string[]; data: number[][] } | { ok: false; message: string; line?: number; column?: number };

function readProduct(text: string, splits: number[] | undefined): Read {
  let res;
  if (!splits) res = parseCsv(text);
  else {
    const p = new CsvParser();
    let from = 0;
    for (const s of [...splits, text.length]) { p.push(text.slice(from, s)); from = s; }
    res = p.end();
  }
  if (!res.ok) return { ok: false, message: res.error.message, line: res.error.line, column: res.error.column };
  return { ok: true, columns: res.value.columns, data: res.value.data.map(c => Array.from(c)) };
}

const sameTable = (a: { columns: string[]; data: number[][] }, b: { columns: string[]; data: number[][] }): boolean =>
  JSON.stringify(a.columns) === JSON.stringify(b.columns) && a.data.length === b.data.length &&
  a.data.every((col, c) => col.length === b.data[c].length && col.every((v, k) => Object.is(v, b.data[c][k])));
const show = (t: { columns: string[]; data: number[][] }): string => `${JSON.stringify(t.columns)} ${JSON.stringify(t.data)}`.slice(0, 300);

function csvCase(r: Extract<Request, { kind: 'csv' }>): Outcome[] {
  const whole = readProduct(r.text, undefined);
  const chunked = readProduct(r.text, r.splits);
  const ref = referenceParse(r.text);
  const text = JSON.stringify(r.text.length > 300 ? `${r.text.slice(0, 300)}…` : r.text);
  const out: Outcome[] = [];
  if (whole.ok !== chunked.ok || (whole.ok && chunked.ok && !sameTable(whole, chunked)))
    out.push({ status: 'wrong', detail: `chunks at ${JSON.stringify(r.splits)} change the result of ${text}: ${whole.ok ? show(whole) : whole.message} vs ${chunked.ok ? show(chunked) : chunked.message}` });
  if (whole.ok && ref.ok && !sameTable(whole, ref)) out.push({ status: 'wrong', detail: `silent change: ${text} read as ${show(whole)}; RFC 4180 gives ${show(ref)}` });
  else if (whole.ok && !ref.ok) out.push({ status: 'wrong', detail: `silent change: ${text} accepted as ${show(whole)}; RFC 4180: ${ref.why}` });
  else if (!whole.ok) {
    const note = ref.ok ? `valid file rejected: ${text}: ${whole.message}` : /[\r\n]/.test(whole.message) ? `message with a raw newline: ${JSON.stringify(whole.message)}` : whole.line === undefined ? `no line number: ${whole.message}` : undefined;
    if (out.length === 0) out.push({ status: 'rejected', detail: whole.message, note });
  }
  if (out.length === 0) out.push({ status: 'ok' });
  return out;
}

// ---------------------------------------------------------------------------------------------

/** One case (exported so a single reproducer can be replayed in-process). */
export async function handle(r: Request): Promise<Outcome[]> {
  try {
    switch (r.kind) {
      case 'expr': return exprCase(r);
      case 'fd': return fdCase(r);
      case 'run': return await runCase(r);
      case 'protocol': return protocolCase(r);
      case 'csv': return csvCase(r);
    }
  } catch (e) {
    return [{ status: 'crash', detail: stackTop(e) }];
  }
}

parentPort?.on('message', (m: { id: number; request: Request }) => {
  void handle(m.request).then(outcomes => parentPort?.postMessage({ id: m.id, outcomes }));
});
