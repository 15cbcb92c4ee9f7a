/**
 * Wires the extension together: commands, the gradient hover, the Gradient view, the panel
 * serializer and settings. Everything numeric lives in src/core; this layer only adapts it to VS Code.
 *
 * Activation stays cheap: this bundle (dist/extension.js) holds only the registrations. The
 * expression engine, the MathJax renderer, the formula detection and the panel are separate
 * bundles loaded on first use (modules.ts); a bundle that fails to load is reported once and the
 * rest keeps working. A little after a document in a hover language shows, they load in the
 * background (WarmUp), so that the first hover does not wait for them.
 */
import * as vscode from 'vscode';
import type { OptimizerPanel, PanelDeps, RunSummary } from './panel';
import { bundleLoader } from './bundleLoader';
import { mathRendererLoader, RENDERER_OFF_THREAD } from './renderHost';
import { Detector, assetLoader } from './detection';
import { GradientView, GradientViewState } from './gradientView';
import { GradientHoverProvider, HoverAhead, HoverContents } from './hover';
import { hoverContent } from './hoverAhead';
import { PANEL_VIEW_TYPE } from './ids';
import { loadFailureMessage } from './lazy';
import { createModules, loadedModules, Modules } from './modules';
import { hoverSettings, readSettings, Settings } from './settings';
import type { Commands } from './commands';
import { EXPERIMENT_GLOB, ExperimentLensProvider, FormulaLensProvider } from './experimentLens';


/** What `activate()` returns: for tests and other extensions. */
export interface OptimizerLabApi {
  /** What the most recently updated panel shows, or undefined when no panel has run. */
  lastRun(): RunSummary | undefined;
  /** Titles of the open panels and whether their webview has rendered. */
  panels(): { title: string; ready: boolean }[];
  /** Which lazily loaded bundles have loaded so far: engine, render, detect, panel. */
  loadedModules(): (keyof Modules)[];
  /**
   * For tests: each lazy bundle loaded so far, what happened to its code cache, how long it took,
   * whether its cache has been written since, and `thread: 'render worker'` for MathJax loaded in the
   * Node host's render worker.
   */
  _bundleLoads(): { file: string; cache: string; ms: number; cacheWritten?: boolean; thread?: string }[];
  /** For tests: how long each of our hovers took in the provider, in ms. */
  _hoverTimings(): number[];
  /** For tests: hover contents computed and cache hits, and what the computation ahead did once its passes have settled. */
  _hoverAhead(): Promise<{ computed: number; hits: number; passes: number; formulas: number; probes: number }>;
  /** What the Gradient view shows (undefined before it has shown a formula). */
  gradientView(): GradientViewState | undefined;
  /** For tests: resolves when the Gradient view's pending update has finished. */
  _gradientViewSettled(): Promise<void>;
  /** For tests: what the panel serializer does after a window reload. */
  _revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** For tests: every unexpected failure reported so far ("where: message"), oldest first. */
  _unexpectedErrors(): string[];
  /** For tests: a message as if the last updated panel's webview had posted it; resolves once handled. */
  _panelMessage(raw: unknown): Promise<void>;
  /** For tests: the latest sweep and basin map a panel posted, and the runs made in Web Workers (web host). */
  _panelResults(): Promise<ReturnType<typeof OptimizerPanel.results>>;
}

/** Background loading of the hover's bundles starts this long after a hover-language editor shows. */
const WARM_UP_DELAY_MS = 2000;

/** The output channel, created on its first use (creating one costs a file and a round trip). */
function lazyOutputChannel(name: string): vscode.OutputChannel {
  let channel: vscode.OutputChannel | undefined;
  const real = () => (channel ??= vscode.window.createOutputChannel(name));
  return new Proxy({} as vscode.OutputChannel, {
    get: (_target, key) => {
      if (key === 'name') return name;
      if (key === 'dispose') return () => channel?.dispose();
      const c = real();
      const v = Reflect.get(c, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(c) : v;
    },
  });
}

export function activate(context: vscode.ExtensionContext): OptimizerLabApi {
  const output = lazyOutputChannel('Optimizer Lab');
  let settings: Settings | undefined;
  let lastUnexpected = '';
  const unexpectedErrors: string[] = [];
  // What each lazy bundle's load did with its code cache, for the integration tests.
  const bundleLoads: { file: string; cache: string; ms: number; cacheWritten?: boolean; thread?: string }[] = [];
  const loadNews = {
    onLoad: (file: string, cache: string, ms: number) => { bundleLoads.push({ file, cache, ms }); },
    onCacheWritten: (file: string) => bundleLoads.filter(b => b.file === file).forEach(b => { b.cacheWritten = true; }),
  };
  const loadBundle = bundleLoader(context, loadNews);
  const deps: PanelDeps = {
    extensionUri: context.extensionUri,
    loadBundle,
    output,
    memento: context.workspaceState,
    settings: () => (settings ??= readSettings(m => output.appendLine(m))),
    unexpected: (where, e) => {
      const message = e instanceof Error ? e.message : String(e);
      unexpectedErrors.push(`${where}: ${message}`);
      output.appendLine(`unexpected error while ${where}: ${e instanceof Error ? e.stack ?? message : message}`);
      // Once per distinct failure: no notification storms.
      if (message !== lastUnexpected) {
        lastUnexpected = message;
        void vscode.window.showErrorMessage(`Optimizer Lab: unexpected error while ${where}: ${message}. Details are in the "Optimizer Lab" output.`, 'Show Output')
          .then(choice => { if (choice) output.show(true); });
      }
    },
  };

  // MathJax in the render worker (Node host): its loader's news joins the bundle loads above, marked.
  const loadRenderer = mathRendererLoader(context, loadBundle, {
    ...loadNews,
    onLoad: (file, cache, ms) => { bundleLoads.push({ file, cache, ms, thread: 'render worker' }); },
    onFallback: why => output.appendLine(`the hover's math renderer runs in the extension host thread: its worker could not start (${why})`),
  });
  const modules = createModules(loadBundle, loadRenderer, (name, e) => {
    output.appendLine(`loading the ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    void vscode.window.showErrorMessage(loadFailureMessage(name, e), 'Show Output').then(choice => { if (choice) output.show(true); });
  });
  const detector = new Detector(modules, assetLoader(context.extensionUri));
  const gradientView = new GradientView(modules, detector);
  const hoverContents = new HoverContents(modules);
  const hoverProvider = new GradientHoverProvider(detector, hoverContents);
  const hoverAhead = new HoverAhead(modules, detector, hoverContents);
  const warmUp = new WarmUp(modules, detector, () => hoverAhead.schedule());
  const formulaLenses = new FormulaLensProvider(detector);

  let commands: Commands | undefined;
  /** Runs a command of the panel bundle; when that bundle cannot load, the loader has already said so. */
  const withCommands = async <T>(fn: (c: Commands) => Promise<T>): Promise<T | undefined> => {
    let m;
    try {
      m = await modules.panel.get();
    } catch {
      return undefined;
    }
    commands ??= new m.Commands(deps, context.globalState, async editor => (await detector.at(editor.document, editor.selection.active))?.expression);
    const c = commands;
    return c.guard(() => fn(c));
  };

  context.subscriptions.push(
    output,
    { dispose: () => modules.render.peek()?.dispose() }, // the render worker thread, if one started
    gradientView,
    vscode.commands.registerCommand('optimizerLab.optimizeExpression', (arg?: unknown) => withCommands(c => c.optimizeExpression(arg))),
    vscode.commands.registerCommand('optimizerLab.optimizeSelection', () => withCommands(c => c.optimizeSelection())),
    vscode.commands.registerCommand('optimizerLab.optimizeOnDataset', (arg?: unknown) => withCommands(c => c.optimizeOnDataset(arg))),
    vscode.commands.registerCommand('optimizerLab.openExperiment', (arg?: unknown) => withCommands(c => c.openExperiment(arg))),
    // Experiment files: "▶ Optimize" at the top; Markdown and Python: above each recognised formula.
    vscode.languages.registerCodeLensProvider({ pattern: EXPERIMENT_GLOB }, new ExperimentLensProvider()),
    formulaLenses,
    vscode.languages.registerCodeLensProvider([{ language: 'markdown' }, { language: 'python' }], formulaLenses),
    // Shared links: vscode://optimizer-lab.optimizer-lab/open?experiment=…
    vscode.window.registerUriHandler({ handleUri: uri => void withCommands(c => c.openLink(uri)) }),
    vscode.commands.registerCommand('optimizerLab.copyGradient', async (text?: unknown) => {
      if (typeof text !== 'string' || !text) return;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage('Optimizer Lab: copied', 2500);
    }),
    // Every document: a selection is hovered in any language; without one the provider checks hover.languages.
    vscode.languages.registerHoverProvider({ pattern: '**' }, hoverProvider),
    warmUp,
    hoverAhead,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        let m;
        try {
          m = await modules.panel.get();
        } catch {
          panel.dispose(); // nothing can fill it; the loader has reported why
          return;
        }
        await m.OptimizerPanel.revive(panel, state, deps);
      },
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('optimizerLab')) return;
      settings = undefined;
      const panel = modules.panel.peek();
      if (panel) for (const p of panel.OptimizerPanel.all()) p.applySettings(deps.settings());
    }),
  );

  return {
    lastRun: () => modules.panel.peek()?.OptimizerPanel.lastRun(),
    panels: () => modules.panel.peek()?.OptimizerPanel.all().map(p => ({ title: p.title, ready: p.ready })) ?? [],
    loadedModules: () => loadedModules(modules),
    _bundleLoads: () => bundleLoads.map(b => ({ ...b })),
    gradientView: () => gradientView.current(),
    _hoverTimings: () => [...hoverProvider.timings],
    _hoverAhead: async () => {
      await hoverAhead.settled();
      return { computed: hoverContents.cache.computed, hits: hoverContents.cache.hits, ...hoverAhead.stats };
    },
    _gradientViewSettled: () => gradientView.settled(),
    _revive: async (panel, state) => (await modules.panel.get()).OptimizerPanel.revive(panel, state, deps),
    _unexpectedErrors: () => [...unexpectedErrors],
    _panelMessage: async raw => (await modules.panel.get()).OptimizerPanel.receive(raw),
    _panelResults: async () => (await modules.panel.get()).OptimizerPanel.results(),
  };
}

/**
 * Loads what a hover needs in the background once a document in a hover language is shown. The
 * math renderer starts at once where it has a thread of its own (the Node host's render worker,
 * renderHost.ts: nothing runs on the extension host thread), so that even a hover the moment the
 * editor allows one (its hover delay) finds MathJax loading or loaded. The rest waits
 * WARM_UP_DELAY_MS and goes one step per task so the extension host stays responsive: the detection
 * bundle and that language's grammar (once per language), then (once) the engine and MathJax with
 * HOVER_WARM_UP_FORMULAS run through the whole hover pipeline — so that the person's first hover finds
 * the code loaded and already compiled by the JavaScript engine; then the formulas on screen are
 * computed ahead (HoverAhead). Activation itself loads nothing.
 */
class WarmUp implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listener: vscode.Disposable;
  private readonly warmed = new Set<string>();
  private jitWarm = false;

  constructor(private readonly modules: Modules, private readonly detector: Detector, private readonly onWarm: () => void) {
    this.listener = vscode.window.onDidChangeActiveTextEditor(e => this.consider(e));
    this.consider(vscode.window.activeTextEditor);
  }

  private consider(editor: vscode.TextEditor | undefined): void {
    if (!editor || this.warmed.has(editor.document.languageId)) return;
    const s = hoverSettings();
    if (!s.hoverEnabled || !s.hoverLanguages.includes(editor.document.languageId)) return;
    // (in the next task: starting a worker takes a few ms, which activation does not wait for)
    if (RENDERER_OFF_THREAD) setTimeout(() => void this.modules.render.get().catch(() => undefined), 0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), WARM_UP_DELAY_MS);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    const editor = vscode.window.activeTextEditor;
    if (!editor || this.warmed.has(editor.document.languageId)) return;
    this.warmed.add(editor.document.languageId);
    const step = () => new Promise(r => setTimeout(r, 0));
    try {
      await this.detector.at(editor.document, editor.selection.active);
      await step();
      if (this.jitWarm) return;
      this.jitWarm = true;
      // The whole pipeline on a few typical formulas, one per task: loads the engine and MathJax and
      // lets the JavaScript engine compile their hot paths before the person's first hover.
      const rendering = this.modules.render.get(); // in the Node host, loads in its worker meanwhile
      const detect = await this.modules.detect.get();
      const engine = await this.modules.engine.get();
      await step();
      const render = await rendering;
      for (const formula of detect.HOVER_WARM_UP_FORMULAS) {
        await step();
        await hoverContent(engine, render, formula, undefined, '#000000');
      }
    } catch {
      // A bundle that cannot load has been reported once by its loader; the hover shows nothing then.
    } finally {
      this.onWarm(); // the formulas on screen can now be computed ahead (HoverAhead)
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
  }
}

export function deactivate(): void {
  // Panels, providers and the output channel are disposed through context.subscriptions.
}
