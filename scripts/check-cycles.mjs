// Fails (exit 1) when a module under src/ imports itself through a chain of imports. Every import
// counts, type-only ones included (`import type`, `export … from`): the graph is read with the
// TypeScript compiler's own pre-processor, and relative specifiers are resolved as the bundler does
// (x.ts, x/index.ts). Cycles are the strongly connected components with more than one file (or a
// file that imports itself). Run by `npm run lint`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile() && c.endsWith('.ts')) return c;
  return undefined;
}

/** file → the files it imports (absolute paths), for every .ts file under `dir`. */
export function importGraph(dir) {
  const graph = new Map();
  for (const file of sourceFiles(dir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(file, info.importedFiles.map(i => resolveImport(file, i.fileName)).filter(Boolean));
  }
  return graph;
}

/** Strongly connected components with a cycle (Tarjan), each a sorted list of files. */
export function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = v => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(root, process.argv[2] ?? 'src');
  const graph = importGraph(dir);
  const found = cycles(graph);
  const name = f => relative(root, f).split('\\').join('/');
  if (found.length) {
    console.error(`check-cycles: ${found.length} import cycle(s) under ${name(dir)}/:`);
    for (const c of found) console.error(`  ${c.map(name).join(' ↔ ')}`);
    process.exit(1);
  }
  console.log(`check-cycles: no import cycles among ${graph.size} files under ${name(dir)}/`);
}
