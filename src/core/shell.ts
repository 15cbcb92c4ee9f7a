/**
 * The one HTML shell of the view: a CSP, a stylesheet, a root element and one script — in the
 * panel (resources by URI, nonce CSP) and in the CLI's standalone report (inlined, with the model
 * embedded as JSON). No markup or logic beyond that: the webview bundle builds the view.
 */

/** Element ids the webview bundle expects (src/webview/main.ts). */
export const ROOT_ID = 'app';
export const MODEL_ID = 'optimizer-lab-model';
/** Report mode: the stability chart's data (a StabilityView as JSON), shown once the model is. */
export const STABILITY_ID = 'optimizer-lab-stability';

export type ShellOptions = {
  title: string;
  csp: string;
  style: { href: string } | { inline: string };
  script: { src: string; nonce: string } | { inline: string };
  /** Report mode: the PanelModel as JSON, read by the bundle instead of waiting for a host. */
  modelJson?: string;
  /** Report mode: the stability chart's data as JSON (StabilityView). */
  stabilityJson?: string;
};

const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
/** Inline <script>/<style> content must not close its element early. */
const escapeInline = (s: string): string => s.replace(/<\/(script|style)/gi, '<\\/$1');
const escapeJson = (s: string): string => s.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function htmlShell(o: ShellOptions): string {
  const style = 'href' in o.style
    ? `<link rel="stylesheet" href="${escapeAttr(o.style.href)}">`
    : `<style>${escapeInline(o.style.inline)}</style>`;
  const script = 'src' in o.script
    ? `<script nonce="${escapeAttr(o.script.nonce)}" src="${escapeAttr(o.script.src)}"></script>`
    : `<script>${escapeInline(o.script.inline)}</script>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(o.csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    style,
    `<title>${escapeAttr(o.title)}</title>`,
    '</head>',
    '<body>',
    `<div id="${ROOT_ID}"></div>`,
    ...(o.modelJson ? [`<script type="application/json" id="${MODEL_ID}">${escapeJson(o.modelJson)}</script>`] : []),
    ...(o.stabilityJson ? [`<script type="application/json" id="${STABILITY_ID}">${escapeJson(o.stabilityJson)}</script>`] : []),
    script,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The panel's CSP: nothing inline, no eval; scripts only with the nonce. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource} data:`,
    `img-src ${cspSource} data: blob:`,
    `script-src 'nonce-${nonce}'`,
    // The contour worker is created from a Blob of the bundle's own code (no eval, no network).
    'worker-src blob:',
  ].join('; ');
}

/** The report's CSP: its own inline script and style only, no network at all. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: blob:; script-src 'unsafe-inline'; worker-src blob:";

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}
