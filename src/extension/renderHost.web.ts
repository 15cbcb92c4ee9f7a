/**
 * The web worker extension host's math renderer: MathJax in the host's own thread (the web build
 * puts this file in place of renderHost.ts, see scripts/build.mjs; both export mathRendererLoader).
 */
import type { BundleLoader } from './bundleLoader';
import { inThreadRenderer, MathRenderer, RenderModule } from './mathRenderer';

/** MathJax runs in the host's own thread here: it loads on the first hover or the delayed warm-up, never at once. */
export const RENDERER_OFF_THREAD = false;

export function mathRendererLoader(_context: unknown, loadBundle: BundleLoader, _hooks?: unknown): () => Promise<MathRenderer> {
  return async () => inThreadRenderer((await loadBundle('hover-render.js')) as RenderModule);
}
