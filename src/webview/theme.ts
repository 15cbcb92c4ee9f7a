/**
 * Theme: every colour the canvases and charts use is read from CSS custom properties (`--ol-*`,
 * defined in main.css over VS Code's `--vscode-*` variables with fallbacks for the standalone
 * report), so a theme switch is one re-read. VS Code switches themes by changing the body class
 * (`vscode-light` / `vscode-dark` / `vscode-high-contrast`) and the variables on <html>'s style;
 * `watchTheme` observes both (and the OS scheme for the report).
 *
 * The contour colour map does not follow the theme (its meaning must not change); axes, text,
 * isolines, legend and charts do.
 */
import type { MarkerShape } from './runStyle';

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

export interface Theme {
  kind: ThemeKind;
  fg: string;
  muted: string;
  bg: string;
  border: string;
  grid: string;
  isoline: string;
  focus: string;
  font: string;
  fontSize: number;
  /** Outline under coloured paths and markers so they read on any part of the colour map. */
  halo: string;
  /** Line width multiplier (high contrast draws heavier lines). */
  weight: number;
}

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function readTheme(): Theme {
  const cs = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const kind = themeKind();
  const fontSize = parseFloat(v('--ol-font-size', '13')) || 13;
  return {
    kind,
    fg: v('--ol-fg', kind === 'dark' ? '#cccccc' : '#1f2328'),
    muted: v('--ol-muted', '#6e7781'),
    bg: v('--ol-bg', kind === 'dark' ? '#1e1e1e' : '#ffffff'),
    border: v('--ol-border', 'rgba(128,128,128,0.35)'),
    grid: v('--ol-grid', 'rgba(128,128,128,0.18)'),
    isoline: v('--ol-isoline', 'rgba(0,0,0,0.3)'),
    focus: v('--ol-focus', '#0969da'),
    font: v('--ol-font', 'system-ui, sans-serif'),
    fontSize: Math.min(16, Math.max(10, fontSize)),
    halo: kind === 'high-contrast' ? '#000000' : 'rgba(0,0,0,0.6)',
    weight: kind === 'high-contrast' ? 1.5 : 1,
  };
}

/** Calls `onChange` (once per animation frame at most) when the theme may have changed. */
export function watchTheme(onChange: () => void): () => void {
  let queued = false;
  const fire = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', fire);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', fire);
  };
}

/** Run colours, marker shapes and dashes: see runStyle.ts (DOM-free, unit-tested). */
export { RUN_COLOURS, RUN_SHAPES, RUN_DASHES, runColour, runShape, runDash, runStyle, type MarkerShape } from './runStyle';

/** Adds a marker outline of `shape` centred at (x, y) with radius r to the current path. */
export function shapePath(ctx: CanvasRenderingContext2D | Path2D, shape: MarkerShape, x: number, y: number, r: number): void {
  const poly = (n: number, rot: number, inner?: number) => {
    const pts = inner ? n * 2 : n;
    for (let k = 0; k < pts; k++) {
      const a = rot + (k * 2 * Math.PI) / pts;
      const rr = inner && k % 2 === 1 ? r * inner : r;
      const px = x + rr * Math.cos(a);
      const py = y + rr * Math.sin(a);
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.closePath();
  };
  switch (shape) {
    case 'circle':
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      return;
    case 'square':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      return;
    case 'triangle':
      return poly(3, -Math.PI / 2);
    case 'triangle-down':
      return poly(3, Math.PI / 2);
    case 'diamond':
      return poly(4, 0);
    case 'pentagon':
      return poly(5, -Math.PI / 2);
    case 'hexagon':
      return poly(6, 0);
    case 'star':
      return poly(5, -Math.PI / 2, 0.5);
    case 'plus': {
      const w = r * 0.38;
      ctx.moveTo(x - w, y - r);
      ctx.lineTo(x + w, y - r);
      ctx.lineTo(x + w, y - w);
      ctx.lineTo(x + r, y - w);
      ctx.lineTo(x + r, y + w);
      ctx.lineTo(x + w, y + w);
      ctx.lineTo(x + w, y + r);
      ctx.lineTo(x - w, y + r);
      ctx.lineTo(x - w, y + w);
      ctx.lineTo(x - r, y + w);
      ctx.lineTo(x - r, y - w);
      ctx.lineTo(x - w, y - w);
      ctx.closePath();
      return;
    }
    case 'cross':
      return poly(4, Math.PI / 4, 0.42);
  }
}
