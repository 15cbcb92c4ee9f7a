/**
 * Exports: the map with its paths as PNG, the traces as CSV and JSON. Inside VS Code the content
 * goes to the host (`{type:'export'}`; it asks where to save); in the standalone report there is no
 * host, so the browser downloads a Blob.
 *
 * PNG `content` is the image's base64 (no `data:` prefix); CSV and JSON are the text itself.
 */
import type { PanelModel, WebviewMessage } from '../core/protocol';
import type { PanelApi } from './vscodeApi';
import { referenceName } from './store';
import { panelRunsJson, tracesToCsv as runsToCsv } from '../core/traceCsv';

/** The runs as CSV, in the layout the CLI writes too (src/core/traceCsv.ts). */
export function tracesToCsv(model: PanelModel): string {
  return runsToCsv(model.objective.variables, model.runs);
}

export function tracesToJson(model: PanelModel): string {
  return panelRunsJson(model);
}

/** A safe file name stem from the objective (the host accepts [\w.-] only). */
export function fileStem(model: PanelModel): string {
  const base = model.reference ? referenceName(model.reference) : 'optimizer-lab';
  const s = base.toLowerCase().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s || 'optimizer-lab';
}

export function deliver(api: PanelApi, format: 'png' | 'csv' | 'json', filename: string, content: string): void {
  if (api.hosted) {
    const msg: WebviewMessage = { type: 'export', format, filename, content };
    api.post(msg);
    return;
  }
  let blob: Blob;
  if (format === 'png') {
    const bin = atob(content);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    blob = new Blob([bytes], { type: 'image/png' });
  } else blob = new Blob([content], { type: format === 'csv' ? 'text/csv' : 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Layers stacked into one image, with the legend text drawn under the map. */
export function composePng(layers: HTMLCanvasElement[], legend: { label: string; colour: string; detail: string }[], bg: string, fg: string, font: string): string {
  const w = layers[0].width;
  const h = layers[0].height;
  const ratio = w / Math.max(1, layers[0].clientWidth || w);
  const lineH = Math.round(18 * ratio);
  const out = document.createElement('canvas');
  out.width = w;
  out.height = h + lineH * legend.length + Math.round(10 * ratio);
  const ctx = out.getContext('2d');
  if (!ctx) return '';
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const l of layers) ctx.drawImage(l, 0, 0);
  ctx.font = `${Math.round(12 * ratio)}px ${font}`;
  ctx.textBaseline = 'middle';
  legend.forEach((item, i) => {
    const y = h + Math.round(6 * ratio) + lineH * i + lineH / 2;
    ctx.fillStyle = item.colour;
    ctx.fillRect(Math.round(12 * ratio), y - 4 * ratio, 14 * ratio, 8 * ratio);
    ctx.fillStyle = fg;
    ctx.fillText(`${item.label} — ${item.detail}`, Math.round(32 * ratio), y);
  });
  return out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
