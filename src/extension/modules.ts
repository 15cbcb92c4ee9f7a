/**
 * The heavy parts of the extension, each a separate bundle in dist/ loaded on first use (see
 * scripts/build.mjs): activation registers commands, the hover provider, the Gradient view and the
 * panel serializer with none of them loaded. Only types are imported from the bundles' sources
 * here, so nothing of them ends up in dist/extension.js.
 */
import type * as DetectBundle from './entries/detect';
import type * as EngineBundle from './entries/engine';
import type * as PanelBundle from './entries/panel';
import type { BundleLoader } from './bundleLoader';
import { LazyModule } from './lazy';
import type { MathRenderer } from './mathRenderer';

export type EngineModule = typeof EngineBundle;
export type DetectModule = typeof DetectBundle;
export type PanelModule = typeof PanelBundle;

export interface Modules {
  /** dist/engine.js: mathjs, parse, gradient, printers. */
  engine: LazyModule<EngineModule>;
  /** MathJax TeX → SVG for hovers (dist/hover-render.js, in a worker thread of the Node host: renderHost.ts). */
  render: LazyModule<MathRenderer>;
  /** dist/detect.js: the formula under the cursor, in the host language. */
  detect: LazyModule<DetectModule>;
  /** dist/panel.js: commands that open the panel, the panel host, datasets. */
  panel: LazyModule<PanelModule>;
}

/** Bundle file of each module, in the extension's dist/ folder. */
export const BUNDLES: Record<keyof Modules, string> = {
  engine: 'engine.js',
  render: 'hover-render.js',
  detect: 'detect.js',
  panel: 'panel.js',
};

const NAMES: Record<keyof Modules, string> = {
  engine: 'expression engine',
  render: 'math renderer',
  detect: 'formula detection',
  panel: 'panel',
};

/**
 * `loadBundle`: bundleLoader.ts (Node extension host) or bundleLoader.web.ts (web worker host);
 * `loadRenderer`: renderHost.ts or renderHost.web.ts's mathRendererLoader.
 */
export function createModules(loadBundle: BundleLoader, loadRenderer: () => Promise<MathRenderer>, onError: (name: string, error: unknown) => void): Modules {
  const load = <T>(key: keyof Modules) => (): T | Promise<T> => loadBundle(BUNDLES[key]) as T | Promise<T>;
  return {
    engine: new LazyModule<EngineModule>(NAMES.engine, load('engine'), onError),
    render: new LazyModule<MathRenderer>(NAMES.render, loadRenderer, onError),
    detect: new LazyModule<DetectModule>(NAMES.detect, load('detect'), onError),
    panel: new LazyModule<PanelModule>(NAMES.panel, load('panel'), onError),
  };
}

/** Which modules have loaded so far (for tests and the activation budget). */
export function loadedModules(m: Modules): (keyof Modules)[] {
  return (Object.keys(m) as (keyof Modules)[]).filter(k => m[k].loaded);
}
