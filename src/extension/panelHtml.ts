/**
 * The panel's HTML shell: a strict CSP, one stylesheet, a root element and one script.
 * No markup or logic beyond that: the webview bundle builds the view.
 */
export interface ShellOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

export function panelHtml(o: ShellOptions): string {
  // img-src data: for the PNG export preview; fonts are inlined into the stylesheet as data URLs.
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource} data:`,
    `img-src ${o.cspSource} data: blob:`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">`,
    `<title>${escapeAttr(o.title)}</title>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}
