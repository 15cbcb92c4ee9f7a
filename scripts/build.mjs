// One build for every runtime: `node scripts/build.mjs [--watch] [--production]`.
//   dist/extension.js  VS Code extension host (node, cjs, `vscode` external)
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

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [boundaries],
  },
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
  for (const t of present) await (await esbuild.context(t)).watch();
  console.log('watching…');
} else {
  await Promise.all(present.map(t => esbuild.build(t)));
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
}
