/**
 * The hovers computed ahead (src/extension/hoverAhead.ts), in this process, with the same code the
 * extension runs: the background warm-up's formulas first, then for each screen (SCREEN_LINES lines)
 * of each file the pass the extension makes after 300 ms of idle time — probes, the hover's
 * detection, the full hover content (gradient, display texts, copy texts, f and ∂f images) — and
 * then a hover of each formula on that screen:
 *   (a) after the pass: the detection at the cursor + a cache hit;
 *   (b) with no idle time before it: the same formula computed on demand (the pass's own cost per
 *       formula, which the "later hovers of new formulas" row of startup.bench.ts measures in a fresh process).
 * CPU times (process.cpuUsage), so other processes' load barely moves them.
 *
 *   node out/test/bench/hoverAhead.bench.js [file…]   (default: the Markdown and Python fixtures of test/fixtures/ws)
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectFormula, HOVER_WARM_UP_FORMULAS } from '../../src/extension/entries/detect';
import * as engine from '../../src/extension/entries/engine';
import { computeScreenAhead, ContentCache, contentKey, gradientFor, HoverContent, hoverContent, probeOffsets } from '../../src/extension/hoverAhead';
import { inThreadRenderer } from '../../src/extension/mathRenderer';
import * as texSvg from '../../src/extension/texSvg';
import { nodeAssets } from '../unit/hover/assets';
import type { BenchRow } from './harness';

/** MathJax in this thread (the Node host's worker thread is renderHost.ts's). */
const render = inThreadRenderer(texSvg);

const SCREEN_LINES = 50;
const MAX_SCREENS = 4;
const COLOR = '#d4d4d4';
const LANGUAGE: Record<string, string> = { '.md': 'markdown', '.py': 'python', '.tex': 'latex', '.ts': 'typescript', '.jl': 'julia', '.r': 'r', '.R': 'r' };

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };

interface Found { expression: string; start: number; end: number }

async function file(name: string): Promise<{ screens: number[]; formulas: number; probes: number; hit: number[]; miss: number[] }> {
  const text = fs.readFileSync(name, 'utf8');
  const languageId = LANGUAGE[path.extname(name)] ?? 'plaintext';
  const all = text.split('\n');
  let offset = 0;
  const lines = all.map(t => { const l = { text: t, offset }; offset += t.length + 1; return l; });
  const detect = async (o: number): Promise<Found | undefined> => {
    const d = await detectFormula({ languageId, text }, o, nodeAssets);
    return d.found ? d.formula : undefined;
  };
  await detect(0); // the background warm-up's detection in this language (loads its grammar)
  const out = { screens: [] as number[], formulas: 0, probes: 0, hit: [] as number[], miss: [] as number[] };
  for (let s = 0; s < Math.min(MAX_SCREENS, Math.ceil(all.length / SCREEN_LINES)); s++) {
    const cache = new ContentCache<HoverContent | undefined>();
    const found: Found[] = [];
    const c0 = cpuMs();
    const r = await computeScreenAhead<Found>({
      probes: probeOffsets(lines.slice(s * SCREEN_LINES, (s + 1) * SCREEN_LINES), languageId), detect, cancelled: () => false,
      compute: f => {
        found.push(f);
        const m0 = cpuMs();
        return cache.get(contentKey(name, 1, f.start, f.end, f.expression, COLOR), () => hoverContent(engine, render, f.expression, undefined, COLOR))
          .finally(() => out.miss.push(cpuMs() - m0));
      },
    });
    out.screens.push(cpuMs() - c0);
    out.formulas += r.formulas;
    out.probes += r.probes;
    for (const f of found) {
      const h0 = cpuMs();
      const g = await detect(Math.floor((f.start + f.end) / 2));
      if (g) await cache.get(contentKey(name, 1, g.start, g.end, g.expression, COLOR), () => hoverContent(engine, render, g.expression, undefined, COLOR));
      out.hit.push(cpuMs() - h0);
    }
  }
  return out;
}

export async function run(files?: string[]): Promise<BenchRow[]> {
  const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'ws');
  const names = files?.length ? files : [path.join(fixtures, 'notes.md'), path.join(fixtures, 'model.py')];
  // What the extension's background warm-up does before the first pass.
  for (const f of HOVER_WARM_UP_FORMULAS) {
    const g = gradientFor(engine, f);
    for (const p of g?.objective.gradient ?? []) texSvg.texToSvg(`\\frac{\\partial f}{\\partial ${p.variable}} = ${p.tex}`, '#000000');
  }
  const section = `hovers computed ahead (screens of ${SCREEN_LINES} lines, CPU ms, after the warm-up)`;
  const rows: BenchRow[] = [];
  for (const name of names) {
    const r = await file(name);
    const base = path.basename(name);
    rows.push(
      { section, name: `${base}: one screen's pass`, nsPerOp: pct(r.screens, 0.5) * 1e6, note: `${r.screens.length} screens, max ${Math.max(...r.screens).toFixed(0)} ms; ${r.formulas} formulas, ${r.probes} detections` },
      { section, name: `${base}: (a) hover of a formula on screen after the pass, p95`, nsPerOp: pct(r.hit, 0.95) * 1e6, note: `median ${pct(r.hit, 0.5).toFixed(1)} ms (detection + cache hit)` },
      { section, name: `${base}: (b) the same formula with no idle time (computed on demand), p95`, nsPerOp: pct(r.miss, 0.95) * 1e6, note: `median ${pct(r.miss, 0.5).toFixed(1)} ms (without the detection)` },
    );
  }
  return rows;
}

if (require.main === module) {
  void run(process.argv.slice(2)).then(rows => {
    for (const r of rows) console.log(`${r.name.padEnd(78)} ${(r.nsPerOp / 1e6).toFixed(1).padStart(7)} ms   ${r.note ?? ''}`);
  });
}
