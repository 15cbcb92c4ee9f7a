import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, fixture, gradientLines, hoverTexts, ourHover, percentile, recordTiming, valueOf } from './helpers';

const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(file));
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(0, 0, 0, 0); // no selection: a selection is hovered as it is
  return doc;
}

describe('hovers in the languages people write maths in', () => {
  after(closeAll);

  it('Markdown with TeX: $f(x) = \\frac{1}{2} x^2 + 3x$ and a display $$…$$', async () => {
    const doc = await open('tex.md');
    const md = await ourHover(doc, '\\frac');
    assert.ok(md, 'no hover on inline TeX');
    // ∂/∂x (½x² + 3x) = x + 3: 5 at x = 2, 3 at x = 0.
    const g = gradientLines(md);
    near(valueOf(g.get('x')!, ['x'], [2]), 5, '∂f/∂x(2)');
    near(valueOf(g.get('x')!, ['x'], [0]), 3, '∂f/∂x(0)');
    const s = await ourHover(doc, 'e^{-t}', 2);
    assert.ok(s, 'no hover on display TeX');
    // σ'(t) = σ(t)(1 − σ(t)): ¼ at t = 0; at t = 1: e⁻¹/(1 + e⁻¹)².
    const gs = gradientLines(s);
    near(valueOf(gs.get('t')!, ['t'], [0]), 0.25, "σ'(0)");
    near(valueOf(gs.get('t')!, ['t'], [1]), Math.exp(-1) / (1 + Math.exp(-1)) ** 2, "σ'(1)");
  });

  it('LaTeX: an equation environment with \\cdot and \\sqrt', async () => {
    const doc = await open('notes.tex');
    const md = await ourHover(doc, '\\cdot');
    assert.ok(md, 'no hover in the equation');
    // f = x²y + √x: ∂f/∂x = 2xy + 1/(2√x), ∂f/∂y = x². At (4, 3): 24 + ¼ and 16.
    const g = gradientLines(md);
    near(valueOf(g.get('x')!, ['x', 'y'], [4, 3]), 24.25, '∂f/∂x(4, 3)');
    near(valueOf(g.get('y')!, ['x', 'y'], [4, 3]), 16, '∂f/∂y(4, 3)');
    assert.strictEqual(await ourHover(doc, 'nothing else'), undefined, 'prose in a LaTeX document');
  });

  it('Python: ** powers; a string and a call show nothing', async () => {
    const doc = await open('model.py');
    const g = gradientLines((await ourHover(doc, 'loss ='))!);
    // Rosenbrock at (0.5, 1): ∂f/∂x = −2(1 − x) − 400x(y − x²) = −151, ∂f/∂y = 200(y − x²) = 150.
    near(valueOf(g.get('x')!, ['x', 'y'], [0.5, 1]), -151, '∂f/∂x');
    near(valueOf(g.get('y')!, ['x', 'y'], [0.5, 1]), 150, '∂f/∂y');
    assert.strictEqual(await ourHover(doc, 'not math'), undefined);
    assert.strictEqual(await ourHover(doc, 'compute(values)'), undefined);
  });

  it('TypeScript: Math.sin/Math.cos', async () => {
    const doc = await open('model.ts');
    const g = gradientLines((await ourHover(doc, 'Math.sin'))!);
    near(valueOf(g.get('x')!, ['x', 'y'], [0, 0]), 1, '∂f/∂x(0, 0)');
    near(valueOf(g.get('y')!, ['x', 'y'], [Math.PI / 2, Math.PI / 2]), -1, '∂f/∂y(π/2, π/2)');
    assert.strictEqual(await ourHover(doc, 'plain string'), undefined);
  });

  it('Julia: x[1], x[2] become x1, x2 and the caption says so', async () => {
    const doc = await open('rosen.jl');
    const md = await ourHover(doc, '100 *');
    assert.ok(md, 'no hover on the Julia function');
    assert.match(md, /x1 is x\[1\]/);
    assert.match(md, /x2 is x\[2\]/);
    const g = gradientLines(md);
    near(valueOf(g.get('x1')!, ['x1', 'x2'], [0.5, 1]), -151, '∂f/∂x1');
    near(valueOf(g.get('x2')!, ['x1', 'x2'], [0.5, 1]), 150, '∂f/∂x2');
  });

  it('a Jupyter notebook: the Markdown cell (TeX) and the code cell (Python)', async () => {
    const nb = await vscode.workspace.openNotebookDocument(fixture('cells.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const [markdownCell, codeCell] = nb.getCells().map(c => c.document);
    assert.strictEqual(markdownCell.uri.scheme, 'vscode-notebook-cell');
    assert.strictEqual(markdownCell.languageId, 'markdown');
    assert.strictEqual(codeCell.languageId, 'python');
    // L(w) = ½w² + 4w → L'(w) = w + 4: 6 at w = 2.
    const m = await ourHover(markdownCell, '\\frac');
    assert.ok(m, 'no hover in the Markdown cell');
    near(valueOf(gradientLines(m).get('w')!, ['w'], [2]), 6, "L'(2)");
    // (a − 3)² + a·b² → ∂/∂a = 2(a − 3) + b², ∂/∂b = 2ab: at (1, 2): 0 and 4.
    const c = await ourHover(codeCell, '**2 +', 0);
    assert.ok(c, 'no hover in the code cell');
    const g = gradientLines(c);
    near(valueOf(g.get('a')!, ['a', 'b'], [1, 2]), 0, '∂/∂a');
    near(valueOf(g.get('b')!, ['a', 'b'], [1, 2]), 4, '∂/∂b');
  });

  it('the hover offers the gradient in five languages, as copy links', async () => {
    const doc = await open('model.py');
    const md = (await ourHover(doc, 'loss ='))!;
    for (const label of ['Python (NumPy)', 'PyTorch', 'JavaScript', 'LaTeX', 'Julia']) {
      const link = new RegExp(`\\[[^\\]]*${label.replace(/[()]/g, '\\$&')}\\]\\(command:optimizerLab\\.copyGradient\\?([^ )]+)`).exec(md);
      assert.ok(link, `no "${label}" copy link in:\n${md.slice(-1200)}`);
      const [text] = JSON.parse(decodeURIComponent(link[1])) as [string];
      assert.ok(typeof text === 'string' && text.length > 10, `${label}: ${text}`);
    }
  });

  it('later hovers are fast: p95 of 40 hovers', async function () {
    this.timeout(120000);
    const docs = [await open('tex.md'), await open('model.py'), await open('notes.tex')];
    const needles: [vscode.TextDocument, string][] = [[docs[0], '\\frac'], [docs[0], 'e^{-t}'], [docs[1], 'loss ='], [docs[1], '100*'], [docs[2], '\\cdot']];
    const times: number[] = [];
    const a = await api();
    const before = a._hoverTimings().length;
    for (let i = 0; i < 40; i++) {
      const [doc, needle] = needles[i % needles.length];
      const at = doc.positionAt(doc.getText().indexOf(needle) + 1 + (i % 3));
      const t0 = performance.now();
      const texts = await hoverTexts(doc.uri, at);
      times.push(performance.now() - t0);
      assert.ok(texts.some(t => t.includes('Optimizer Lab')), `no hover at ${needle}`);
    }
    // Our provider's own time (the round trip also waits for every other hover provider of the window).
    const ours = a._hoverTimings().slice(before);
    const p95 = percentile(ours, 95);
    recordTiming('warmHover', { providerP95Ms: p95, providerMedianMs: percentile(ours, 50), roundTripP95Ms: percentile(times, 95), roundTripMedianMs: percentile(times, 50), n: times.length });
    // The goal is 50 ms; the bound leaves room for a loaded CI machine (the figures are recorded above).
    assert.ok(p95 < 250, `hover p95 ${p95.toFixed(1)} ms (our provider)`);
  });
});
