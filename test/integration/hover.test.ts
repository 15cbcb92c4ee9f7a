import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, fixture, gradientLines, valueOf, waitFor } from './helpers';

/** Our hover's markdown at the first occurrence of `needle` in the fixture (undefined: no hover of ours). */
async function hoverAt(file: string, needle: string, offset = 1): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(fixture(file));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.positionAt(doc.getText().indexOf(needle) + offset);
  // No selection: a selection under the cursor is hovered as it is, in any language.
  editor.selection = new vscode.Selection(at, at);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  const texts = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)));
  return texts.find(t => t.includes('Optimizer Lab'));
}

describe('gradients on hover', () => {
  it('Markdown inline code: the Rosenbrock gradient, each line re-parseable and right', async () => {
    const md = await hoverAt('notes.md', '100*(y');
    assert.ok(md, 'no hover');
    const g = gradientLines(md);
    assert.deepStrictEqual([...g.keys()], ['x', 'y']);
    // ∂f/∂x = −2(1−x) − 400x(y−x²), ∂f/∂y = 200(y−x²); at (0.5, 1): −1 − 150 = −151 and 150.
    assert.ok(Math.abs(valueOf(g.get('x')!, ['x', 'y'], [0.5, 1]) - -151) < 1e-9);
    assert.ok(Math.abs(valueOf(g.get('y')!, ['x', 'y'], [0.5, 1]) - 150) < 1e-9);
    assert.match(md, /!\[f = .*\]\(data:image\/svg\+xml;base64,/, 'f rendered as an SVG image');
    assert.match(md, /\[Optimize this\]\(command:optimizerLab\.optimizeExpression\?/);
    assert.match(md, /\[Copy gradient\]\(command:optimizerLab\.copyGradient\?/);
  });

  it('Markdown math fence: f(x, y) = x^2 + a y^2, a symbol the left side does not list is a variable too', async () => {
    const g = gradientLines((await hoverAt('notes.md', 'f(x, y)'))!);
    // The TeX reader's rule: the left side's variables in order, then the others (a).
    assert.deepStrictEqual([...g.keys()], ['x', 'y', 'a']);
    // ∂f/∂x = 2x, ∂f/∂y = 2ay, ∂f/∂a = y²; at (x, y, a) = (3, −2, 10): 6, −40 and 4.
    const at = [3, -2, 10];
    assert.strictEqual(valueOf(g.get('x')!, ['x', 'y', 'a'], at), 6);
    assert.strictEqual(valueOf(g.get('y')!, ['x', 'y', 'a'], at), -40);
    assert.strictEqual(valueOf(g.get('a')!, ['x', 'y', 'a'], at), 4);
  });

  it('Python assignment with ** and a comment formula', async () => {
    const g = gradientLines((await hoverAt('model.py', 'loss ='))!);
    assert.ok(Math.abs(valueOf(g.get('x')!, ['x', 'y'], [0.5, 1]) - -151) < 1e-9);
    // `3x*y`: a number glued to a name is a product in maths text.
    const c = gradientLines((await hoverAt('model.py', 'f(x, y) = x^2 + 3x*y', 12))!);
    // ∂/∂x (x² + 3xy) = 2x + 3y, ∂/∂y = 3x; at (1, 2): 8 and 3.
    assert.strictEqual(valueOf(c.get('x')!, ['x', 'y'], [1, 2]), 8);
    assert.strictEqual(valueOf(c.get('y')!, ['x', 'y'], [1, 2]), 3);
  });

  it('TypeScript with Math. prefixes', async function () {
    this.timeout(120000); // the first TypeScript document also starts VS Code's own TypeScript server
    const g = gradientLines((await hoverAt('model.ts', 'Math.sin'))!);
    // ∂/∂x sin(x)cos(y) = cos(x)cos(y); at (0, 0): 1. ∂/∂y = −sin(x)sin(y); at (π/2, π/2): −1.
    assert.ok(Math.abs(valueOf(g.get('x')!, ['x', 'y'], [0, 0]) - 1) < 1e-12);
    assert.ok(Math.abs(valueOf(g.get('y')!, ['x', 'y'], [Math.PI / 2, Math.PI / 2]) - -1) < 1e-12);
  });

  it('a selection is hovered in any language, even one not in hover.languages', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'rust', content: 'let v = a*b^2 + 1;' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 8, 0, 17);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 10));
    const md = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).find(t => t.includes('Optimizer Lab'));
    const g = gradientLines(md!);
    // ∂/∂a (a·b² + 1) = b², ∂/∂b = 2ab; at (3, 2): 4 and 12.
    assert.strictEqual(valueOf(g.get('a')!, ['a', 'b'], [3, 2]), 4);
    assert.strictEqual(valueOf(g.get('b')!, ['a', 'b'], [3, 2]), 12);
  });

  it('plain text', async () => {
    const g = gradientLines((await hoverAt('formula.txt', '3*x'))!);
    assert.strictEqual(valueOf(g.get('x')!, ['x', 'y'], [1, 2]), 8);
  });

  it('shows nothing on ordinary code: calls, strings, lone numbers, prose', async () => {
    assert.strictEqual(await hoverAt('model.py', 'compute(values)'), undefined);
    assert.strictEqual(await hoverAt('model.py', 'not math'), undefined);
    assert.strictEqual(await hoverAt('model.ts', 'plain string'), undefined);
    assert.strictEqual(await hoverAt('model.ts', '42', 0), undefined);
    assert.strictEqual(await hoverAt('notes.md', 'classic'), undefined);
    assert.strictEqual(await hoverAt('notes.md', 'npm test'), undefined);
  });

  it('can be turned off, and limited to chosen languages', async () => {
    const config = vscode.workspace.getConfiguration('optimizerLab');
    try {
      // Settings reach the extension host asynchronously: poll for the change to apply.
      await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await hoverAt('formula.txt', '3*x')) === undefined || undefined, 5000, 'the hover to turn off');
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await hoverAt('formula.txt', '3*x')) !== undefined || undefined, 5000, 'the hover to turn on');
      await config.update('hover.languages', ['markdown'], vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await hoverAt('formula.txt', '3*x')) === undefined || undefined, 5000, 'plain text to be left out');
      assert.ok(await hoverAt('notes.md', '100*(y'));
    } finally {
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config.update('hover.languages', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('computes the hovers of the formulas on screen ahead: hovering one is a cache hit', async () => {
    const a = await api();
    const start = await a._hoverAhead();
    // A document no other test hovers, so nothing of it is cached yet.
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Ahead: the bowl $u^2 + 7 w^2$ and $\\frac{1}{2} u^2 + w$ here.\n' });
    await vscode.window.showTextDocument(doc);
    await new Promise(r => setTimeout(r, 1000));
    await waitFor(async () => ((await a._hoverAhead()).formulas >= start.formulas + 2) || undefined, 20000, 'the formulas on screen to be computed ahead');
    const before = await a._hoverAhead();
    const at = doc.positionAt(doc.getText().indexOf('7 w') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const md = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).find(t => t.includes('Optimizer Lab'));
    assert.ok(md, 'no hover');
    const g = gradientLines(md);
    assert.strictEqual(valueOf(g.get('w')!, ['u', 'w'], [1, 3]), 42); // ∂/∂w of 7 w² at w = 3
    const after = await a._hoverAhead();
    assert.strictEqual(after.computed, before.computed, 'the hover computed its content again');
    assert.strictEqual(after.hits, before.hits + 1, 'the hover did not use the computed-ahead content');
  });

  it('the bundles a hover needs loaded once each, and their code cache is written for the next window', async function () {
    this.timeout(40000);
    const a = await api();
    const hoverBundles = ['detect.js', 'engine.js', 'hover-render.js'];
    const loads = a._bundleLoads().filter(b => hoverBundles.includes(b.file));
    assert.deepStrictEqual(loads.map(b => b.file).sort(), hoverBundles, JSON.stringify(a._bundleLoads()));
    // A test window starts with empty global storage: no cache to read; one is written about 10 s after each load.
    for (const b of loads) assert.ok(b.cache === 'none' || b.cache === 'accepted', `${b.file}: code cache ${b.cache}`);
    // MathJax loads in the render worker thread, not in the extension host's thread (renderHost.ts)
    assert.strictEqual(loads.find(b => b.file === 'hover-render.js')?.thread, 'render worker', JSON.stringify(loads));
    await waitFor(() => a._bundleLoads().filter(b => hoverBundles.includes(b.file)).every(b => b.cache === 'accepted' || b.cacheWritten) || undefined, 30000, 'the code caches to be written');
  });
});
