/**
 * Loads one of the lazily loaded bundles in dist/ (modules.ts) in the Node extension host: a plain
 * `require` of the file. The web build replaces this file with bundleLoader.web.ts (see
 * scripts/build.mjs); both export the same function.
 */
import * as path from 'path';
import type * as vscode from 'vscode';

/** Loads `dist/<file>` (e.g. `engine.js`) and returns its exports. */
export type BundleLoader = (file: string) => unknown;

export function bundleLoader(context: Pick<vscode.ExtensionContext, 'extensionPath' | 'extensionUri'>): BundleLoader {
  // A computed path: esbuild leaves this require alone, so the bundle is read only when called.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading a sibling bundle at run time is the point
  return file => require(path.join(context.extensionPath, 'dist', file));
}
