// One build for every runtime: `node scripts/build.mjs [--watch] [--production]`.
//   dist/extension.js  VS Code extension host (node, cjs, `vscode` external): only what activation
//                      needs (registrations, the lazy loader). The build fails if a heavy library
//                      or the expression engine ends up in it.
//   dist/engine.js, dist/hover-render.js, dist/detect.js, dist/panel.js
//                      the extension's lazily loaded bundles (src/extension/modules.ts): the
//                      expression engine (mathjs), MathJax for hovers, the formula detection, the
//                      panel host + commands. The others import the engine (and the detection) from
//                      their bundle at run time instead of carrying a second copy.
//   dist/webview.js    the panel (browser, iife) + dist/webview.css (KaTeX fonts inlined, so the
//                      CLI's HTML report is one self-contained file). Its Web Worker is bundled
//                      into it as a string (`import src from 'worker:./x.worker.ts'`) and started
//                      from a Blob URL, so the webview stays one script.
//   dist/cli.js        the terminal tool (node, cjs, with a shebang)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

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
}

/** What dist/extension.js must never contain: it is loaded at activation. */
const HEAVY = [/node_modules\/(mathjs|mathjax-full|@vscode\/tree-sitter-wasm|web-tree-sitter|@cortex-js|@unified-latex|katex|tree-sitter-julia|@eagleoutice)\//, /^src\/core\/(expr|hover\/(?!types\.ts)|detect\.ts|model\.ts|run\.ts)/, /^src\/extension\/(panel|commands|datasets|texSvg)\.ts$/];
const activationOnly = {
  name: 'activation-only',
  setup(build) {
    build.onEnd(result => {
      if (!result.metafile) return;
      const heavy = Object.keys(result.metafile.inputs).filter(f => HEAVY.some(re => re.test(f)));
      if (heavy.length) {
        result.errors.push({ text: `dist/extension.js must stay light (it runs at activation) but includes: ${heavy.slice(0, 5).join(', ')}${heavy.length > 5 ? ', …' : ''}. Load it through src/extension/modules.ts.` });
      }
    });
  },
};

const extensionHost = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

const targets = [
  { ...extensionHost, entryPoints: { extension: 'src/extension/extension.ts' }, metafile: true, plugins: [boundaries, activationOnly] },
  { ...extensionHost, entryPoints: { engine: 'src/extension/entries/engine.ts' }, plugins: [boundaries] },
  { ...extensionHost, entryPoints: { 'hover-render': 'src/extension/texSvg.ts' }, plugins: [boundaries, sharedBundles()] },
  { ...extensionHost, entryPoints: { detect: 'src/extension/entries/detect.ts' }, plugins: [boundaries, sharedBundles('./detect.js')] },
  { ...extensionHost, entryPoints: { panel: 'src/extension/entries/panel.ts' }, plugins: [boundaries, sharedBundles()] },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.woff2': 'dataurl', '.woff': 'empty', '.ttf': 'empty' },
    plugins: [boundaries, workerAsText],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [boundaries],
  },
];

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
  if (results.some(r => r.status === 'rejected')) process.exit(1);
}
