/**
 * Tree-sitter as VS Code ships it (@vscode/tree-sitter-wasm): the runtime starts once, each grammar
 * loads once on first use (concurrent callers share one promise), and the last few parse trees are
 * kept per (grammar, text) so hovering around one document parses it once.
 */
import { Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';
import type { AssetLoader } from '../types';

export type SyntaxNode = Node;

/** Language id → the grammar's .wasm file name (as the package names it). */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  javascriptreact: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  go: 'tree-sitter-go.wasm',
  rust: 'tree-sitter-rust.wasm',
  julia: 'tree-sitter-julia.wasm',
  r: 'tree-sitter-r.wasm',
};

export const RUNTIME_FILE = 'tree-sitter.wasm';

let runtime: Promise<void> | undefined;
const grammars = new Map<string, Promise<Language>>();
const parsers = new Map<string, Parser>();

interface CachedTree {
  file: string;
  text: string;
  tree: Tree;
}
const TREE_CACHE_SIZE = 4;
const trees: CachedTree[] = [];

function startRuntime(assets: AssetLoader): Promise<void> {
  if (!runtime) {
    runtime = assets(RUNTIME_FILE).then(wasmBinary =>
      // The emscripten module accepts the runtime's bytes directly, so nothing is fetched by URL.
      Parser.init({ wasmBinary } as unknown as Parameters<typeof Parser.init>[0]));
    runtime.catch(() => { runtime = undefined; }); // a failed start may be retried
  }
  return runtime;
}

/**
 * Once the Julia grammar has parsed a text, loading any further grammar into the same runtime takes
 * about a minute and a half (measured with @vscode/tree-sitter-wasm 0.3.1 and tree-sitter-julia
 * 0.23.1), so every other grammar is loaded before Julia's.
 */
const LOADS_LAST = 'tree-sitter-julia.wasm';

function loadGrammar(file: string, assets: AssetLoader): Promise<Language> {
  let pending = grammars.get(file);
  if (!pending) {
    const before = file === LOADS_LAST
      ? Promise.allSettled([...new Set(Object.values(GRAMMAR_FILES))].filter(f => f !== file).map(f => loadGrammar(f, assets)))
      : Promise.resolve([]);
    pending = startRuntime(assets).then(() => before).then(() => assets(file)).then(bytes => Language.load(bytes));
    grammars.set(file, pending);
    pending.catch(() => grammars.delete(file));
  }
  return pending;
}

/** The syntax tree of `text` in the grammar for `languageId` (cached), or undefined for other languages. */
export async function parseWith(languageId: string, text: string, assets: AssetLoader): Promise<Tree | undefined> {
  const file = GRAMMAR_FILES[languageId];
  if (!file) return undefined;
  const hit = trees.find(t => t.file === file && t.text === text);
  if (hit) return hit.tree;
  const language = await loadGrammar(file, assets);
  let parser = parsers.get(file);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(file, parser);
  }
  const tree = parser.parse(text);
  if (!tree) return undefined;
  trees.unshift({ file, text, tree });
  while (trees.length > TREE_CACHE_SIZE) trees.pop()?.tree.delete();
  return tree;
}
