/**
 * Loads one of the lazily loaded bundles in dist/ (modules.ts) in the web worker extension host
 * (VS Code for the Web), where there is no `require` of files: the bundle's text is read through
 * `workspace.fs` and run as a CommonJS module, the way the host runs the extension itself. A
 * bundle's `require('./other.js')` (the shared engine and detection bundles) is loaded first and
 * shared; `require('vscode')` is the API; any other `require` (only reached on Node code paths of
 * libraries, which test for Node first) throws, except the one noted below.
 */
import * as vscode from 'vscode';
import type { BundleLoader, BundleLoaderOptions } from './bundleLoader';

/** `_options` (the Node loader's code cache hooks) do not apply here: the web host has no code cache to keep. */
export function bundleLoader(context: Pick<vscode.ExtensionContext, 'extensionPath' | 'extensionUri'>, _options?: BundleLoaderOptions): BundleLoader {
  const loads = new Map<string, Promise<unknown>>();
  const load = (file: string): Promise<unknown> => {
    let pending = loads.get(file);
    if (!pending) {
      pending = evaluate(context.extensionUri, file, load);
      loads.set(file, pending);
    }
    return pending;
  };
  return load;
}

async function evaluate(extensionUri: vscode.Uri, file: string, load: (file: string) => Promise<unknown>): Promise<unknown> {
  const uri = vscode.Uri.joinPath(extensionUri, 'dist', file);
  const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const siblings = new Map<string, unknown>();
  for (const m of source.matchAll(/\brequire\("\.\/([\w.-]+\.js)"\)/g)) {
    if (!siblings.has(m[1])) siblings.set(m[1], await load(m[1]));
  }
  const require = (id: string): unknown => {
    if (id === 'vscode') return vscode;
    // The tree-sitter runtime asks for its own URL (`require('url').pathToFileURL(__filename)`)
    // and has no use for it once it is given the .wasm bytes, as the detection does.
    if (id === 'url') return { pathToFileURL: () => new URL(uri.toString()) };
    const sibling = /^\.\/([\w.-]+\.js)$/.exec(id);
    if (sibling && siblings.has(sibling[1])) return siblings.get(sibling[1]);
    throw new Error(`${file} requires '${id}', which the web extension host does not have`);
  };
  const module = { exports: {} as unknown };
  // `define` is shadowed so that UMD wrappers take the CommonJS branch. Libraries decide whether
  // they run in Node from `process`, which the web worker host does not define.
  const run = new Function('module', 'exports', 'require', 'define', '__filename', `${source}\n//# sourceURL=${uri.toString()}`) as
    (m: typeof module, e: unknown, r: typeof require, d: undefined, f: string) => void;
  run(module, module.exports, require, undefined, uri.path);
  return module.exports;
}
