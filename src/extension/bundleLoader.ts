/**
 * Loads one of the lazily loaded bundles in dist/ (modules.ts) in the Node extension host: the
 * bundle runs as a CommonJS module (registered in `require.cache`, so a later `require` of the same
 * file shares it), compiled with V8's code cache kept in the extension's global storage. The first
 * load in a VS Code version compiles the bundle as `require` would and, a few seconds later (after
 * the first hover has compiled the functions it needs), writes the cache; later windows skip most
 * of the compilation (the math renderer: about 130–200 ms of CPU down to 30–50 ms). A cache that
 * does not fit (another V8, a changed bundle) is not read or is rejected by V8, and the bundle then
 * compiles as usual; a cache that cannot be written changes nothing. A bundle's
 * `require('./other.js')` of a sibling bundle goes through the same loader. A script has no loader
 * for `import()`: the build turns the bundles' dynamic imports into `require`s.
 *
 * The web build replaces this file with bundleLoader.web.ts (see scripts/build.mjs); both export
 * the same function.
 */
import * as fs from 'fs';
import * as nodeModule from 'module';
import * as path from 'path';
import * as vm from 'vm';
import type * as vscode from 'vscode';

/** Loads `dist/<file>` (e.g. `engine.js`) and returns its exports. */
export type BundleLoader = (file: string) => unknown;

/** How long after a bundle's first load its code cache is written (the hover that asked for it has run by then). */
const WRITE_CACHE_AFTER_MS = 10_000;

type Context = Pick<vscode.ExtensionContext, 'extensionPath'> & { globalStorageUri?: Pick<vscode.Uri, 'fsPath'> };

/** What happened to a bundle's code cache when it loaded. */
export type CodeCacheUse = 'none' | 'accepted' | 'rejected';

export interface BundleLoaderOptions {
  /** Delay before a bundle's cache is written (default 10 s). */
  writeCacheAfterMs?: number;
  /** Told after each bundle has loaded, with what happened to its cache and the milliseconds it took. */
  onLoad?(file: string, cache: CodeCacheUse, ms: number): void;
  /** Told after a bundle's cache has been written. */
  onCacheWritten?(file: string): void;
}

export function bundleLoader(context: Context, options: BundleLoaderOptions = {}): BundleLoader {
  const dist = path.join(context.extensionPath, 'dist');
  // No storage folder (a host that gives none): the bundles load without a cache.
  const storage = context.globalStorageUri?.fsPath;
  const cacheDir = typeof storage === 'string' && storage ? path.join(storage, 'code-cache') : undefined;
  const delay = options.writeCacheAfterMs ?? WRITE_CACHE_AFTER_MS;
  const load = (file: string): unknown => loadBundle(path.join(dist, file), cacheDir, delay, load, options);
  return load;
}

/** The wrapper Node puts around a CommonJS module. */
type ModuleFunction = (exports: unknown, req: NodeRequire, mod: NodeModule, filename: string, dirname: string) => void;

interface NodeModuleClass {
  new (id: string, parent?: NodeModule): NodeModule;
  _nodeModulePaths?(dir: string): string[];
}

function loadBundle(file: string, cacheDir: string | undefined, writeDelayMs: number, loadSibling: (file: string) => unknown, options: BundleLoaderOptions): unknown {
  const known = require.cache[file];
  if (known) return known.exports;
  const started = performance.now();
  const source = fs.readFileSync(file, 'utf8');
  const stat = fs.statSync(file);
  const name = path.basename(file);
  const cacheFile = cacheDir && path.join(cacheDir, `${name}-${stat.size}-${Math.round(stat.mtimeMs)}-v8-${process.versions.v8}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile ? fs.readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const ModuleClass = (nodeModule as unknown as { Module: NodeModuleClass }).Module;
  const mod = new ModuleClass(file, module);
  const dir = path.dirname(file);
  Object.assign(mod, { filename: file, paths: ModuleClass._nodeModulePaths?.(dir) ?? [] });
  const base = nodeModule.createRequire(file);
  const req = Object.assign((id: string): unknown => {
    const sibling = /^\.\/([\w.-]+\.js)$/.exec(id);
    return sibling ? loadSibling(sibling[1]) : mod.require(id);
  }, base) as NodeRequire;
  require.cache[file] = mod;
  try {
    (script.runInThisContext() as ModuleFunction)(mod.exports, req, mod, file, dir);
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  (mod as { loaded: boolean }).loaded = true;
  const cache: CodeCacheUse = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (cacheDir && cacheFile && cache !== 'accepted') {
    setTimeout(() => { if (writeCache(script, cacheDir, cacheFile, name)) options.onCacheWritten?.(name); }, writeDelayMs).unref();
  }
  options.onLoad?.(name, cache, performance.now() - started);
  return mod.exports;
}

/** Writes the cache (through a temporary file, so a reader never sees half of one) and removes the bundle's older caches. */
function writeCache(script: vm.Script, cacheDir: string, cacheFile: string, name: string): boolean {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, cacheFile);
    for (const old of fs.readdirSync(cacheDir)) {
      if (old.startsWith(`${name}-`) && old.endsWith('.cache') && path.join(cacheDir, old) !== cacheFile) fs.rmSync(path.join(cacheDir, old), { force: true });
    }
    return true;
  } catch {
    // Without a cache the next window compiles the bundle as usual.
    return false;
  }
}
