// The integration tests that apply to VS Code for the Web, run in code-server's web worker
// extension host (`node test/integration/runInCodeServer.mjs --web`, which bundles this file for
// the browser). No Node here: files are read through workspace.fs, the report goes to the console
// as one line `OPTIMIZER_LAB_WEB_RESULT {json}`, which the launcher picks up. run() rejecting means
// exit code 1.
import * as vscode from 'vscode';
import { parseObjective } from '../../../src/core/expr';
import type { BasinView, RunConfig, SweepView } from '../../../src/core/protocol';
import { runPanelSweep, sweepTargetFor } from '../../../src/extension/panelSweep';
import type { WebWorkerRun } from '../../../src/extension/webWorkerPool';

const EXTENSION_ID = 'optimizer-lab.optimizer-lab';

interface Api {
  gradientView(): { expression: string; partials: string[] } | undefined;
  lastRun(): { expression: string; variables: string[]; runs: { optimizer: string; stop: { reason: string; step: number }; finalParams: number[] }[] } | undefined;
  panels(): { title: string; ready: boolean }[];
  loadedModules(): string[];
  _unexpectedErrors(): string[];
  _panelMessage(raw: unknown): Promise<void>;
  _panelResults(): Promise<{ sweep?: SweepView; basins?: BasinView; webWorkerRuns: WebWorkerRun[] }>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  check(folder, 'no workspace folder open');
  return vscode.Uri.joinPath(folder, name);
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  check(ext, `${EXTENSION_ID} not found`);
  return (await ext.activate()) as Api;
}

/** Our hover's markdown at the first occurrence of `needle` in the fixture. */
async function hoverAt(file: string, needle: string): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(fixture(file));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.positionAt(doc.getText().indexOf(needle) + 1);
  editor.selection = new vscode.Selection(at, at);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  const texts = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)));
  return texts.find(t => t.includes('Optimizer Lab'));
}

/** `∂f/∂v = …` lines of the hover's code block, evaluated at a point. */
function partialAt(markdown: string, v: string, vars: string[], at: number[]): number {
  const line = new RegExp(`^∂f/∂${v} = (.+)$`, 'm').exec(/```text\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '');
  check(line, `no ∂f/∂${v} line in:\n${markdown.slice(0, 400)}`);
  const p = parseObjective(line[1], { variables: vars });
  check(p.ok, `does not parse back: ${line[1]}`);
  return p.value.f(at);
}

const tests: [string, () => Promise<void>][] = [
  ['runs in the web worker extension host and activates with no heavy bundle loaded', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    check(ext, 'not installed');
    check(ext.extensionKind === vscode.ExtensionKind.UI, `extensionKind ${ext.extensionKind}: not the web worker host`);
    check(typeof (globalThis as { process?: unknown }).process === 'undefined', 'a Node `process` is defined: not the web worker host');
    const a = await api();
    check(a.loadedModules().length === 0, `loaded at activation: ${a.loadedModules().join(', ')}`);
  }],
  ['hover in Markdown: the Rosenbrock gradient, rendered by MathJax', async () => {
    const md = await hoverAt('notes.md', '100*(y');
    check(md, 'no hover');
    // ∂f/∂x = −2(1−x) − 400x(y−x²), ∂f/∂y = 200(y−x²); at (0.5, 1): −151 and 150.
    check(Math.abs(partialAt(md, 'x', ['x', 'y'], [0.5, 1]) + 151) < 1e-9, 'wrong ∂f/∂x');
    check(Math.abs(partialAt(md, 'y', ['x', 'y'], [0.5, 1]) - 150) < 1e-9, 'wrong ∂f/∂y');
    check(/!\[f = .*\]\(data:image\/svg\+xml;base64,/.test(md), 'f not rendered as an SVG image');
  }],
  ['hover in Python: the tree-sitter grammar read through workspace.fs', async () => {
    const md = await hoverAt('model.py', 'loss =');
    check(md, 'no hover');
    check(Math.abs(partialAt(md, 'x', ['x', 'y'], [0.5, 1]) + 151) < 1e-9, 'wrong ∂f/∂x');
  }],
  ['the Gradient view shows ∂f/∂v for the formula at the cursor', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'loss = x**2 * y + 3*y\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    await vscode.commands.executeCommand('optimizerLab.gradient.focus');
    const view = await waitFor(() => (a.gradientView()?.expression.includes('y') ? a.gradientView() : undefined), 30000, 'the view to show loss');
    // f = x²y + 3y: ∂f/∂x = 2xy, ∂f/∂y = x² + 3; at (2, 5): 20 and 7.
    const md = ['```text', ...view.partials, '```'].join('\n');
    check(partialAt(md, 'x', ['x', 'y'], [2, 5]) === 20, 'wrong ∂f/∂x');
    check(partialAt(md, 'y', ['x', 'y'], [2, 5]) === 7, 'wrong ∂f/∂y');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  }],
  ['Optimize Selection runs the selected formula', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({ language: 'rust', content: 'let v = a*b^2 + 1;' });
    // The command reads the active editor's selection: show the editor and select until the workbench
    // reports this editor active with that selection (on a busy machine a previous test's editor or
    // panel can still take the focus after the first show).
    const selected = (): boolean => vscode.window.activeTextEditor?.document === doc && doc.getText(vscode.window.activeTextEditor.selection) === 'a*b^2 + 1';
    const where = (): string => {
      const e = vscode.window.activeTextEditor;
      return e ? `${e.document.uri.toString()} selecting '${e.document.getText(e.selection)}'` : 'no active text editor';
    };
    await waitFor(async () => {
      if (selected()) return true;
      // The focus may sit in a view or a panel: back to the first editor group, then show and select.
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false, preserveFocus: false });
      editor.selection = new vscode.Selection(0, 8, 0, 17);
      await new Promise(r => setTimeout(r, 200));
      return selected() || undefined;
    }, 30000, 'the editor with the selection to be active').catch((e: Error) => { throw new Error(`${e.message} (active: ${where()})`); });
    await vscode.commands.executeCommand('optimizerLab.optimizeSelection');
    const run = a.lastRun();
    check(run && run.variables.join() === 'a,b', `variables ${run?.variables.join()}`);
  }],
  ['the palette command runs the optimizers and the panel renders', async () => {
    const a = await api();
    // x ← (1 − 2η)x with η = 1.5: f = 0.34·4^k exceeds f(start) + 1e6 from update 11 on, so the
    // growth rule (10 updates in a row) stops the run at update 20.
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', {
      expression: 'x^2 + y^2', start: [0.5, -0.3], optimizers: ['sgd'], steps: 200, hyperparameters: { sgd: { lr: 1.5 } },
    });
    const sgd = a.lastRun()?.runs[0];
    check(sgd, 'no run');
    check(sgd.stop.reason === 'diverged' && sgd.stop.step === 20, `stop ${JSON.stringify(sgd.stop)}`);
    await waitFor(() => a.panels().some(p => p.ready), 30000, 'the webview to post ready');
  }],
  ['a dataset read through workspace.fs: full-batch gradient descent reaches the least-squares line', async () => {
    const a = await api();
    const csv = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media', 'datasets', 'linear-regression.csv');
    const rows = new TextDecoder().decode(await vscode.workspace.fs.readFile(csv)).trim().split('\n').slice(1).map(l => l.split(',').map(Number));
    const n = rows.length;
    const mx = rows.reduce((s, r) => s + r[0], 0) / n;
    const my = rows.reduce((s, r) => s + r[1], 0) / n;
    const sxy = rows.reduce((s, r) => s + (r[0] - mx) * (r[1] - my), 0);
    const sxx = rows.reduce((s, r) => s + (r[0] - mx) ** 2, 0);
    // Closed form on the original x; on standardised x' = (x − μ)/σ the same line has
    // w' = slope·σ and b' = intercept + slope·μ = ȳ.
    const slope = sxy / sxx;
    const expected = [slope * Math.sqrt(sxx / n), my];
    await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', {
      file: csv.toString(), loss: '(w*x + b - y)^2', batchSize: 'full', epochs: 300, rescale: 'standard',
      optimizers: ['sgd'], hyperparameters: { sgd: { lr: 0.25 } },
    });
    const run = a.lastRun();
    check(run && run.variables.join() === 'b,w', `variables ${run?.variables.join()}`);
    const [b, w] = run.runs[0].finalParams;
    check(Math.abs(w - expected[0]) < 1e-6 * Math.abs(expected[0]), `w ${w} vs ${expected[0]}`);
    check(Math.abs(b - expected[1]) < 1e-6 * Math.abs(expected[1]), `b ${b} vs ${expected[1]}`);
    // A learning-rate sweep of that dataset panel runs in Web Workers. The mean loss on standardised x
    // has Hessian 2·I, so full-batch GD with η = 0.25 halves the error every update: after 300 it is
    // at the least-squares minimum, (Syy − Sxy²/Sxx)/n; with η = 0.01 it is still above it.
    const syy = rows.reduce((s, r) => s + (r[1] - my) ** 2, 0);
    const minimum = (syy - (sxy * sxy) / sxx) / n;
    const runsBefore = (await a._panelResults()).webWorkerRuns.length;
    await a._panelMessage({ type: 'requestSweep', grid: { lo: 0.01, hi: 0.25, n: 2 }, steps: 300 });
    const { sweep, webWorkerRuns } = await a._panelResults();
    const runs = webWorkerRuns.slice(runsBefore);
    check(runs.length === 1 && runs[0].kind === 'sweep' && runs[0].tasks === 2 && runs[0].results === 2 && runs[0].outcome === 'finished', `dataset sweep runs in Web Workers: ${JSON.stringify(runs)}`);
    const [slow, fast] = sweep?.runs[0].points ?? [];
    check(fast && fast.finalLoss !== null && Math.abs(fast.finalLoss - minimum) < 1e-9 * minimum, `η = 0.25: final loss ${fast?.finalLoss} vs the minimum ${minimum}`);
    check(slow && slow.finalLoss !== null && slow.finalLoss > minimum * (1 + 1e-6), `η = 0.01: final loss ${slow?.finalLoss} should stay above ${minimum}`);
  }],
  ['a learning-rate sweep and a basin map run in Web Workers: the same sweep as the host’s slices, the map split at x = 0; no error', async () => {
    const a = await api();
    const config: RunConfig = {
      expression: '(x^2 - 1)^2 + y^2', start: [0.5, 0.5], optimizers: ['sgd'], convention: 'pytorch', steps: 100,
      hyperparameters: { sgd: { lr: 0.05 } }, schedule: { kind: 'constant' },
    };
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', {
      expression: config.expression, start: config.start, optimizers: config.optimizers, steps: config.steps, hyperparameters: config.hyperparameters,
    });
    const before = a._unexpectedErrors().length;
    const runsBefore = (await a._panelResults()).webWorkerRuns.length;
    // resolves once the host has handled (computed and posted) each
    const grid = { lo: 1e-3, hi: 1, n: 5 };
    await a._panelMessage({ type: 'requestSweep', grid, steps: 100 });
    await a._panelMessage({ type: 'requestBasins', run: 0, grid: 10, steps: 100, x: [-1.5, 1.5], y: [-1, 1], request: 1 });
    const errors = a._unexpectedErrors().slice(before);
    check(errors.length === 0, `unexpected errors: ${errors.join('; ')}`);
    const { sweep, basins, webWorkerRuns } = await a._panelResults();
    const runs = webWorkerRuns.slice(runsBefore);
    check(runs.length === 2, `runs in Web Workers: ${JSON.stringify(webWorkerRuns)}`);
    check(runs[0].kind === 'sweep' && runs[0].tasks === 5 && runs[0].results === 5 && runs[0].outcome === 'finished' && runs[0].workers >= 1, `sweep run ${JSON.stringify(runs[0])}`);
    check(runs[1].kind === 'basins' && runs[1].tasks === 10 && runs[1].results === 10 && runs[1].outcome === 'finished', `basins run ${JSON.stringify(runs[1])}`);
    // the sweep: the same numbers as the sliced path run here, to the bit
    const target = sweepTargetFor(config);
    check(target.ok, 'sweep target');
    const sliced = await runPanelSweep(target.value, grid, 100, { cancelled: false }, () => undefined, () => new Promise(r => setTimeout(r, 0)));
    check(sliced.ok && sweep && !sweep.cancelled, 'both sweeps finished');
    check(sweep.grid.length === 5 && sweep.grid.every((lr, i) => Object.is(lr, sliced.value.grid[i])), `grid ${sweep.grid}`);
    for (const [i, p] of sweep.runs[0].points.entries()) {
      const q = sliced.value.runs[0].points[i];
      check(Object.is(p.finalLoss, q.finalLoss) && Object.is(p.bestLoss, q.bestLoss) && p.diverged === q.diverged, `lr ${p.lr}: ${JSON.stringify(p)} vs ${JSON.stringify(q)}`);
    }
    // the map: gradient descent on (x² − 1)² + y² keeps the sign of x, so the 5 columns left of
    // x = 0 end in the minimum at x = −1 and the 5 right of it in the one at x = 1
    check(basins && basins.nx === 10 && basins.ny === 10 && !basins.cancelled && basins.diverged === 0 && basins.unsettled === 0, `map ${JSON.stringify(basins && { ...basins, labels: undefined })}`);
    for (const [cell, label] of basins.labels.entries()) {
      const end = basins.minima[label]?.point[0];
      check(end !== undefined && Math.abs(Math.abs(end) - 1) < 1e-3 && Math.sign(end) === (cell % 10 < 5 ? -1 : 1), `start ${cell}: label ${label}, minimum ${JSON.stringify(basins.minima[label])}`);
    }
  }],
];

export async function run(): Promise<void> {
  const lines: string[] = [];
  let failures = 0;
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      lines.push(`  ✔ ${name} (${Date.now() - t0}ms)`);
    } catch (e) {
      failures++;
      lines.push(`  ✗ ${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
  const summary = `${tests.length - failures} passed, ${failures} failed`;
  lines.push(summary);
  console.log(`OPTIMIZER_LAB_WEB_RESULT ${JSON.stringify({ total: tests.length, failures, summary, output: lines.join('\n') })}`);
  if (failures > 0) throw new Error(`${failures} tests failed`);
}
