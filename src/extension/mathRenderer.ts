/**
 * The hover's math images behind one interface, wherever MathJax runs: in a worker thread of the
 * Node extension host (renderHost.ts, so the typesetting overlaps the hover's own work and
 * MathJax's load never blocks the extension host), or in the thread that asks (the web worker
 * extension host, and the Node host when a worker cannot start). Also the messages between the
 * Node host and its render worker (entries/renderWorker.ts).
 *
 * No Node or `vscode` imports at run time: the web build and the unit tests use this file as it is.
 */
import type { CodeCacheUse } from './bundleLoader';
import type * as RenderBundle from './texSvg';

/** dist/hover-render.js: MathJax TeX → SVG. */
export type RenderModule = typeof RenderBundle;

export interface MathRenderer {
  /**
   * `lhs = rhs` typeset as a data: URI of its SVG, or null when the TeX is invalid (the hover then
   * shows the text). Rejects when the renderer itself failed (a worker that died or did not answer
   * in time), which a later call may not repeat.
   */
  equation(lhs: string, rhs: string, color: string): Promise<string | null>;
  dispose(): void;
}

/** The image of one equation with the renderer in this thread; null for invalid TeX. */
export function equationUri(render: RenderModule, lhs: string, rhs: string, color: string): string | null {
  let svg: string | undefined;
  try {
    svg = render.equationToSvg(lhs, rhs, color);
  } catch {
    svg = undefined;
  }
  return svg ? render.svgDataUri(svg) : null;
}

/** MathJax in the thread that asks. */
export function inThreadRenderer(render: RenderModule): MathRenderer {
  return {
    equation: async (lhs, rhs, color) => equationUri(render, lhs, rhs, color),
    dispose: () => undefined,
  };
}

/** What the Node host passes to its render worker: where the bundles and their code cache are. */
export interface RenderWorkerData {
  extensionPath: string;
  /** The extension's global storage folder (the bundles' code cache), when the host gives one. */
  storage?: string;
}

/** Host → render worker: one equation to typeset. */
export interface RenderRequest {
  id: number;
  lhs: string;
  rhs: string;
  color: string;
}

/**
 * Render worker → host: ready (MathJax loaded), could not load it, one typeset equation, or news of
 * a bundle's code cache (what its load did with it, and later that it was written).
 */
export type RenderReply =
  | { ready: true }
  | { failed: string }
  | { id: number; uri: string | null }
  | { loaded: string; cache: CodeCacheUse; ms: number }
  | { cacheWritten: string };
