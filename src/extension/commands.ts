/**
 * "Optimizer Lab: Optimize Expression" and its companions. The expression comes from, in order:
 * the argument, the editor's selection, the formula under the cursor, or an input box (prefilled
 * with the last expression, validated as the person types) behind a quick pick of presets and
 * recent expressions.
 */
import * as vscode from 'vscode';
import { checkExpression, parseObjective } from '../core/expr';
import { describeValue } from '../core/describe';
import { deriveStart, presetForExpression } from '../core/model';
import { resolveHyperparameters } from '../core/optim/registry';
import { findPreset, PRESETS } from '../core/presets';
import { readRunConfigFields, RunConfig } from '../core/protocol';
import { fail, ok, Result } from '../core/result';
import { optimizeOnDataset } from './datasets';
import { openExperiment, openLink } from './experiment';
import { OptimizerPanel, PanelDeps, RunSummary } from './panel';
import { learningRateMode, Settings } from './settings';

const RECENTS_KEY = 'optimizerLab.recentExpressions';
const MAX_RECENTS = 10;

/** The object form of the command's argument (keybindings, other extensions): some fields of a RunConfig. */
const ARGUMENT_FIELDS = ['expression', 'start', 'optimizers', 'convention', 'steps', 'hyperparameters'] as const;
export type OptimizeArgument = Pick<RunConfig, 'expression'> & Partial<Pick<RunConfig, (typeof ARGUMENT_FIELDS)[number]>>;

/** Validates the command's argument: a string, or the object form (read by core's run-configuration field readers). */
export function parseArgument(arg: unknown): Result<OptimizeArgument> {
  if (typeof arg === 'string') return arg.trim() ? ok({ expression: arg }) : fail('the expression is empty');
  const r = readRunConfigFields(arg, ARGUMENT_FIELDS, 'argument');
  if (!r.ok) return fail(r.error);
  const { expression, ...rest } = r.value;
  if (expression === undefined || !expression.trim()) return fail(`argument.expression must be a non-empty text, got ${describeValue(expression)}`);
  if (rest.optimizers?.length === 0) return fail('argument.optimizers must name at least one optimizer');
  return ok({ expression, ...rest });
}

/** Argument + settings → a complete, validated RunConfig. */
export function configFor(arg: OptimizeArgument, s: Settings): Result<RunConfig> {
  const preset = findPreset(arg.expression.trim());
  const expression = preset ? preset.expression : arg.expression.trim();
  const parsed = parseObjective(expression);
  if (!parsed.ok) return parsed;
  const n = parsed.value.variables.length;
  if (n === 0) return fail(`'${expression}' has no variables to optimize`);
  const known = preset ?? presetForExpression(expression);
  const start = arg.start ?? (known && known.start.length === n ? known.start : deriveStart(parsed.value));
  if (start.length !== n) {
    return fail(`start has ${start.length} coordinates but the expression has ${n} variables (${parsed.value.variables.join(', ')})`);
  }
  const optimizers = arg.optimizers ?? s.optimizers;
  const convention = arg.convention ?? s.convention;
  const hyperparameters: RunConfig['hyperparameters'] = {};
  for (const id of optimizers) {
    const merged: Record<string, number | boolean | string> = { ...(s.hyperparameters[id] ?? {}), ...(arg.hyperparameters?.[id] ?? {}) };
    const r = resolveHyperparameters(id, convention, merged);
    if (!r.ok) return fail(`${id}: ${r.error.message}`);
    if (Object.keys(merged).length) hyperparameters[id] = merged;
  }
  // Fair starts by default: every rate the person did not set is tuned by a quick sweep on this objective (the panel's host, panelSweep.ts).
  return ok({ expression, start, optimizers, convention, steps: arg.steps ?? s.steps, hyperparameters, schedule: { kind: 'constant' }, ...learningRateMode(s) });
}

/** The commands behind the palette entries (registered in extension.ts, which loads this bundle on first use). */
export class Commands {
  /**
   * @param formulaUnderCursor the formula at the editor's cursor in mathjs syntax (the hover's detection).
   */
  constructor(
    private readonly deps: PanelDeps,
    private readonly memento: vscode.Memento,
    private readonly formulaUnderCursor: (editor: vscode.TextEditor) => Promise<string | undefined>,
  ) {}

  /** Unexpected failures reach the person once; user mistakes were already shown as messages. */
  async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.deps.unexpected('running the command', e);
      return undefined;
    }
  }

  async optimizeExpression(arg?: unknown): Promise<RunSummary | undefined> {
    let a: OptimizeArgument | undefined;
    if (arg !== undefined && arg !== null) {
      const r = parseArgument(arg);
      if (!r.ok) {
        void vscode.window.showErrorMessage(`Optimizer Lab: invalid argument: ${r.error.message}`);
        return undefined;
      }
      a = r.value;
    }
    const given = a?.expression ?? (await this.fromEditor());
    const expression = given ?? (await this.ask());
    if (!expression) return undefined;
    // A test function picked from the list that replays a published run opens with that run's settings.
    const replay = given === undefined ? presetForExpression(expression)?.replay : undefined;
    const replayed: Partial<OptimizeArgument> = replay
      ? { optimizers: [replay.optimizer], convention: replay.convention, steps: replay.steps, hyperparameters: { [replay.optimizer]: { ...replay.hyperparameters } } }
      : {};
    return this.open({ ...(a ?? {}), ...replayed, expression });
  }

  async optimizeSelection(): Promise<RunSummary | undefined> {
    const editor = vscode.window.activeTextEditor;
    const text = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
    if (!text?.trim()) {
      void vscode.window.showInformationMessage('Optimizer Lab: select a formula first.');
      return undefined;
    }
    return this.open({ expression: text });
  }

  optimizeOnDataset(arg?: unknown): Promise<RunSummary | undefined> {
    return optimizeOnDataset(this.deps, arg);
  }

  /** An experiment file (the argument, else the active editor's) in the panel; a bad file gives a message naming field and line. */
  async openExperiment(arg?: unknown): Promise<RunSummary | undefined> {
    return (await openExperiment(this.deps, arg))?.summary();
  }

  /** A shared `vscode://` link's experiment in the panel. */
  async openLink(uri: vscode.Uri): Promise<RunSummary | undefined> {
    return (await openLink(this.deps, uri))?.summary();
  }

  private async open(arg: OptimizeArgument): Promise<RunSummary | undefined> {
    const config = configFor(arg, this.deps.settings());
    if (!config.ok) {
      const e = config.error;
      void vscode.window.showErrorMessage(`Optimizer Lab: ${e.message}${e.position !== undefined && !/ at \d+/.test(e.message) ? ` (at ${e.position})` : ''}`);
      return undefined;
    }
    await this.remember(config.value.expression);
    const panel = await OptimizerPanel.show(config.value, this.deps);
    return panel.summary();
  }

  /** The selection, else the formula under the cursor (same detection as the hover). */
  private async fromEditor(): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    if (!editor.selection.isEmpty) {
      const text = editor.document.getText(editor.selection).trim();
      if (text) return text;
    }
    const expression = await this.formulaUnderCursor(editor);
    return expression && parseObjective(expression).ok ? expression : undefined;
  }

  private recents(): string[] {
    return this.memento.get<string[]>(RECENTS_KEY, []);
  }

  private async remember(expression: string): Promise<void> {
    const list = [expression, ...this.recents().filter(e => e !== expression)].slice(0, MAX_RECENTS);
    await this.memento.update(RECENTS_KEY, list);
  }

  /** Quick pick of presets and recent expressions, with "type an expression" first. */
  private async ask(): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { expression?: string; type?: true };
    const items: Item[] = [
      { label: '$(edit) Type an expression…', type: true, alwaysShow: true },
      ...(this.recents().length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator } as Item] : []),
      ...this.recents().map(e => ({ label: e, expression: e })),
      { label: 'Test functions', kind: vscode.QuickPickItemKind.Separator },
      ...PRESETS.map(p => ({ label: p.name, description: p.expression, detail: p.description, expression: p.expression })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Optimizer Lab: Optimize Expression', placeHolder: 'Pick a test function or a recent expression', matchOnDescription: true });
    if (!pick) return undefined;
    if (pick.expression) return pick.expression;
    return vscode.window.showInputBox({
      title: 'Optimizer Lab: Optimize Expression',
      prompt: 'A mathjs expression, e.g. (1-x)^2 + 100*(y-x^2)^2 or a = 10; f(x, y) = x^2 + a*y^2',
      value: this.recents()[0] ?? '',
      validateInput: text => {
        if (!text.trim()) return 'Type an expression';
        const r = checkExpression(text);
        return r.ok ? undefined : r.error.message + (r.error.position !== undefined && !/ at \d+/.test(r.error.message) ? ` (at ${r.error.position})` : '');
      },
    });
  }
}
