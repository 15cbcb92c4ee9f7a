import * as assert from 'assert';
import * as vscode from 'vscode';
import { readExperiment } from '../../src/core/experiment/format';
import { api, closeAll, fixture, waitFor } from './helpers';

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const ours = (found ?? []).filter(l => l.command?.title === '▶ Optimize');
    return ours.length ? ours : undefined;
  }, 15000, `a ▶ Optimize CodeLens in ${uri.path}`);
}

describe('Experiment files and the ▶ Optimize CodeLens', () => {
  afterEach(closeAll);

  it('an experiment file has ▶ Optimize at the top, and it runs exactly that experiment', async () => {
    const a = await api();
    const uri = fixture('bowl.optlab.json');
    const [lens] = await lenses(uri);
    assert.strictEqual(lens.range.start.line, 0);
    assert.strictEqual(lens.command?.command, 'optimizerLab.openExperiment');
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const run = await waitFor(() => (a.lastRun()?.expression === 'x^2 + 4*y^2' ? a.lastRun() : undefined), 15000, 'the experiment\'s run');
    assert.deepStrictEqual(run.runs.map(r => r.optimizer), ['sgd', 'adam']);
    // SGD with η = 0.1 on x² + 4y²: x ← 0.8x, y ← 0.2y; after 200 updates both are 0 to rounding.
    assert.ok(Math.hypot(...run.runs[0].finalParams) < 1e-12, `sgd ended at ${run.runs[0].finalParams}`);
    assert.ok(a.panels().length >= 1);
  });

  it('a bad experiment opens no panel (the message names the field and the line)', async () => {
    const a = await api();
    const before = a.lastRun();
    const panels = a.panels().length;
    await vscode.commands.executeCommand('optimizerLab.openExperiment', fixture('bad.optlab.json'));
    assert.strictEqual(a.panels().length, panels);
    assert.strictEqual(a.lastRun(), before);
  });

  it('Markdown: ▶ Optimize above a formula the hover recognises runs that formula', async () => {
    const a = await api();
    const found = await lenses(fixture('notes.md'));
    const rosen = found.find(l => String(l.command?.arguments?.[0]).replace(/\s/g, '') === '(1-x)^2+100*(y-x^2)^2');
    assert.ok(rosen, `lenses: ${found.map(l => l.command?.arguments?.[0]).join(' | ')}`);
    await vscode.commands.executeCommand(rosen.command!.command, ...(rosen.command!.arguments ?? []));
    await waitFor(() => a.lastRun()?.variables.join() === 'x,y', 15000, 'the formula\'s run');
  });

  it('the setting optimizerLab.codeLens.enabled turns the formula lenses off', async () => {
    const config = vscode.workspace.getConfiguration('optimizerLab');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const uri = fixture('notes.md');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      assert.strictEqual((found ?? []).filter(l => l.command?.title === '▶ Optimize').length, 0);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('Save from the panel (the message its Save button posts)', () => {
    // A scratch copy of the Rosenbrock fixture (three optimizers, a zoomed view): Save writes to it.
    const name = `scratch-save-${Date.now()}.optlab.json`; // a run of its own, beside any other
    const scratch = (): vscode.Uri => fixture(name);
    let original = '';
    const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

    beforeEach(async () => {
      original = await read(fixture('rosenbrock-zoom.optlab.json'));
      await vscode.workspace.fs.writeFile(scratch(), new TextEncoder().encode(original));
    });
    afterEach(async () => {
      await closeAll();
      await vscode.workspace.fs.delete(scratch(), { useTrash: false });
    });

    async function openScratch(): Promise<Awaited<ReturnType<typeof api>>> {
      const a = await api();
      const [lens] = await lenses(scratch());
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      await waitFor(() => a.lastRun()?.runs.map(r => r.optimizer).join() === 'sgd,momentum,adam' && a.panels().some(p => p.ready), 20000, 'the experiment in a ready panel');
      return a;
    }

    it('opened and saved unchanged: the file is byte-identical', async () => {
      const a = await openScratch();
      await a._panelMessage({ type: 'saveExperiment', saveAs: false });
      assert.strictEqual(await read(scratch()), original);
    });

    it('a run setting changed in the panel (steps 300 → 150): Save writes that field, nothing else', async () => {
      const a = await openScratch();
      const run = readExperiment(original);
      assert.ok(run.ok);
      await a._panelMessage({ type: 'configure', config: { ...run.value.config, steps: 150 } });
      await waitFor(() => a.lastRun()?.runs.every(r => r.stop.step === 150), 20000, 'the 150-step run');
      await a._panelMessage({ type: 'saveExperiment', saveAs: false });
      const saved = await read(scratch());
      const changed = saved.split('\n').map((line, i) => [i + 1, line, original.split('\n')[i]] as const).filter(([, now, before]) => now !== before);
      assert.deepStrictEqual(changed, [[12, '  "steps": 150,', '  "steps": 300,']]);
    });
  });
});
