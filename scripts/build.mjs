// One build for every runtime: `node scripts/build.mjs [--watch] [--production]`.
//   dist/extension.js  VS Code extension host (node, cjs, `vscode` external): only what activation
//                      needs (registrations, the lazy loader). The build fails if a heavy library
//                      or the expression engine ends up in it.
//   dist/engine.js, dist/hover-render.js, dist/detect.js, dist/panel.js
//                      the extension's lazily loaded bundles (src/extension/modules.ts): the
//                      expression engine (mathjs), MathJax for hovers, the formula detection, the
//                      panel host + commands. The others import the engine (and the detection) from
//                      their bundle at run time instead of carrying a second copy.
//   dist/webview.js    the panel (browser, iife) + dist/webview-panel.css (KaTeX fonts as files in
//                      dist/fonts/, for the panel) + dist/webview.css (the same with the fonts
//                      inlined, so the CLI's HTML report is one self-contained file). Its Web Worker is bundled
//                      into it as a string (`import src from 'worker:./x.worker.ts'`) and started
//                      from a Blob URL, so the webview stays one script.
//   dist/web/extension.js
//                      the same activation bundle for the web worker extension host (VS Code for
//                      the Web): browser platform, bundleLoader.web.ts and renderHost.web.ts instead
//                      of bundleLoader.ts and renderHost.ts (MathJax in the host thread).
//                      It loads the same lazy bundles as the Node host, which therefore must not
//                      import Node modules (checked, like dist/web/extension.js).
//   dist/hover-render-worker.js
//                      the Node extension host's render worker thread: loads dist/hover-render.js
//                      (MathJax) and typesets the hover's equations; light like dist/extension.js
//   dist/cli.js        the terminal tool (node, cjs, with a shebang): runs dist/cli-main.js through
//                      V8's code cache dist/cli-main.cache, written after the build by one process
//                      that runs `gradient` and a one-update `run`
//   dist/sweepWorker.js
//                      the sweep/basins worker thread: runs generated objective code and core's run
//                      loop; the build fails if mathjs or the expression engine ends up in it
//   dist/sweepPool.js  the worker pool for the panel in the Node extension host (loaded on the first
//                      sweep or basin map; the web host has no worker threads), without the engine
//   dist/web/sweepWorker.js
//                      the same worker as a Web Worker for the web worker extension host (browser,
//                      iife, started from a Blob URL): without mathjs (checked) and Node modules
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules, createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  absWorkingDir: root,
  legalComments: 'none',
};

/** Fails the build when a file imports across a runtime boundary (belt and braces with the lint rule). */
const boundaries = {
  name: 'boundaries',
  setup(build) {
    build.onResolve({ filter: /^(vscode|mathjs)$/ }, args => {
      const from = path.relative(root, args.importer);
      const forbidden =
        (args.path === 'vscode' && !from.startsWith(path.join('src', 'extension'))) ||
        (args.path === 'mathjs' && !from.startsWith(path.join('src', 'core', 'expr')) && !from.startsWith('node_modules'));
      if (forbidden) return { errors: [{ text: `${from} must not import '${args.path}' (runtime boundary)` }] };
      return undefined;
    });
  },
};

/** `worker:./file.ts` → that file bundled on its own (iife, browser) and imported as a string. */
const workerAsText = {
  name: 'worker-as-text',
  setup(build) {
    build.onResolve({ filter: /^worker:/ }, args => ({ path: path.resolve(args.resolveDir, args.path.slice('worker:'.length)), namespace: 'worker-text' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-text' }, async args => {
      const out = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        metafile: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: production,
        legalComments: 'none',
        absWorkingDir: root,
        logLevel: 'silent',
        plugins: [boundaries],
      });
      return { contents: out.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(out.metafile.inputs).map(f => path.resolve(root, f)) };
    });
  },
};

/**
 * web-tree-sitter loads two Node built-ins with `import()` (`fs/promises`, `module`) inside its
 * factory, where a hoisted `var require` shadows the module's own. The Node extension host runs the
 * lazy bundles as scripts (src/extension/bundleLoader.ts, for V8's code cache), and a script's
 * `import()` has no loader: these two become calls of the module's `require`, taken before the
 * factory shadows it. The build fails if the library's text no longer has them (an upgrade to check).
 */
const treeSitterImports = {
  name: 'tree-sitter-imports',
  setup(build) {
    build.onLoad({ filter: /@vscode[\\/]tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, async args => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const imports = ['await import("fs/promises")', 'await import("module")'];
      const missing = imports.filter(i => !text.includes(i));
      if (missing.length) return { errors: [{ text: `tree-sitter.js no longer contains ${missing.join(', ')}: check how it loads Node built-ins` }] };
      let contents = `const __nodeBuiltin = name => require(name);\n${text}`;
      for (const i of imports) contents = contents.split(i).join(`await Promise.resolve(__nodeBuiltin(${i.slice('await import('.length, -1)}))`);
      return { contents, loader: 'js' };
    });
  },
};

/** Source modules that have a bundle of their own: importers elsewhere get `require('./<bundle>.js')`. */
const SHARED = {
  [path.join(root, 'src/core/expr/index.ts')]: './engine.js',
  [path.join(root, 'src/core/hover/index.ts')]: './detect.js',
};
/** `own`: the bundle being built, which bundles its own source instead of requiring itself. */
const sharedBundles = (own) => ({
  name: 'shared-bundles',
  setup(build) {
    build.onResolve({ filter: /^\./ }, args => {
      const base = path.resolve(args.resolveDir, args.path);
      for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
        if (SHARED[candidate] && SHARED[candidate] !== own) return { path: SHARED[candidate], external: true };
      }
      return undefined;
    });
  },
});

/**
 * The tree-sitter .wasm files the detector names (its grammar table and runtime file), copied into
 * dist/ from the packages that ship them; read at run time through the extension's AssetLoader.
 */
const WASM_SOURCES = ['node_modules/@vscode/tree-sitter-wasm/wasm', 'node_modules/@eagleoutice/tree-sitter-r'];
function copyWasm() {
  const table = path.join(root, 'src/core/hover/code/treesitter.ts');
  if (!fs.existsSync(table)) return;
  const names = new Set([...fs.readFileSync(table, 'utf8').matchAll(/'(tree-sitter[\w-]*\.wasm)'/g)].map(m => m[1]));
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  for (const name of names) {
    const from = WASM_SOURCES.map(d => path.join(root, d, name)).find(f => fs.existsSync(f));
    if (!from) throw new Error(`${name} (named in src/core/hover/code/treesitter.ts) is in none of ${WASM_SOURCES.join(', ')}`);
    fs.copyFileSync(from, path.join(root, 'dist', name));
  }
  // A grammar the table no longer names must not linger in dist/ (and so in the .vsix).
  for (const f of fs.readdirSync(path.join(root, 'dist'))) {
    if (f.endsWith('.wasm') && !names.has(f)) fs.rmSync(path.join(root, 'dist', f));
  }
}

/**
 * MathJax's SVG output carries glyph outlines for every TeX font variant (about 1 MB minified).
 * The hover typesets only what the expression engine's TeX printer writes (roman, italic, bold,
 * operators, large delimiters), never fraktur, script, calligraphic, sans-serif, monospace,
 * old-style or double-struck letters: those variants keep their metrics (the common font data)
 * but lose their outlines, so such a letter would typeset as an empty box of the right size.
 */
const UNUSED_SVG_VARIANTS = /mathjax-full\/js\/output\/svg\/fonts\/tex\/(fraktur|fraktur-bold|monospace|sans-serif|sans-serif-bold|sans-serif-italic|sans-serif-bold-italic|script|script-bold|tex-calligraphic|tex-calligraphic-bold|tex-oldstyle|tex-oldstyle-bold|double-struck)\.js$/;
const mathjaxUsedVariants = {
  name: 'mathjax-used-variants',
  setup(build) {
    build.onLoad({ filter: UNUSED_SVG_VARIANTS }, args => {
      const file = path.basename(args.path, '.js');
      const exported = file.replace(/-(\w)/g, (_m, c) => c.toUpperCase());
      const common = path.join(path.dirname(args.path), '../../../common/fonts/tex', `${file}.js`);
      return { contents: `exports.${exported} = require(${JSON.stringify(common)}).${exported};`, loader: 'js' };
    });
  },
};

/**
 * The webview's CSS in two forms: dist/webview-panel.css loads the KaTeX fonts as files from
 * dist/fonts/ (the panel reads them through asWebviewUri under its CSP's font-src), and
 * dist/webview.css has them inlined as data: URIs, so the CLI's HTML report stays one file.
 */
const twoStylesheets = {
  name: 'two-stylesheets',
  setup(build) {
    build.onEnd(result => {
      if (result.errors.length) return;
      const dist = path.join(root, 'dist');
      const css = fs.readFileSync(path.join(dist, 'webview.css'), 'utf8');
      if (!/url\(["']?\.\/fonts\//.test(css)) return; // already inlined (nothing rebuilt)
      fs.writeFileSync(path.join(dist, 'webview-panel.css'), css.replace(/\/\*# sourceMappingURL=.*\*\/\s*$/, ''));
      const inlined = css.replace(/url\((["']?)\.\/fonts\/([\w.-]+\.woff2)\1\)/g, (_m, _q, name) =>
        `url(data:font/woff2;base64,${fs.readFileSync(path.join(dist, 'fonts', name)).toString('base64')})`);
      fs.writeFileSync(path.join(dist, 'webview.css'), inlined);
    });
  },
};

/** What dist/extension.js (loaded at activation) and dist/hover-render-worker.js must never contain. */
// (src/core/expr/limits.ts is a plain table of numbers, read by src/core/limits.ts's validators)
const HEAVY = [/node_modules\/(mathjs|mathjax-full|@vscode\/tree-sitter-wasm|web-tree-sitter|@cortex-js|katex|@eagleoutice)\//, /^src\/core\/(expr\/(?!limits\.ts)|hover\/(?!types\.ts)|detect\.ts|model\.ts|run\.ts)/, /^src\/extension\/(panel|commands|datasets|texSvg)\.ts$/];
const lightBundle = bundle => ({
  name: 'light-bundle',
  setup(build) {
    build.onEnd(result => {
      if (!result.metafile) return;
      const heavy = Object.keys(result.metafile.inputs).filter(f => HEAVY.some(re => re.test(f)));
      // returned (esbuild does not read back errors pushed onto result.errors): the build fails
      if (heavy.length) return { errors: [{ text: `${bundle} must stay light (it loads the heavy bundles, never carries them) but includes: ${heavy.slice(0, 5).join(', ')}${heavy.length > 5 ? ', …' : ''}. Load it through src/extension/modules.ts.` }] };
      return undefined;
    });
  },
});
const activationOnly = lightBundle('dist/extension.js (it runs at activation)');

/**
 * The bundles the web worker extension host runs (dist/web/extension.js and the lazily loaded
 * bundles, which both hosts share) must not import a Node module: the build fails if one does.
 * Libraries that test for Node before touching one are listed with the modules they may name.
 */
const NODE_BUILTINS = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
const GUARDED_NODE_IMPORTS = {
  // behind `typeof process == 'object' && process.versions.node` tests
  'node_modules/@vscode/tree-sitter-wasm/': ['fs', 'fs/promises', 'path', 'url', 'module'],
  // in a try/catch (a seed source when there is one)
  'node_modules/seedrandom/': ['crypto'],
};
const noNodeModules = {
  name: 'no-node-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, args => {
      if (!NODE_BUILTINS.has(args.path) || args.kind === 'entry-point') return undefined;
      const from = path.relative(root, args.importer);
      const guarded = Object.entries(GUARDED_NODE_IMPORTS).some(([dir, names]) => from.startsWith(dir) && names.includes(args.path.replace(/^node:/, '')));
      if (guarded) return { path: args.path, external: true };
      return { errors: [{ text: `${from} imports the Node module '${args.path}', which the web extension host does not have (keep Node-only code in the CLI)` }] };
    });
  },
};
/** The web build's bundle loader and math renderer: bundleLoader.ts → bundleLoader.web.ts, renderHost.ts → renderHost.web.ts. */
const webBundleLoader = {
  name: 'web-bundle-loader',
  setup(build) {
    build.onResolve({ filter: /^\.\/(bundleLoader|renderHost)$/ }, args => ({ path: path.join(args.resolveDir, `${args.path.slice(2)}.web.ts`) }));
  },
};

/**
 * What dist/sweepWorker.js must never contain: it starts once per worker thread, so it carries
 * neither mathjs nor the module that wraps it (plain tables such as functions.ts and limits.ts are fine).
 */
const NO_ENGINE = [/node_modules\/mathjs\//, /^src\/core\/expr\/mathjs\.ts$/];
const workerWithoutEngine = {
  name: 'worker-without-engine',
  setup(build) {
    build.onEnd(result => {
      if (!result.metafile) return;
      const heavy = Object.keys(result.metafile.inputs).filter(f => NO_ENGINE.some(re => re.test(f)));
      // returned (not pushed onto result.errors, which esbuild does not read back): the build fails
      if (heavy.length) return { errors: [{ text: `${Object.keys(build.initialOptions.entryPoints).map(e => `dist/${e}.js`).join()} must not load mathjs (it starts once per worker) but includes: ${heavy.slice(0, 5).join(', ')}${heavy.length > 5 ? ', …' : ''}` }] };
      return undefined;
    });
  },
};

/**
 * The CLI bundle requires Node's worker_threads and zlib on first use of one of their exports
 * (sweeps and basin maps, their reports) instead of at start-up, where loading them cost ~10 ms
 * of every command. The bundle reads an import's exports through the object `require` returns,
 * at the place of use; this gives it one whose properties load the module when first read.
 */
const LAZY_BUILTINS = ['worker_threads', 'zlib'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`) }, args =>
      // the stand-in's own require is the real module
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' });
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, args => {
      const names = Object.keys(require_(args.path));
      return {
        loader: 'js',
        contents: `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(args.path)}));
const names = ${JSON.stringify(names)};
module.exports = new Proxy({}, {
  // (the bundle asks for __esModule when it wraps the module: a built-in module has none)
  get: (_, k) => (k === '__esModule' ? undefined : real()[k]),
  has: (_, k) => k in real(),
  ownKeys: () => names,
  // (read when the bundle copies the export names; the value is read through get, when used)
  getOwnPropertyDescriptor: (_, k) => (names.includes(k) ? { configurable: true, enumerable: true, writable: false, value: undefined } : undefined),
});
`,
      };
    });
  },
};
const require_ = createRequire(import.meta.url);

const extensionHost = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

const targets = [
  { ...extensionHost, entryPoints: { extension: 'src/extension/extension.ts' }, metafile: true, plugins: [boundaries, activationOnly, lazyBuiltins] },
  {
    ...extensionHost, entryPoints: { 'web/extension': 'src/extension/extension.ts' }, platform: 'browser', target: 'es2022',
    metafile: true, plugins: [boundaries, webBundleLoader, noNodeModules, activationOnly],
  },
  { ...extensionHost, entryPoints: { engine: 'src/extension/entries/engine.ts' }, plugins: [boundaries, noNodeModules] },
  { ...extensionHost, entryPoints: { 'hover-render-worker': 'src/extension/entries/renderWorker.ts' }, metafile: true, plugins: [boundaries, lightBundle('dist/hover-render-worker.js')] },
  { ...extensionHost, entryPoints: { 'hover-render': 'src/extension/texSvg.ts' }, plugins: [boundaries, noNodeModules, sharedBundles(), mathjaxUsedVariants] },
  { ...extensionHost, entryPoints: { detect: 'src/extension/entries/detect.ts' }, plugins: [boundaries, noNodeModules, sharedBundles('./detect.js'), treeSitterImports] },
  { ...extensionHost, entryPoints: { panel: 'src/extension/entries/panel.ts' }, plugins: [boundaries, noNodeModules, sharedBundles()] },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' },
    assetNames: 'fonts/[name]',
    plugins: [boundaries, workerAsText, twoStylesheets],
  },
  {
    ...common,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [boundaries, lazyBuiltins],
  },
  {
    ...common,
    entryPoints: { sweepWorker: 'src/node/sweepWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    metafile: true,
    plugins: [boundaries, workerWithoutEngine],
  },
  { ...extensionHost, entryPoints: { sweepPool: 'src/node/sweepPool.ts' }, metafile: true, plugins: [boundaries, workerWithoutEngine] },
  {
    ...common,
    entryPoints: { 'web/sweepWorker': 'src/extension/webSweepWorker.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
    plugins: [boundaries, noNodeModules, workerWithoutEngine],
  },
  // the command itself: a plain node script that runs cli-main.js through V8's code cache
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [boundaries],
  },
];

/** dist/cli-main.cache: V8's code cache of the CLI bundle after a `gradient` and a one-update `run` (see src/cli/bin.ts). */
function writeCliCodeCache() {
  const cache = path.join(root, 'dist/cli-main.cache');
  fs.rmSync(cache, { force: true });
  if (!fs.existsSync(path.join(root, 'dist/cli-main.js'))) return;
  const also = [['run', 'rosenbrock', '--optimizer', 'adam', '--steps', '1']];
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'gradient', 'x^2 + y^2'], {
    env: { ...process.env, OPTIMIZER_LAB_WRITE_CODE_CACHE: JSON.stringify(also) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`writing the CLI's code cache failed: ${r.stderr}`);
}

const present = targets.filter(t => Object.values(t.entryPoints).every(e => fs.existsSync(path.join(root, e))));
if (watch) {
  copyWasm();
  for (const t of present) await (await esbuild.context(t)).watch();
  console.log('watching…');
} else {
  copyWasm();
  // Every target is built even when one fails (esbuild prints each error), then the build fails.
  const results = await Promise.allSettled(present.map(t => esbuild.build(t)));
  if (fs.existsSync(path.join(root, 'dist/cli.js'))) fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  const failed = results.filter(r => r.status === 'rejected');
  // errors returned by onEnd callbacks are not always printed by esbuild's log: print every reason
  for (const r of failed) console.error(String(r.reason?.message ?? r.reason));
  if (failed.length) process.exit(1);
  writeCliCodeCache();
}
