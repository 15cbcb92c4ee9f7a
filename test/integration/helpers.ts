import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import * as assert from 'assert';
import { parseObjective } from '../../src/core/expr';
import type { OptimizerLabApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'optimizer-lab.optimizer-lab';

// The extension's own API types: a test reads what activate() really returns, never a copy.
export type { GradientViewState } from '../../src/extension/gradientView';
export type { RunSummary } from '../../src/extension/panel';
export type Api = OptimizerLabApi;

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} not installed`);
  return (await ext.activate()) as Api;
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 10000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder, name);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('optimizerLab.panel'));
}

export const here = (p: string) => path.join(__dirname, p);

/** The hovers' markdown texts at a position (all providers). */
export async function hoverTexts(uri: vscode.Uri, at: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)));
}

/** Our hover's markdown at the first occurrence of `needle` in a document (undefined: no hover of ours). */
export async function ourHover(doc: vscode.TextDocument, needle: string, offset = 1): Promise<string | undefined> {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in ${doc.uri.toString()}`);
  return (await hoverTexts(doc.uri, doc.positionAt(i + offset))).find(t => t.includes('Optimizer Lab'));
}

/** Timings the integration tests measured, written to test-output/integration-timings.json for the report. */
export function recordTiming(name: string, value: unknown): void {
  const file = path.resolve(__dirname, '../../../test-output/integration-timings.json');
  let all: Record<string, unknown> = {};
  try { all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>; } catch { /* first entry */ }
  all[name] = value;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 1));
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The `∂f/∂v = …` lines of the hover's code block, as name → expression text. */
export function gradientLines(markdown: string): Map<string, string> {
  const block = /```text\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(block, `no code block in:\n${markdown.slice(0, 500)}`);
  const out = new Map<string, string>();
  for (const line of block[1].split('\n')) {
    const m = /^∂f\/∂(\w+) = (.+)$/.exec(line);
    assert.ok(m, `line not of the form ∂f/∂v = …: ${line}`);
    out.set(m[1], m[2]);
  }
  return out;
}

/** Evaluates a gradient line's text at a point (it must parse back as mathjs). */
export function valueOf(text: string, vars: string[], at: number[]): number {
  const p = parseObjective(text, { variables: vars });
  assert.ok(p.ok, `gradient text does not parse back: ${text}`);
  return p.value.f(at);
}
