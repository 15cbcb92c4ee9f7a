/**
 * Lazy bundles in the Node extension host (`node out/test/bench/index.js bundles`): what loading
 * each heavy bundle costs in a fresh process, with a plain `require` (the baseline) and through
 * src/extension/bundleLoader.ts in a first window (no code cache yet) and a later window (the cache
 * an earlier process wrote). In-process time around the load, wall and CPU, medians of interleaved
 * rounds. The detection bundle's figure includes the engine bundle it loads first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow } from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BUNDLES = ['engine.js', 'detect.js', 'hover-render.js'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function findRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'optimizer-lab') return d;
    if (path.dirname(d) === d) throw new Error(`no optimizer-lab package.json above ${from}`);
  }
}

interface Sample { ms: number; cpuMs: number; cache: string }

/** One fresh process loading `bundle` with `mode`; storage = the global storage folder (code cache). */
function sample(root: string, bundle: string, mode: 'require' | 'loader', storage: string, waitForCacheMs = 0): Sample {
  const loader = path.join(__dirname, '..', '..', 'src', 'extension', 'bundleLoader.js');
  const script = `
const c0 = process.cpuUsage(), t0 = performance.now(); let cache = 'n/a';
if (${JSON.stringify(mode)} === 'require') require(${JSON.stringify(path.join(root, 'dist', bundle))});
else require(${JSON.stringify(loader)}).bundleLoader({ extensionPath: ${JSON.stringify(root)}, globalStorageUri: { fsPath: ${JSON.stringify(storage)} } },
  { writeCacheAfterMs: 0, onLoad: (f, c) => { if (f === ${JSON.stringify(bundle)}) cache = c; } })(${JSON.stringify(bundle)});
const ms = performance.now() - t0, u = process.cpuUsage(c0);
setTimeout(() => console.log(JSON.stringify({ ms, cpuMs: (u.user + u.system) / 1000, cache })), ${waitForCacheMs});`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout).split('\n').slice(0, 3).join(' '));
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Sample;
}

export function run(): BenchRow[] {
  const root = findRoot(__dirname);
  const section = `lazy bundles: one load in a fresh process (in-process wall time, median of ${ROUNDS} interleaved rounds)`;
  if (!BUNDLES.every(b => fs.existsSync(path.join(root, 'dist', b)))) return [{ section, name: 'dist/ bundles missing (npm run build)', nsPerOp: NaN }];
  const rows: BenchRow[] = [];
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-bench-storage-'));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-bench-nostorage-'));
  try {
    for (const bundle of BUNDLES) {
      // A first window writes the caches (the bundle's and its siblings').
      sample(root, bundle, 'loader', storage, 300);
      const plain: Sample[] = [], first: Sample[] = [], later: Sample[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        plain.push(sample(root, bundle, 'require', empty));
        fs.rmSync(path.join(empty, 'code-cache'), { recursive: true, force: true });
        first.push(sample(root, bundle, 'loader', empty));
        later.push(sample(root, bundle, 'loader', storage));
      }
      const cpu = (xs: Sample[]): string => `CPU ${median(xs.map(x => x.cpuMs)).toFixed(0)} ms`;
      const base = `${bundle}: require`;
      rows.push({ section, name: base, nsPerOp: median(plain.map(x => x.ms)) * 1e6, note: cpu(plain) });
      rows.push({ section, name: `${bundle}: loader, first window (no cache)`, nsPerOp: median(first.map(x => x.ms)) * 1e6, baseline: base, note: cpu(first) });
      const accepted = later.filter(x => x.cache === 'accepted').length;
      rows.push({ section, name: `${bundle}: loader, later window (code cache)`, nsPerOp: median(later.map(x => x.ms)) * 1e6, baseline: base, note: `${cpu(later)}; cache accepted in ${accepted} of ${later.length}` });
    }
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
    fs.rmSync(empty, { recursive: true, force: true });
  }
  return rows;
}
