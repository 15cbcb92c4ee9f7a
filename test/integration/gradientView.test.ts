import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseObjective } from '../../src/core/expr';
import { api, closeAll, waitFor } from './helpers';

function partial(lines: string[], v: string): string {
  const line = lines.find(l => l.startsWith(`∂f/∂${v} = `));
  assert.ok(line, `no ∂f/∂${v} in ${JSON.stringify(lines)}`);
  return line.slice(`∂f/∂${v} = `.length);
}
const valueAt = (text: string, vars: string[], at: number[]) => {
  const p = parseObjective(text, { variables: vars });
  assert.ok(p.ok, text);
  return p.value.f(at);
};

describe('the Gradient view (pinned, follows the cursor)', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await closeAll();
  });

  it('shows f and each ∂f/∂v for the formula at the cursor, and follows edits and moves', async function () {
    this.timeout(60000);
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import math\nloss = x**2 * y + 3*y\nother = a**3\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 10, 1, 10);
    await vscode.commands.executeCommand('optimizerLab.gradient.focus');
    const first = await waitFor(() => a.gradientView()?.expression.includes('y') ? a.gradientView() : undefined, 20000, 'the view to show loss');
    // f = x²y + 3y: ∂f/∂x = 2xy, ∂f/∂y = x² + 3; at (2, 5): 20 and 7.
    assert.strictEqual(valueAt(partial(first.partials, 'x'), ['x', 'y'], [2, 5]), 20);
    assert.strictEqual(valueAt(partial(first.partials, 'y'), ['x', 'y'], [2, 5]), 7);
    assert.match(first.f, /^\w+\(x, y\) = /);
    assert.match(first.source, /:2$/);

    // An edit of the formula updates the view (debounced): 3*y → 3*y**2, so ∂f/∂y = x² + 6y = 34 at (2, 5).
    await editor.edit(e => e.replace(new vscode.Range(1, 18, 1, 21), '3*y**2'));
    const edited = await waitFor(() => (a.gradientView()?.expression.includes('y^2') || a.gradientView()?.expression.includes('y ^ 2') ? a.gradientView() : undefined), 10000, 'the view to follow the edit');
    assert.strictEqual(valueAt(partial(edited.partials, 'y'), ['x', 'y'], [2, 5]), 34);

    // Moving the cursor to another formula follows it: a³ → 3a² = 12 at a = 2.
    editor.selection = new vscode.Selection(2, 9, 2, 9);
    const moved = await waitFor(() => (a.gradientView()?.partials.some(l => l.startsWith('∂f/∂a')) ? a.gradientView() : undefined), 10000, 'the view to follow the cursor');
    assert.strictEqual(valueAt(partial(moved.partials, 'a'), ['a'], [2]), 12);
    assert.match(moved.source, /:3$/);

    // Off any formula: the last one stays.
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    await new Promise(r => setTimeout(r, 400));
    await a._gradientViewSettled();
    assert.ok(a.gradientView()?.partials.some(l => l.startsWith('∂f/∂a')));
  });

  it('notes the names the translation introduced (x1 is x[1])', async function () {
    this.timeout(30000);
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({ language: 'julia', content: 'g(x) = x[1]^2 + 4 * x[2]\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 14, 0, 14);
    const s = await waitFor(() => (a.gradientView()?.note ? a.gradientView() : undefined), 20000, 'the renamed note');
    assert.match(s.note!, /x1 is x\[1\]/);
    assert.match(s.note!, /x2 is x\[2\]/);
    // ∂/∂x1 = 2·x1 = 6 at x1 = 3; ∂/∂x2 = 4.
    assert.strictEqual(valueAt(partial(s.partials, 'x1'), ['x1', 'x2'], [3, 1]), 6);
    assert.strictEqual(valueAt(partial(s.partials, 'x2'), ['x1', 'x2'], [3, 1]), 4);
  });
});
