/**
 * Datasets in the editor: reading CSVs through the workspace file system (so remote and virtual
 * workspaces work), and "Optimizer Lab: Optimize on Dataset…".
 */
import * as vscode from 'vscode';
import { compileDatasetLoss } from '../core/data/objective';
import { SCALE_METHODS, ScaleMethod } from '../core/data/scale';
import { prepareData } from '../core/dataRun';
import { describeValue } from '../core/describe';
import { DataConfig, RunConfig } from '../core/protocol';
import { fail, ok, Result } from '../core/result';
import { readDataset } from './datasetFile';
import { OptimizerPanel, PanelDeps, RunSummary } from './panel';

/** The command's argument (tests, keybindings): everything optional but the file and the loss. */
export interface DatasetArgument {
  file: string;
  loss: string;
  params?: string[];
  batchSize?: number | 'full';
  epochs?: number;
  shuffle?: boolean;
  rescale?: ScaleMethod;
  seed?: number;
  optimizers?: RunConfig['optimizers'];
  hyperparameters?: RunConfig['hyperparameters'];
}

export function parseDatasetArgument(arg: unknown): Result<DatasetArgument> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return fail(`expected { file, loss, params?, batchSize?, epochs?, shuffle?, rescale?, seed? }, got ${describeValue(arg)}`);
  const a = arg as Record<string, unknown>;
  if (typeof a.file !== 'string' || !a.file) return fail(`file must be a path or URI string, got ${describeValue(a.file)}`);
  if (typeof a.loss !== 'string' || !a.loss.trim()) return fail(`loss must be a non-empty expression, got ${describeValue(a.loss)}`);
  if (a.params !== undefined && !(Array.isArray(a.params) && a.params.every(p => typeof p === 'string'))) return fail(`params must be a list of names, got ${describeValue(a.params)}`);
  if (a.batchSize !== undefined && a.batchSize !== 'full' && !(Number.isInteger(a.batchSize) && (a.batchSize as number) >= 1)) return fail(`batchSize must be 'full' or a positive integer, got ${describeValue(a.batchSize)}`);
  if (a.epochs !== undefined && !(Number.isInteger(a.epochs) && (a.epochs as number) >= 1)) return fail(`epochs must be a positive integer, got ${describeValue(a.epochs)}`);
  if (a.shuffle !== undefined && typeof a.shuffle !== 'boolean') return fail(`shuffle must be true or false, got ${describeValue(a.shuffle)}`);
  if (a.rescale !== undefined && !SCALE_METHODS.includes(a.rescale as ScaleMethod)) return fail(`rescale must be one of ${SCALE_METHODS.join(', ')}, got ${describeValue(a.rescale)}`);
  if (a.seed !== undefined && !Number.isInteger(a.seed)) return fail(`seed must be an integer, got ${describeValue(a.seed)}`);
  return ok(a as unknown as DatasetArgument);
}

/** A loss to suggest for a CSV: least squares on its columns (last column = target). */
export function suggestedLoss(columns: string[]): string {
  const target = columns[columns.length - 1];
  const features = columns.slice(0, -1);
  if (features.length === 1) return `(w*${features[0]} + b - ${target})^2`;
  return `(${features.map((f, i) => `w${i + 1}*${f}`).join(' + ')} + b - ${target})^2`;
}

export async function optimizeOnDataset(deps: PanelDeps, arg?: unknown): Promise<RunSummary | undefined> {
  let a: DatasetArgument | undefined;
  if (arg !== undefined && arg !== null) {
    const r = parseDatasetArgument(arg);
    if (!r.ok) {
      void vscode.window.showErrorMessage(`Optimizer Lab: invalid argument: ${r.error.message}`);
      return undefined;
    }
    a = r.value;
  } else {
    a = await askDataset(deps);
    if (!a) return undefined;
  }
  const dataset = await readDataset(a.file);
  if (!dataset.ok) {
    void vscode.window.showErrorMessage(`Optimizer Lab: ${dataset.error.message}`);
    return undefined;
  }
  const compiled = compileDatasetLoss(a.loss, dataset.value, a.params);
  if (!compiled.ok) {
    void vscode.window.showErrorMessage(`Optimizer Lab: ${compiled.error.message}`);
    return undefined;
  }
  const s = deps.settings();
  const data: DataConfig = {
    file: a.file,
    parameters: compiled.value.variables,
    batchSize: a.batchSize ?? 16,
    epochs: a.epochs ?? 20,
    shuffle: a.shuffle ?? true,
    rescale: a.rescale ?? 'standard',
    seed: a.seed ?? 1,
  };
  const prepared = prepareData(a.loss, dataset.value, data);
  if (!prepared.ok) {
    void vscode.window.showErrorMessage(`Optimizer Lab: ${prepared.error.message}`);
    return undefined;
  }
  const config: RunConfig = {
    expression: a.loss,
    start: compiled.value.variables.map(() => 0),
    optimizers: a.optimizers ?? s.optimizers,
    convention: s.convention,
    steps: prepared.value.steps,
    hyperparameters: a.hyperparameters ?? s.hyperparameters,
    schedule: { kind: 'constant' },
    data,
  };
  const panel = await OptimizerPanel.show(config, deps);
  return panel.summary();
}

async function askDataset(_deps: PanelDeps): Promise<DatasetArgument | undefined> {
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri; browse?: true };
  const samples = vscode.Uri.joinPath(_deps.extensionUri, 'media', 'datasets');
  const workspaceCsvs = await vscode.workspace.findFiles('**/*.csv', '**/node_modules/**', 50);
  const items: Item[] = [
    { label: '$(folder-opened) Browse…', browse: true, alwaysShow: true },
    ...(workspaceCsvs.length ? [{ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...workspaceCsvs.map(uri => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { label: 'Samples', kind: vscode.QuickPickItemKind.Separator },
    { label: 'linear-regression.csv', description: 'y = 3x + 2 + noise, x in [0, 100]', uri: vscode.Uri.joinPath(samples, 'linear-regression.csv') },
    { label: 'classification.csv', description: 'two features, labels ±1 (logistic loss)', uri: vscode.Uri.joinPath(samples, 'classification.csv') },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Optimizer Lab: Optimize on Dataset', placeHolder: 'Pick a CSV file with a header row' });
  if (!pick) return undefined;
  let uri = pick.uri;
  if (pick.browse) {
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { CSV: ['csv'] }, title: 'CSV file with a header row' });
    uri = chosen?.[0];
  }
  if (!uri) return undefined;
  const dataset = await readDataset(uri.toString());
  if (!dataset.ok) {
    void vscode.window.showErrorMessage(`Optimizer Lab: ${dataset.error.message}`);
    return undefined;
  }
  const columns = dataset.value.columns;
  const loss = await vscode.window.showInputBox({
    title: `Per-sample loss over ${vscode.workspace.asRelativePath(uri)} (${dataset.value.rows} rows)`,
    prompt: `Use the columns ${columns.join(', ')}; every other name is a parameter to fit. The cost is the mean over rows.`,
    value: /classification/.test(uri.path) ? 'log(1 + exp(-y*(w1*x1 + w2*x2 + b)))' : suggestedLoss(columns),
    validateInput: text => {
      const r = compileDatasetLoss(text, dataset.value);
      return r.ok ? undefined : r.error.message;
    },
  });
  return loss ? { file: uri.toString(), loss } : undefined;
}
