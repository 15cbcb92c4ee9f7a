/**
 * Datasets in the editor: reading CSVs through the workspace file system (so remote and virtual
 * workspaces work), and "Optimizer Lab: Optimize on Dataset…".
 */
import * as vscode from 'vscode';
import { compileDatasetLoss } from '../core/data/objective';
import { prepareData } from '../core/dataRun';
import { describeValue } from '../core/describe';
import { DataConfig, readDataConfigFields, readRunConfigFields, RunConfig } from '../core/protocol';
import { fail, ok, Result } from '../core/result';
import { readDataset } from './datasetFile';
import { OptimizerPanel, PanelDeps, RunSummary } from './panel';
import { learningRateMode } from './settings';

/** The command's argument (tests, keybindings): everything optional but the file and the loss. */
export interface DatasetArgument extends Partial<Omit<DataConfig, 'file' | 'parameters'>> {
  file: string;
  loss: string;
  params?: string[];
  optimizers?: RunConfig['optimizers'];
  hyperparameters?: RunConfig['hyperparameters'];
}

const DATA_FIELDS = ['batchSize', 'epochs', 'shuffle', 'rescale', 'seed'] as const;
const RUN_FIELDS = ['optimizers', 'hyperparameters'] as const;

/** Validates the argument: the dataset options and the run fields by core's field readers, the rest here. */
export function parseDatasetArgument(arg: unknown): Result<DatasetArgument> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return fail(`expected { file, loss, params?, batchSize?, epochs?, shuffle?, rescale?, seed?, optimizers?, hyperparameters? }, got ${describeValue(arg)}`);
  const { file, loss, params, ...rest } = arg as Record<string, unknown>;
  if (typeof file !== 'string' || !file) return fail(`argument.file must be a path or URI text, got ${describeValue(file)}`);
  if (typeof loss !== 'string' || !loss.trim()) return fail(`argument.loss must be a non-empty expression, got ${describeValue(loss)}`);
  if (params !== undefined && !(Array.isArray(params) && params.every(p => typeof p === 'string'))) return fail(`argument.params must be a list of names, got ${describeValue(params)}`);
  const runPart = Object.fromEntries(Object.entries(rest).filter(([k]) => (RUN_FIELDS as readonly string[]).includes(k)));
  const dataPart = Object.fromEntries(Object.entries(rest).filter(([k]) => !(RUN_FIELDS as readonly string[]).includes(k)));
  const data = readDataConfigFields(dataPart, DATA_FIELDS, 'argument');
  if (!data.ok) return fail(data.error);
  const run = readRunConfigFields(runPart, RUN_FIELDS, 'argument');
  if (!run.ok) return fail(run.error);
  return ok({ file, loss, ...(params ? { params: params as string[] } : {}), ...data.value, ...run.value });
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
    ...learningRateMode(s),
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
