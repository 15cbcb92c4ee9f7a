// The corpus benchmark of the formula hover: `npm run bench:hover -- [folder of local repository copies]`.
//
// Bundles test/bench/hover.ts with the detector (src/core/hover/index.ts; a refusing stub while that
// file does not exist, so the scorer itself can be checked) into out-bench-hover/, then runs it.
// Every argument is passed on to the scorer (see test/bench/hover.ts for them).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const detector = path.join(root, 'src', 'core', 'hover', 'index.ts');
const haveDetector = fs.existsSync(detector);
const outDir = path.join(root, 'out-bench-hover');
const outfile = path.join(outDir, 'bench-hover.cjs');

const entry = haveDetector
  ? `import { detectFormula } from './src/core/hover/index';
     import { main } from './test/bench/hover';
     main(detectFormula, false);`
  : `import { refuse } from './src/core/hover/types';
     import { main } from './test/bench/hover';
     main(async () => refuse('no detector yet (stub)'), true);`;

fs.mkdirSync(outDir, { recursive: true });
await esbuild.build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'bench-hover-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outfile,
  logLevel: 'warning',
  absWorkingDir: root,
});
await import(pathToFileURL(outfile).href);
