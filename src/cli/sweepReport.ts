/**
 * Standalone HTML reports of `sweep --report` and `basins --report`: a static page (no script, no
 * network) built as an element tree and serialised with escaping — an SVG chart, a legend and a
 * table — with the command's JSON embedded as a `application/json` block so the numbers can be
 * read back. The sweep page: final loss against learning rate (log–log; linear loss axis when a
 * loss is ≤ 0), one line per optimizer, its best lr as a diamond, the lrs where it diverged shaded
 * and crossed, the classic stability threshold at the start as a dashed vertical line; under it,
 * η·λmax per recorded step of each optimizer's run at its best lr (log axis, dashed line at 2). The basins
 * page: the map of start points coloured by the minimum each run ends in (a PNG), the known minima
 * marked, and the legend with each label's share.
 */
import * as zlib from 'zlib';
import { fmtNum } from './format';
import { UsageError } from './options';
import { BASIN_DIVERGED, BASIN_UNSETTLED, BasinMap, Stability, SweepResult } from '../core/sweep';
import type { SweepAtBest } from './sweepAtBest';

// ---------------------------------------------------------------------------------------------
// A small element tree and its serialisation (every text and attribute escaped).

type Attrs = Record<string, string | number | undefined>;
export interface El { tag: string; attrs: Attrs; children: Child[] }
/** Text is escaped; `raw` is written as is (only for the JSON data block, escaped by `jsonBlock`). */
type Child = string | El | { raw: string };

export const el = (tag: string, attrs: Attrs = {}, ...children: Child[]): El => ({ tag, attrs, children });
const escapeText = (s: string): string => s.replace(/[&<>]/g, c => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
const VOID = new Set(['meta', 'br', 'img']);

export function render(node: Child): string {
  if (typeof node === 'string') return escapeText(node);
  if ('raw' in node) return node.raw;
  const attrs = Object.entries(node.attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`).join('');
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(render).join('')}</${node.tag}>`;
}

/** The id of the embedded data block (the command's --json output). */
export const REPORT_DATA_ID = 'optimizer-lab-data';
const jsonBlock = (data: unknown): El => el('script', { type: 'application/json', id: REPORT_DATA_ID },
  { raw: JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') });

/** Nothing but inline style and data: images; no script runs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const STYLE = [
  'body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fff;max-width:980px}',
  'h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 4px}p{margin:4px 0}.sub{color:#555}',
  'table{border-collapse:collapse;margin:12px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}',
  'td:first-child{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}svg{font:12px system-ui,sans-serif;overflow:visible}',
  '.item{white-space:nowrap;margin-right:14px;display:inline-block}.sw{display:inline-block;width:14px;height:10px;margin-right:6px;vertical-align:middle}',
  '@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}.sub{color:#aaa}td,th{border-color:#444}svg .ink{fill:#ddd}svg .axis{stroke:#888}}',
].join('\n');

function page(title: string, body: Child[], data: unknown): string {
  return '<!DOCTYPE html>\n' + render(el('html', { lang: 'en' },
    el('head', {}, el('meta', { charset: 'UTF-8' }), el('meta', { 'http-equiv': 'Content-Security-Policy', content: CSP }), el('title', {}, title), el('style', {}, { raw: STYLE })),
    el('body', {}, ...body, jsonBlock(data)),
  )) + '\n';
}

/** A report must be an .html file (the page is HTML whatever the name says). */
export function checkReportFile(file: string | undefined, others: Record<string, string | undefined>): void {
  if (file === undefined) return;
  if (!/\.html?$/i.test(file)) throw new UsageError(`--report writes an HTML page: give a file name ending in .html, got '${file}'`);
  for (const [flag, other] of Object.entries(others)) {
    if (other !== undefined && other === file) throw new UsageError(`--report and ${flag} name the same file '${file}': give each its own`);
  }
}

// ---------------------------------------------------------------------------------------------
// Axes.

/** Colour-blind-safe colours (Okabe–Ito), in the order optimizers are listed. */
export const REPORT_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999933'];
const colourOf = (i: number): string => REPORT_COLOURS[i % REPORT_COLOURS.length];

interface Scale { at: (v: number) => number; ticks: number[] }

function linearTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function scale(lo: number, hi: number, from: number, to: number, log: boolean): Scale {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const ticks: number[] = [];
    // At most about 8 labelled decades.
    const every = Math.max(1, Math.ceil((Math.floor(b + 1e-9) - Math.ceil(a - 1e-9) + 1) / 8));
    for (let e = Math.ceil(a - 1e-9); e <= Math.floor(b + 1e-9); e++) if (e % every === 0) ticks.push(10 ** e);
    return { at: v => from + ((Math.log10(v) - a) / (b - a || 1)) * (to - from), ticks };
  }
  return { at: v => from + ((v - lo) / (hi - lo || 1)) * (to - from), ticks: linearTicks(lo, hi) };
}

const r3 = (v: number): number => Math.round(v * 100) / 100;
const tickText = (v: number, log: boolean): string => (log ? `1e${Math.round(Math.log10(v))}` : fmtNum(v, 3));

function axes(x: Scale, y: Scale, box: { left: number; right: number; top: number; bottom: number }, labels: { x: string; y: string; xLog: boolean; yLog: boolean }): El[] {
  const out: El[] = [el('rect', { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top, fill: 'none', stroke: '#888', class: 'axis' })];
  for (const t of x.ticks) {
    const px = r3(x.at(t));
    out.push(el('line', { x1: px, x2: px, y1: box.bottom, y2: box.bottom + 5, stroke: '#888', class: 'axis' }));
    out.push(el('text', { x: px, y: box.bottom + 18, 'text-anchor': 'middle', class: 'ink' }, tickText(t, labels.xLog)));
  }
  for (const t of y.ticks) {
    const py = r3(y.at(t));
    out.push(el('line', { x1: box.left - 5, x2: box.left, y1: py, y2: py, stroke: '#888', class: 'axis' }));
    out.push(el('text', { x: box.left - 8, y: py + 4, 'text-anchor': 'end', class: 'ink' }, tickText(t, labels.yLog)));
  }
  out.push(el('text', { x: (box.left + box.right) / 2, y: box.bottom + 38, 'text-anchor': 'middle', class: 'ink' }, labels.x));
  out.push(el('text', { x: 16, y: (box.top + box.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 16 ${(box.top + box.bottom) / 2})`, class: 'ink' }, labels.y));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The sweep report.

export interface SweepReportInput {
  title: string;
  /** One line under the title: start, steps, grid, convention. */
  subtitle: string;
  result: SweepResult;
  stability: Stability;
  /** The command's --json output, embedded as data. */
  json: unknown;
  /** η·λmax along each optimizer's run at its best lr (src/cli/sweepAtBest.ts). */
  atBest?: SweepAtBest;
}

/**
 * η·λmax per recorded step of each optimizer's best run: a log axis (values ≤ 0 are gaps, counted
 * in the caption), the dashed line at 2 where gradient descent on a quadratic stops converging.
 */
function atBestChart(atBest: SweepAtBest, optimizers: string[], steps: number): Child[] {
  const head = el('h2', {}, 'Stability along the best runs: η·λmax per step');
  const runs = atBest.runs.filter(r => r.etaLambda.some(v => v !== null && v > 0));
  if (!runs.length) return [head, el('p', { class: 'sub' }, atBest.runs.length ? `no positive η·λmax to draw (${atBest.note})` : atBest.note)];
  const W = 760;
  const H = 300;
  const box = { left: 78, right: W - 20, top: 16, bottom: H - 52 };
  const values = runs.flatMap(r => r.etaLambda.filter((v): v is number => v !== null && v > 0));
  const yLo = Math.min(2, ...values) / 1.5;
  const yHi = Math.max(2, ...values) * 1.5;
  const x = scale(0, Math.max(1, steps), box.left, box.right, false);
  const y = scale(yLo, yHi, box.bottom, box.top, true);
  const svg: El[] = [];
  const two = r3(y.at(2));
  svg.push(el('line', { x1: box.left, x2: box.right, y1: two, y2: two, stroke: '#888', 'stroke-dasharray': '6 4', 'stroke-width': 1.5, class: 'axis', 'data-reference': 2 }));
  svg.push(el('text', { x: box.right - 4, y: two - 5, 'text-anchor': 'end', class: 'ink' }, 'η·λmax = 2'));
  let hidden = 0;
  for (const r of runs) {
    const k = Math.max(0, optimizers.indexOf(r.optimizer));
    const segments: string[][] = [[]];
    r.etaLambda.forEach((v, i) => {
      if (v === null || !(v > 0)) { hidden++; if (segments[segments.length - 1].length) segments.push([]); return; }
      segments[segments.length - 1].push(`${r3(x.at(r.steps[i]))},${r3(y.at(v))}`);
    });
    for (const seg of segments.filter(q => q.length)) {
      svg.push(seg.length === 1
        ? el('circle', { cx: Number(seg[0].split(',')[0]), cy: Number(seg[0].split(',')[1]), r: 2, fill: colourOf(k), 'data-eta-lambda': r.optimizer })
        : el('polyline', { points: seg.join(' '), fill: 'none', stroke: colourOf(k), 'stroke-width': 1.5, 'data-eta-lambda': r.optimizer }));
    }
  }
  const chart = el('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'η·λmax per step along each optimizer\'s run at its best learning rate' },
    ...axes(x, y, box, { x: 'step', y: 'η·λmax (log)', xLog: false, yLog: true }), ...svg);
  const legend = el('p', {}, ...runs.map(r => el('span', { class: 'item' }, el('span', { class: 'sw', style: `background:${colourOf(Math.max(0, optimizers.indexOf(r.optimizer)))}` }), `${r.optimizer} at η = ${fmtNum(r.lr, 4)}`)));
  return [head, chart, legend,
    el('p', { class: 'sub' }, `λmax of the Hessian at the run's recorded points (${atBest.note}), times the step's scheduled learning rate (adaptive rules scale it per coordinate); dashed: 2, where gradient descent on a quadratic stops converging` +
      (hidden ? `; ${hidden} point${hidden === 1 ? '' : 's'} with η·λmax ≤ 0 or without a value not drawn` : ''))];
}

/** Contiguous stretches of diverged grid indices. */
function divergedStretches(diverged: boolean[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < diverged.length; i++) {
    if (!diverged[i]) continue;
    const from = i;
    while (i + 1 < diverged.length && diverged[i + 1]) i++;
    out.push([from, i]);
  }
  return out;
}

export function sweepReportHtml(input: SweepReportInput): string {
  const { result, stability } = input;
  const grid = result.grid;
  const W = 760;
  const H = 440;
  const box = { left: 78, right: W - 20, top: 16, bottom: H - 52 };
  // Half a grid step (log scale) each side, so the end points and bands are inside the frame.
  const half = grid.length > 1 ? Math.sqrt(grid[1] / grid[0]) : 1.5;
  const xLo = grid[0] / half;
  const xHi = grid[grid.length - 1] * half;
  const x = scale(xLo, xHi, box.left, box.right, true);
  const losses = result.runs.flatMap(r => r.points.filter(p => !p.diverged && Number.isFinite(p.finalLoss)).map(p => p.finalLoss));
  const yLog = losses.length > 0 && losses.every(v => v > 0);
  let yLo = losses.length ? Math.min(...losses) : 0;
  let yHi = losses.length ? Math.max(...losses) : 1;
  if (yLog) { yLo /= 2; yHi *= 2; } else { const pad = (yHi - yLo) * 0.05 || Math.abs(yHi) * 0.1 || 1; yLo -= pad; yHi += pad; }
  const y = scale(yLo, yHi, box.bottom, box.top, yLog);
  const svg: El[] = [];
  // Divergence bands and crosses, under the lines.
  result.runs.forEach((run, k) => {
    const diverged = grid.map(lr => run.points.find(p => p.lr === lr)?.diverged ?? false);
    for (const [a, b] of divergedStretches(diverged)) {
      const x0 = x.at(grid[a] / half);
      const x1 = x.at(grid[b] * half);
      svg.push(el('rect', { x: r3(x0), y: box.top, width: r3(x1 - x0), height: box.bottom - box.top, fill: colourOf(k), 'fill-opacity': 0.06, 'data-diverged': run.optimizer }));
    }
    for (const p of run.points.filter(q => q.diverged)) {
      const px = r3(x.at(p.lr));
      const py = box.top + 8 + 9 * k;
      svg.push(el('path', { d: `M${px - 4},${py - 4}L${px + 4},${py + 4}M${px - 4},${py + 4}L${px + 4},${py - 4}`, stroke: colourOf(k), 'stroke-width': 1.5, fill: 'none' }));
    }
  });
  // Stability thresholds at the start.
  stability.thresholds.forEach(t => {
    const k = result.runs.findIndex(r => r.optimizer === t.optimizer);
    if (t.lr === null || k < 0 || !(t.lr >= xLo && t.lr <= xHi)) return;
    const px = r3(x.at(t.lr));
    svg.push(el('line', { x1: px, x2: px, y1: box.top, y2: box.bottom, stroke: colourOf(k), 'stroke-dasharray': '6 4', 'stroke-width': 1.5, 'data-threshold': t.optimizer }));
    svg.push(el('text', { x: px + 4, y: box.bottom - 6 - 14 * k, fill: colourOf(k) }, `${t.optimizer} ${fmtNum(t.lr, 3)}`));
  });
  // One line per optimizer (broken where a run diverged), its best as a diamond.
  result.runs.forEach((run, k) => {
    const segments: string[][] = [[]];
    for (const lr of grid) {
      const p = run.points.find(q => q.lr === lr);
      if (!p || p.diverged || !Number.isFinite(p.finalLoss)) { if (segments[segments.length - 1].length) segments.push([]); continue; }
      segments[segments.length - 1].push(`${r3(x.at(p.lr))},${r3(y.at(p.finalLoss))}`);
    }
    for (const s of segments.filter(s => s.length)) {
      svg.push(el('polyline', { points: s.join(' '), fill: 'none', stroke: colourOf(k), 'stroke-width': 2, 'data-optimizer': run.optimizer }));
      for (const pt of s) { const [px, py] = pt.split(',').map(Number); svg.push(el('circle', { cx: px, cy: py, r: 2.5, fill: colourOf(k) })); }
    }
    if (run.best) {
      const px = r3(x.at(run.best.lr));
      const py = r3(y.at(run.best.finalLoss));
      svg.push(el('path', { d: `M${px},${py - 7}L${px + 7},${py}L${px},${py + 7}L${px - 7},${py}Z`, fill: colourOf(k), stroke: '#fff', 'data-best': run.optimizer }, el('title', {}, `${run.optimizer}: best lr ${fmtNum(run.best.lr, 4)}, final loss ${fmtNum(run.best.finalLoss, 4)}`)));
    }
  });
  const chart = el('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'final loss against learning rate, one line per optimizer' },
    ...axes(x, y, box, { x: 'learning rate η (log)', y: `final loss after ${result.steps} steps${yLog ? ' (log)' : ''}`, xLog: true, yLog }), ...svg);

  const legend = el('p', {}, ...result.runs.map((r, k) => el('span', { class: 'item' }, el('span', { class: 'sw', style: `background:${colourOf(k)}` }), r.label)),
    el('span', { class: 'item' }, '◆ best lr · shaded and ✕: diverged · dashed: classic stability threshold at the start (formula in the table)'));
  const rows = result.runs.map((r, k) => {
    const best = r.best ? r.points.find(p => p.lr === r.best!.lr) : undefined;
    const firstDiverged = r.points.find(p => p.diverged);
    const t = stability.thresholds.find(s => s.optimizer === r.optimizer);
    return el('tr', {},
      el('td', {}, el('span', { class: 'sw', style: `background:${colourOf(k)}` }), r.optimizer),
      el('td', { class: 'num' }, r.best ? fmtNum(r.best.lr, 4) : 'all diverged'),
      el('td', { class: 'num' }, r.best ? fmtNum(r.best.finalLoss, 5) : '—'),
      el('td', { class: 'num' }, best?.stepsToTarget != null ? String(best.stepsToTarget) : '—'),
      el('td', { class: 'num' }, firstDiverged ? fmtNum(firstDiverged.lr, 3) : 'none'),
      el('td', {}, t?.lr != null ? `${fmtNum(t.lr, 4)} (${t.rule})` : t ? t.rule : '—'));
  });
  const lambda = stability.lambdaMax === null ? 'λmax: none (the Hessian is not finite at the start)' : `λmax = ${fmtNum(stability.lambdaMax, 5)} at the start (${stability.hessian} Hessian)`;
  return page(input.title, [
    el('h1', {}, input.title),
    el('p', { class: 'sub' }, input.subtitle),
    el('p', { class: 'sub' }, `target loss ${fmtNum(result.target.loss, 4)} (${result.target.rule}); ${lambda}`),
    chart,
    legend,
    el('table', {}, el('tr', {}, ...['optimizer', 'best lr', 'final loss', 'steps to target', 'diverged from lr', 'stability threshold'].map(h => el('th', {}, h))), ...rows),
    ...stability.notes.map(n => el('p', { class: 'sub' }, `note: ${n}`)),
    ...(result.cancelled ? [el('p', {}, 'cancelled: the chart holds the points finished before')] : []),
    ...(input.atBest ? atBestChart(input.atBest, result.runs.map(r => r.optimizer), result.steps) : []),
  ], input.json);
}

// ---------------------------------------------------------------------------------------------
// The basins report.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG of width × height from rgb (row by row, top row first). */
export function pngRgb(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let r = 0; r < height; r++) Buffer.from(rgb.subarray(r * 3 * width, (r + 1) * 3 * width)).copy(raw, r * (1 + 3 * width) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

const DIVERGED_COLOUR = '#333333';
const UNSETTLED_COLOUR = '#cccccc';
const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
/** The colour of a basin label: a minimum's colour, diverged dark, unsettled light grey. */
export const basinColour = (label: number): string => (label >= 0 ? colourOf(label) : label === BASIN_DIVERGED ? DIVERGED_COLOUR : UNSETTLED_COLOUR);

export interface BasinsReportInput {
  title: string;
  subtitle: string;
  map: BasinMap;
  /** The two mapped variables' names and indices. */
  variables: [string, string];
  axes: [number, number];
  json: unknown;
}

export function basinsReportHtml(input: BasinsReportInput): string {
  const { map } = input;
  // Image rows top to bottom are y from high to low (row j of the map is y0 + j·dy).
  const rgb = new Uint8Array(map.nx * map.ny * 3);
  const colours = new Map<number, [number, number, number]>();
  for (let r = 0; r < map.ny; r++) {
    const j = map.ny - 1 - r;
    for (let i = 0; i < map.nx; i++) {
      const label = map.labels[j * map.nx + i];
      let c = colours.get(label);
      if (!c) { c = rgbOf(basinColour(label)); colours.set(label, c); }
      rgb.set(c, (r * map.nx + i) * 3);
    }
  }
  const png = pngRgb(map.nx, map.ny, rgb).toString('base64');
  const S = 480;
  const box = { left: 64, right: 64 + S, top: 12, bottom: 12 + S };
  const [[x0, x1], [y0, y1]] = map.bounds;
  const x = scale(x0, x1, box.left, box.right, false);
  const y = scale(y0, y1, box.bottom, box.top, false);
  // Each start is a cell centred on its coordinate: the image spans half a cell beyond the bounds.
  const hx = (box.right - box.left) / (map.nx - 1) / 2;
  const hy = (box.bottom - box.top) / (map.ny - 1) / 2;
  const marks = map.minima.flatMap((m, i) => {
    const mx = m[input.axes[0]];
    const my = m[input.axes[1]];
    if (!(mx >= x0 && mx <= x1 && my >= y0 && my <= y1)) return [];
    const px = r3(x.at(mx));
    const py = r3(y.at(my));
    return [el('circle', { cx: px, cy: py, r: 6, fill: '#fff', stroke: '#000', 'stroke-width': 1.5, 'data-minimum': i }),
      el('text', { x: px, y: py + 4, 'text-anchor': 'middle', 'font-weight': 'bold', fill: '#000' }, String.fromCharCode(65 + (i % 26)))];
  });
  const chart = el('svg', { width: box.right + 20, height: box.bottom + 52, role: 'img', 'aria-label': 'basins of attraction: start points coloured by the minimum their run ends in' },
    el('image', { href: `data:image/png;base64,${png}`, x: r3(box.left - hx), y: r3(box.top - hy), width: r3(box.right - box.left + 2 * hx), height: r3(box.bottom - box.top + 2 * hy), preserveAspectRatio: 'none', style: 'image-rendering:pixelated' }),
    ...axes(x, y, box, { x: input.variables[0], y: input.variables[1], xLog: false, yLog: false }),
    ...marks);
  const total = map.nx * map.ny;
  const share = (n: number): string => `${fmtNum((100 * n) / total, 3)} %`;
  const row = (label: number, name: string, point: string, kind: string, starts: number): El => el('tr', { 'data-label': label },
    el('td', {}, el('span', { class: 'sw', style: `background:${basinColour(label)}` }), name), el('td', {}, point), el('td', {}, kind), el('td', { class: 'num' }, String(starts)), el('td', { class: 'num' }, share(starts)));
  const legend = el('table', {},
    el('tr', {}, ...['label', 'end point', 'kind', 'starts', 'share'].map(h => el('th', {}, h))),
    ...map.minima.map((m, i) => row(i, String.fromCharCode(65 + (i % 26)), `(${m.map(v => fmtNum(v, 5)).join(', ')})`, map.minimaKind[i] === 'known' ? 'known minimum' : 'end-point cluster', map.counts.minima[i])),
    row(BASIN_DIVERGED, 'diverged', '—', 'the run diverged', map.counts.diverged),
    row(BASIN_UNSETTLED, 'elsewhere', '—', 'ended away from every minimum', map.counts.unsettled));
  return page(input.title, [
    el('h1', {}, input.title),
    el('p', { class: 'sub' }, input.subtitle),
    chart,
    legend,
    ...(map.cancelled ? [el('p', {}, 'cancelled: starts not run are shown as "elsewhere"')] : []),
  ], input.json);
}
