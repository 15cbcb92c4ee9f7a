/**
 * The basin layer's pure logic (no DOM): a colour per label (each minimum its own colour from a
 * categorical palette that is not the runs' palette, diverged starts dark grey, starts that ended
 * at no minimum light grey), the legend's entries naming each minimum's coordinates, the RGBA
 * pixels of the layer (one pixel per start, row 0 of the image at the top, i.e. the grid's last
 * row y[1]) and the data rectangle the image covers (each start at the centre of its cell). The
 * default request: 150 × 150 starts over the view, the run's steps. Unit-tested in plain Node.
 */
import type { BasinView } from '../core/protocol';

/** Starts per axis unless the person asks for another grid. */
export const DEFAULT_BASIN_GRID = 150;
/** Labels of core's basin map beyond the minima's indices (src/core/sweep/types.ts). */
export const LABEL_DIVERGED = -1;
export const LABEL_UNSETTLED = -2;
/** Opacity of the layer over the contour bands (the isolines are drawn above it). */
export const BASIN_ALPHA = 0.55;

/** Tableau 10: distinct hues, apart from the runs' Okabe–Ito colours. */
export const BASIN_PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'] as const;
export const DIVERGED_COLOUR = '#2b2b2b';
export const UNSETTLED_COLOUR = '#e0e0e0';

/** The colour of a label: minimum i, diverged or no minimum. */
export function basinColour(label: number): string {
  if (label === LABEL_DIVERGED) return DIVERGED_COLOUR;
  if (label < 0) return UNSETTLED_COLOUR;
  return BASIN_PALETTE[label % BASIN_PALETTE.length];
}

/** '#rrggbb' → [r, g, b]. */
export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Coordinates to 4 significant digits: "(3, 2)", "(−2.805, 3.131)". */
export function formatPoint(p: readonly number[], axes: readonly [number, number] = [0, 1]): string {
  const f = (v: number) => String(Number(v.toPrecision(4))).replace('-', '−');
  const shown = p.length > 2 ? [p[axes[0]], p[axes[1]]] : p;
  return `(${shown.map(f).join(', ')})`;
}

export interface BasinLegendEntry {
  label: number;
  colour: string;
  text: string;
  starts: number;
}

/** One entry per minimum that some start ended in, then diverged and no minimum (when any start did). */
export function basinLegend(view: BasinView, axes: readonly [number, number] = [0, 1]): BasinLegendEntry[] {
  const out: BasinLegendEntry[] = [];
  view.minima.forEach((m, i) => {
    if (m.starts > 0) out.push({ label: i, colour: basinColour(i), text: `${m.kind === 'known' ? 'minimum' : 'end point'} ${formatPoint(m.point, axes)}`, starts: m.starts });
  });
  if (view.diverged > 0) out.push({ label: LABEL_DIVERGED, colour: DIVERGED_COLOUR, text: 'diverged', starts: view.diverged });
  if (view.unsettled > 0) out.push({ label: LABEL_UNSETTLED, colour: UNSETTLED_COLOUR, text: 'no minimum (ended elsewhere)', starts: view.unsettled });
  return out;
}

/** nx × ny RGBA pixels, opaque; image row r is grid row ny − 1 − r (y grows upwards on the map). */
export function basinPixels(view: Pick<BasinView, 'nx' | 'ny' | 'labels'>): Uint8ClampedArray<ArrayBuffer> {
  const { nx, ny, labels } = view;
  const out = new Uint8ClampedArray(nx * ny * 4);
  const cache = new Map<number, [number, number, number]>();
  for (let j = 0; j < ny; j++) {
    const r = ny - 1 - j;
    for (let i = 0; i < nx; i++) {
      const label = labels[j * nx + i];
      let rgb = cache.get(label);
      if (!rgb) {
        rgb = rgbOf(basinColour(label));
        cache.set(label, rgb);
      }
      const o = (r * nx + i) * 4;
      out[o] = rgb[0];
      out[o + 1] = rgb[1];
      out[o + 2] = rgb[2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The data rectangle the image covers: half a grid step beyond the first and last starts on each axis. */
export function basinExtent(view: Pick<BasinView, 'nx' | 'ny' | 'x' | 'y'>): { x: [number, number]; y: [number, number] } {
  const dx = (view.x[1] - view.x[0]) / (view.nx - 1);
  const dy = (view.y[1] - view.y[0]) / (view.ny - 1);
  return { x: [view.x[0] - dx / 2, view.x[1] + dx / 2], y: [view.y[0] - dy / 2, view.y[1] + dy / 2] };
}

/** The label of the start nearest to (x, y), or undefined outside the grid's cells. */
export function labelAt(view: Pick<BasinView, 'nx' | 'ny' | 'x' | 'y' | 'labels'>, x: number, y: number): number | undefined {
  const i = Math.round(((x - view.x[0]) / (view.x[1] - view.x[0])) * (view.nx - 1));
  const j = Math.round(((y - view.y[0]) / (view.y[1] - view.y[0])) * (view.ny - 1));
  if (i < 0 || j < 0 || i >= view.nx || j >= view.ny) return undefined;
  return view.labels[j * view.nx + i];
}

/** The status line under the controls once a map arrived. */
export function basinStatus(view: BasinView, name: string): string {
  const starts = view.nx * view.ny;
  const head = view.cancelled ? 'cancelled: the rows finished so far' : `${starts.toLocaleString('en-US')} starts (${view.nx} × ${view.ny})`;
  return `${head} · ${name}, up to ${view.steps.toLocaleString('en-US')} steps each · ${(view.elapsedMs / 1000).toFixed(1)} s`;
}
