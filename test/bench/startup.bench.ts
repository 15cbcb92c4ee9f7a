/**
 * Start-up and size benchmarks (`node out/test/bench/index.js startup`), all on the built dist/:
 *  - CLI start-up: `node dist/cli.js gradient "x^2 + y^2"` against `node -e 0`, whole processes;
 *  - CLI 5M-step Adam run on Rosenbrock against a hand-written Adam loop doing the same steps in
 *    plain JavaScript, whole processes;
 *  - activation: require dist/extension.js (with a stub `vscode` module) and call activate() with a
 *    fake context, against requiring an empty module, each in a fresh process;
 *  - first hover: in a fresh process, require the lazy hover bundles (engine, detect, hover-render)
 *    and run one detection + gradient + TeX rendering; then the p95 of later hovers in that process;
 *  - bundle sizes: every file in dist/ (maps left out) and dist-pkg/optimizer-lab.vsix if present.
 * Whole-process figures are taken in interleaved rounds (each round runs the baseline and the
 * measured command back to back), so the ratios hold on a busy machine; the table shows the
 * median and the note the best of the rounds.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow } from './harness';

/** The repository: the nearest folder above this file with the project's package.json. */
function findRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'optimizer-lab') return d;
    if (path.dirname(d) === d) throw new Error(`no optimizer-lab package.json above ${from}`);
  }
}
const root = findRoot(__dirname);
const dist = path.join(root, 'dist');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** Preloaded into every measured process: prints the process's CPU time (all its threads) at exit. */
const CPU_MARK = 'optimizer-lab-bench-cpu-ms';
const CPU_PRELOAD = `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\n${CPU_MARK} ' + (u.user + u.system) / 1000 + '\\n'); });\n`;
let cpuPreload: string | undefined;

/** Wall and CPU time of one child process in ms; throws with its stderr when it fails. */
function wall(args: string[]): { wall: number; cpu: number } {
  cpuPreload ??= tmpScript('cpu-preload', CPU_PRELOAD);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', cpuPreload, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  const dt = Number(process.hrtime.bigint() - t0) / 1e6;
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${stderr.split('\n')[0]}`);
  const cpu = Number(new RegExp(`${CPU_MARK} ([0-9.]+)`).exec(stderr)?.[1]);
  return { wall: dt, cpu };
}

/** Runs the commands in interleaved rounds; wall and CPU times per command. */
function rounds(commands: string[][], n = ROUNDS): { wall: number[]; cpu: number[] }[] {
  const times = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let r = 0; r < n; r++) {
    commands.forEach((c, i) => {
      const t = wall(c);
      times[i].wall.push(t.wall);
      times[i].cpu.push(t.cpu);
    });
  }
  return times;
}

/** A child script's one JSON line (it prints what it measured in-process). */
function childJson<T>(script: string, args: string[] = []): T {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout).split('\n').slice(0, 3).join(' '));
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as T;
}

function tmpScript(name: string, text: string): string {
  const file = path.join(os.tmpdir(), `optimizer-lab-bench-${process.pid}-${name}.js`);
  fs.writeFileSync(file, text);
  return file;
}

/** Plain JavaScript Adam (PyTorch defaults, lr 1e-3) on Rosenbrock from the preset's start, printing every 1M steps. */
const HAND_ADAM = `
let x = -1.5, y = 2, mx = 0, my = 0, vx = 0, vy = 0, b1t = 1, b2t = 1;
const lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8;
for (let t = 1; t <= 5000000; t++) {
  const r = y - x * x;
  const gx = -2 * (1 - x) - 400 * x * r, gy = 200 * r;
  mx = b1 * mx + (1 - b1) * gx; my = b1 * my + (1 - b1) * gy;
  vx = b2 * vx + (1 - b2) * gx * gx; vy = b2 * vy + (1 - b2) * gy * gy;
  b1t *= b1; b2t *= b2;
  const c1 = 1 - b1t, c2 = Math.sqrt(1 - b2t);
  x -= lr * (mx / c1) / (Math.sqrt(vx) / c2 + eps);
  y -= lr * (my / c1) / (Math.sqrt(vy) / c2 + eps);
  if (t % 1000000 === 0) console.log(t, x, y, (1 - x) ** 2 + 100 * (y - x * x) ** 2);
}`;

function processRows(): BenchRow[] {
  const cli = path.join(dist, 'cli.js');
  if (!fs.existsSync(cli)) return [{ section: 'CLI', name: 'dist/cli.js missing (npm run build)', nsPerOp: NaN }];
  const rows: BenchRow[] = [];
  const push = (section: string, name: string, t: { wall: number[]; cpu: number[] }, baseline?: string, note = ''): void => {
    const cpu = `CPU median ${ms(median(t.cpu))}`;
    rows.push({ section, name, nsPerOp: median(t.wall) * 1e6, unit: 'process', ...(baseline ? { baseline } : {}), note: `best ${ms(Math.min(...t.wall))}; ${cpu}${note ? `; ${note}` : ''}` });
  };

  const start = 'CLI start-up (whole processes, median)';
  const [empty, gradient] = rounds([['-e', '0'], [cli, 'gradient', 'x^2 + y^2']]);
  const over = median(gradient.wall) - median(empty.wall);
  const overCpu = median(gradient.cpu) - median(empty.cpu);
  push(start, 'node -e 0', empty);
  push(start, 'cli gradient "x^2 + y^2"', gradient, 'node -e 0', `${ms(over)} over node -e 0 (CPU ${ms(overCpu)}; target ≤ 150 ms): ${over <= 150 ? 'met' : 'MISSED'}`);

  const runSection = 'CLI 5M-step Adam on Rosenbrock (whole processes, median)';
  const hand = tmpScript('adam', HAND_ADAM);
  try {
    const [loop, run] = rounds([[hand], [cli, 'run', 'rosenbrock', '--optimizer', 'adam', '--steps', '5000000', '--every', '1000000']], Math.max(9, ROUNDS));
    const ratio = median(run.wall) / median(loop.wall);
    const cpuRatio = median(run.cpu) / median(loop.cpu);
    push(runSection, 'hand-written Adam loop', loop);
    push(runSection, 'cli run rosenbrock --optimizer adam', run, 'hand-written Adam loop', `CPU ${cpuRatio.toFixed(2)}×; target ≤ 1.3×: ${ratio <= 1.3 ? 'met' : 'MISSED'}`);
  } finally {
    fs.rmSync(hand, { force: true });
  }
  if (cpuPreload) fs.rmSync(cpuPreload, { force: true });
  cpuPreload = undefined;
  return rows;
}

/** A `vscode` module that answers everything: properties, calls and `new` give another stub. */
const VSCODE_STUB = `
const Module = require('module');
function stub(name) {
  const f = function () {};
  return new Proxy(f, {
    get(t, k) {
      if (k === 'then') return undefined;
      if (k === Symbol.toPrimitive) return () => name;
      if (k === Symbol.iterator) return function* () {};
      if (k === 'prototype') return f.prototype;
      return stub(name + '.' + String(k));
    },
    apply() { return stub(name + '()'); },
    construct() { return stub('new ' + name); },
  });
}
// esbuild copies a required module's own property names (__toESM): name the ones the extension reads
const vscode = new Proxy({}, {
  get: (t, k) => (k === 'then' ? undefined : stub('vscode.' + String(k))),
  ownKeys: () => VSCODE_NAMES,
  getOwnPropertyDescriptor: (t, k) => (VSCODE_NAMES.includes(k) ? { configurable: true, enumerable: true, writable: false, value: stub('vscode.' + k) } : undefined),
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const memento = { get: (k, d) => d, update: async () => {}, keys: () => [], setKeysForSync() {} };
const context = new Proxy({
  subscriptions: [], extensionPath: ROOT, extensionUri: stub('extensionUri'), globalState: memento, workspaceState: memento,
  asAbsolutePath: p => require('path').join(ROOT, p), extensionMode: 1, extension: { packageJSON: require(ROOT + '/package.json') },
}, { get: (t, k) => (k in t ? t[k] : stub('context.' + String(k))) });
`;

/** Every `vscode.<name>` the extension's sources use. */
function vscodeNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)) names.add(m[1]);
    }
  };
  walk(path.join(root, 'src', 'extension'));
  return [...names].sort();
}

function activationRows(): BenchRow[] {
  const section = 'extension activation (fresh process, in-process time, median of 10)';
  const ext = path.join(dist, 'extension.js');
  if (!fs.existsSync(ext)) return [{ section, name: 'dist/extension.js missing (npm run build)', nsPerOp: NaN }];
  const emptyModule = tmpScript('empty-module', 'module.exports = {};\n');
  const prelude = `const ROOT = ${JSON.stringify(root)};\nconst VSCODE_NAMES = ${JSON.stringify(vscodeNames())};\n${VSCODE_STUB}`;
  const base = tmpScript('activate-base', `${prelude}
const t0 = performance.now(); require(${JSON.stringify(emptyModule)}); const t1 = performance.now();
console.log(JSON.stringify({ ms: t1 - t0 }));`);
  const act = tmpScript('activate', `${prelude}
(async () => {
  const t0 = performance.now();
  const m = require(${JSON.stringify(ext)});
  const t1 = performance.now();
  await m.activate(context);
  const t2 = performance.now();
  const heavy = Object.keys(require.cache).filter(f => /(engine|detect|hover-render|panel)\\.js$/.test(f)).map(f => require('path').basename(f));
  console.log(JSON.stringify({ ms: t2 - t0, requireMs: t1 - t0, heavy }));
})().catch(e => { console.error(e && e.stack || e); process.exit(1); });`);
  try {
    const b: number[] = [], a: number[] = [], req: number[] = [];
    let heavy: string[] = [];
    for (let i = 0; i < 10; i++) {
      b.push(childJson<{ ms: number }>(base).ms);
      const r = childJson<{ ms: number; requireMs: number; heavy: string[] }>(act);
      a.push(r.ms);
      req.push(r.requireMs);
      heavy = r.heavy;
    }
    return [
      { section, name: 'require an empty module', nsPerOp: median(b) * 1e6, note: `best ${Math.min(...b).toFixed(2)} ms` },
      {
        section, name: 'require dist/extension.js + activate()', nsPerOp: median(a) * 1e6, baseline: 'require an empty module',
        note: `best ${Math.min(...a).toFixed(1)} ms; require alone ${median(req).toFixed(1)} ms; target < 50 ms: ${median(a) < 50 ? 'met' : 'MISSED'}` +
          `; lazy bundles loaded at activation: ${heavy.length ? heavy.join(', ') : 'none'}`,
      },
    ];
  } catch (e) {
    return [{ section, name: 'require dist/extension.js + activate()', nsPerOp: NaN, note: `failed: ${(e as Error).message.slice(0, 160)}` }];
  } finally {
    for (const f of [emptyModule, base, act]) fs.rmSync(f, { force: true });
  }
}

/** Python lines with a formula each; the first is the first hover, the rest are the warm ones. */
const HOVER_LINES = [
  'loss = (1 - x)**2 + 100*(y - x**2)**2',
  'f = x**2 + 3*y**2',
  'g = np.exp(-x**2 - y**2) * np.sin(3*x)',
  'h = np.log(1 + np.exp(w*x + b))',
  'q = 0.5*(a - 2)**2 + np.cos(a*b)',
  'r = np.sqrt(x**2 + y**2 + 1)',
  'e = np.tanh(u) * v**3 - u/v',
  'z = (x - 3)**4 + (x - 3*y)**2',
];

/**
 * The bundles the hover rows load: dist/, or the folder in OPTIMIZER_LAB_BENCH_DIST (engine.js,
 * detect.js, hover-render.js and the .wasm grammars), to compare two builds in the same run.
 */
const hoverDist = (): string => (process.env.OPTIMIZER_LAB_BENCH_DIST ? path.resolve(process.env.OPTIMIZER_LAB_BENCH_DIST) : dist);

/** VS Code's default editor.hover.delay: the soonest a hover can come after its document is shown. */
const HOVER_DELAY_MS = 300;

/** Stages of one hover, as src/extension/hover.ts runs them. */
const HOVER_STAGES = ['detection', 'content'] as const;

/**
 * The child process of the hover rows. One hover does what src/extension/hover.ts does (without
 * VS Code, every formula being new): it starts the math renderer's load (renderHost.ts: MathJax in
 * a worker thread), runs the detection, then the extension's own hoverContent (hoverAhead.ts:
 * parseObjective, the f and ∂f images requested from the renderer as their TeX is made, the display
 * and copy texts, then waiting for the images). The later hovers are the formulas with a constant
 * added (`f = 1 + …`: a new f whose partials were shown before, so their texts and images are
 * remembered, as in the hover) and then scaled (`f = 2 * (…)`: every partial new too). CPU time per
 * stage is summed over the later hovers (process.cpuUsage: every thread of the process, the render
 * worker's too; the load of other processes does not count in it).
 */
/** The extension's bundle loader, render host and hover content (src/extension/) as compiled next to this bench. */
const COMPILED = path.join(__dirname, '..', '..', 'src', 'extension');

function hoverScript(distDir: string): string {
  return `
const fs = require('fs'), path = require('path');
const DIST = ${JSON.stringify(distDir)};
const COMPILED = ${JSON.stringify(COMPILED)};
const LINES = ${JSON.stringify(HOVER_LINES)};
const STAGES = ${JSON.stringify(HOVER_STAGES)};
const { hoverContent } = require(path.join(COMPILED, 'hoverAhead.js'));
const { mathRendererLoader } = require(path.join(COMPILED, 'renderHost.js'));
const assets = async name => new Uint8Array(fs.readFileSync(path.join(DIST, name)));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const stages = Object.fromEntries(STAGES.map(k => [k, 0]));
const stage = (k, c0) => { const c = cpu(); stages[k] += c - c0; return c; };
async function hover(lib, line) {
  const text = 'import numpy as np\\n' + line + '\\n';
  let c = cpu();
  lib.startRenderer(); // hover.ts: HoverContents.prepare() before the detection
  const d = await lib.detect.detectFormula({ languageId: 'python', text }, text.indexOf(line) + line.indexOf('=') + 3, assets);
  c = stage('detection', c);
  if (!d.found) return 'not found';
  const content = await hoverContent(lib.engine, await lib.startRenderer(), d.formula.expression, undefined, '#d4d4d4');
  stage('content', c);
  if (!content) return 'not parsed';
  const md = content.parts.map(p => p.markdown || '').join('');
  return (md.match(/data:image\\/svg\\+xml;base64,/g) || []).length >= 2 ? 'shown' : 'no image';
}
(async () => {
  const t0 = performance.now();
  // argv[3]: a global storage folder: the bundles load through the extension's bundle loader and its
  // code cache there (argv[4] 'prime': write the caches after loading and stay until then).
  const storage = process.argv[3], prime = process.argv[4] === 'prime';
  const context = { extensionPath: path.dirname(DIST), globalStorageUri: storage ? { fsPath: storage } : undefined };
  const load = storage
    ? require(path.join(COMPILED, 'bundleLoader.js')).bundleLoader(context, { writeCacheAfterMs: prime ? 2000 : 600000 })
    : file => require(path.join(DIST, file));
  let renderer;
  const lib = { startRenderer: () => (renderer ??= mathRendererLoader(context, load)()) };
  // argv[2]: 'opened': the render worker starts as the document is shown (WarmUp.consider) and the
  // hover comes the editor's hover delay later; 'cold': it starts with the hover (HoverContents.prepare);
  // 'warm': the background warm-up has run. This thread loads the detection and the engine at the hover.
  const mode = process.argv[2];
  lib.startRenderer();
  if (mode === 'opened') await new Promise(r => setTimeout(r, ${HOVER_DELAY_MS}));
  const h0 = mode === 'opened' ? performance.now() : t0;
  lib.detect = load('detect.js');
  lib.engine = load('engine.js');
  if (mode === 'warm') {
    for (const formula of lib.detect.HOVER_WARM_UP_FORMULAS) await hoverContent(lib.engine, await lib.startRenderer(), formula, undefined, '#000000');
  }
  const s0 = performance.now();
  const first = await hover(lib, LINES[0]);
  const t1 = performance.now();
  for (const k of STAGES) stages[k] = 0;
  const warm = [], warmCpu = [], allNew = [], allNewCpu = [], outcomes = [first];
  for (let round = 0; round < 8; round++) for (const line of LINES.slice(1)) {
    const s = performance.now(), c = cpu();
    // rounds 1–4: a constant added (partials seen before); 5–7: scaled (every partial new)
    const formula = round === 0 ? line : round <= 4 ? line.replace(/=/, '= ' + round + ' + ') : line.replace(/= (.*)$/, '= ' + (round - 3) + ' * ($1)');
    outcomes.push(await hover(lib, formula));
    const dt = performance.now() - s, dc = cpu() - c;
    if (round <= 4) { warm.push(dt); warmCpu.push(dc); }
    if (round === 0 || round > 4) { allNew.push(dt); allNewCpu.push(dc); }
  }
  const p95 = xs => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1];
  const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const k of STAGES) stages[k] /= outcomes.length - 1;
  // 'prime': stay until the caches are written (this thread's at 2 s, the render worker's at its loader's default 10 s)
  if (prime) await new Promise(r => setTimeout(r, 10500));
  (await renderer).dispose();
  console.log(JSON.stringify({ first: t1 - h0, firstAfterWarmUp: t1 - s0, p95: p95(warm), median: median(warm), cpuP95: p95(warmCpu), cpuMedian: median(warmCpu),
    allNewP95: p95(allNew), allNewMedian: median(allNew), allNewCpuP95: p95(allNewCpu), allNewCpuMedian: median(allNewCpu), stages, shown: outcomes.filter(o => o === 'shown').length, total: outcomes.length }));
})().catch(e => { console.error(e && e.stack || e); process.exit(1); });`;
}

export function hoverRows(distDir = hoverDist()): BenchRow[] {
  const section = 'hover (fresh process: lazy bundles + detection + gradient + copy texts + f and ∂f images)';
  const files = ['engine.js', 'detect.js', 'hover-render.js'].map(f => path.join(distDir, f));
  if (!files.every(f => fs.existsSync(f))) return [{ section, name: `${distDir}: engine.js, detect.js or hover-render.js missing (npm run build)`, nsPerOp: NaN }];
  const script = tmpScript('hover', hoverScript(distDir));
  try {
    type Out = {
      first: number; firstAfterWarmUp: number; p95: number; median: number; cpuP95: number; cpuMedian: number;
      allNewP95: number; allNewMedian: number; allNewCpuP95: number; allNewCpuMedian: number; stages: Record<string, number>; shown: number; total: number;
    };
    const firsts: number[] = [], withHover: number[] = [], afterWarmUp: number[] = [], p95s: number[] = [], meds: number[] = [], coldP95s: number[] = [], cpuP95s: number[] = [], cpuMeds: number[] = [];
    const newP95s: number[] = [], newMeds: number[] = [], newCpuP95s: number[] = [], newCpuMeds: number[] = [];
    const stageRuns: Record<string, number[]> = Object.fromEntries(HOVER_STAGES.map(k => [k, []]));
    let shown = '';
    for (let i = 0; i < 5; i++) {
      // a hover before the background warm-up has run: the detection and the engine load now
      const cold = childJson<Out>(script, ['opened']);
      firsts.push(cold.first);
      coldP95s.push(cold.p95);
      withHover.push(childJson<Out>(script, ['cold']).first);
      const r = childJson<Out>(script, ['warm']); // the usual case: the document was open ≥ 2 s, the warm-up ran
      afterWarmUp.push(r.firstAfterWarmUp);
      p95s.push(r.p95);
      meds.push(r.median);
      cpuP95s.push(r.cpuP95);
      cpuMeds.push(r.cpuMedian);
      newP95s.push(r.allNewP95);
      newMeds.push(r.allNewMedian);
      newCpuP95s.push(r.allNewCpuP95);
      newCpuMeds.push(r.allNewCpuMedian);
      for (const k of HOVER_STAGES) stageRuns[k].push(r.stages[k]);
      shown = `${r.shown}/${r.total} hovers shown`;
    }
    // A later window: the bundles' code cache written by an earlier process (the loader only runs on a build in a folder named dist).
    const laterWindow: number[] = [];
    if (path.basename(distDir) === 'dist') {
      const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-bench-hover-storage-'));
      try {
        childJson<Out>(script, ['opened', storage, 'prime']);
        for (let i = 0; i < 5; i++) laterWindow.push(childJson<Out>(script, ['opened', storage]).first);
      } finally {
        fs.rmSync(storage, { recursive: true, force: true });
      }
    }
    const stageNote = HOVER_STAGES.map(k => `${k} ${median(stageRuns[k]).toFixed(1)}`).join(', ');
    return [
      {
        section, name: 'first hover, before the warm-up (loads included)', nsPerOp: median(firsts) * 1e6,
        note: `best ${ms(Math.min(...firsts))}; the worst case: the first document after installing, hovered ${HOVER_DELAY_MS} ms (the editor's hover delay) after it was shown` +
          ` (the render worker started then, the rest loads at the hover); target < 300 ms: ${median(firsts) < 300 ? 'met' : 'MISSED'}`,
      },
      {
        section, name: 'first hover, the render worker starting with the hover', nsPerOp: median(withHover) * 1e6, baseline: 'first hover, before the warm-up (loads included)',
        note: `best ${ms(Math.min(...withHover))}; a selection hovered in a language without the warm-up, at once`,
      },
      ...(laterWindow.length ? [{
        section, name: 'first hover, before the warm-up, in a later window (bundles from their code cache)', nsPerOp: median(laterWindow) * 1e6,
        baseline: 'first hover, before the warm-up (loads included)', note: `best ${ms(Math.min(...laterWindow))}; target < 300 ms: ${median(laterWindow) < 300 ? 'met' : 'MISSED'}`,
      }] : []),
      { section, name: 'first hover after the background warm-up', nsPerOp: median(afterWarmUp) * 1e6, note: `target < 300 ms: ${median(afterWarmUp) < 300 ? 'met' : 'MISSED'}; ${shown}` },
      {
        section, name: 'later hovers of new formulas, p95', nsPerOp: median(p95s) * 1e6,
        note: `median ${median(meds).toFixed(1)} ms (without the warm-up: p95 ${median(coldP95s).toFixed(1)} ms); target p95 < 50 ms: ${median(p95s) < 50 ? 'met' : 'MISSED'}` +
          `; CPU time per hover p95 ${median(cpuP95s).toFixed(1)} ms, median ${median(cpuMeds).toFixed(1)} ms (28 of the 35 add a constant to a formula shown before: same partials)`,
      },
      {
        section, name: 'later hovers of new formulas whose partials are all new too, p95', nsPerOp: median(newP95s) * 1e6,
        note: `median ${median(newMeds).toFixed(1)} ms; target p95 < 50 ms: ${median(newP95s) < 50 ? 'met' : 'MISSED'}` +
          `; CPU time per hover p95 ${median(newCpuP95s).toFixed(1)} ms, median ${median(newCpuMeds).toFixed(1)} ms; mean CPU ms per stage over all later hovers: ${stageNote}`,
      },
    ];
  } catch (e) {
    return [{ section, name: 'first hover', nsPerOp: NaN, note: `failed: ${(e as Error).message.slice(0, 160)}` }];
  } finally {
    fs.rmSync(script, { force: true });
  }
}

function sizeRows(): BenchRow[] {
  const section = 'bundle sizes';
  const rows: BenchRow[] = [];
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  if (fs.existsSync(dist)) {
    for (const f of fs.readdirSync(dist).filter(f => !f.endsWith('.map')).sort()) {
      const size = fs.statSync(path.join(dist, f)).size;
      rows.push({ section, name: `dist/${f}`, nsPerOp: NaN, display: kb(size) });
    }
  }
  const vsix = path.join(root, 'dist-pkg', 'optimizer-lab.vsix');
  if (fs.existsSync(vsix)) {
    const size = fs.statSync(vsix).size;
    rows.push({ section, name: 'dist-pkg/optimizer-lab.vsix', nsPerOp: NaN, display: kb(size), note: `target < 2 MB: ${size < 2 * 1024 * 1024 ? 'met' : 'MISSED'}` });
  } else {
    rows.push({ section, name: 'dist-pkg/optimizer-lab.vsix', nsPerOp: NaN, display: '—', note: 'not packaged (npm run package)' });
  }
  return rows;
}

export function run(): BenchRow[] {
  return [...processRows(), ...activationRows(), ...hoverRows(), ...sizeRows()];
}
