/**
 * Tree-sitter as VS Code ships it (@vscode/tree-sitter-wasm): the runtime starts once, each grammar
 * loads once on first use (concurrent callers share one promise), and the last few parse trees are
 * kept per (grammar, text) so hovering around one document parses it once.
 */
import { Edit, Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';
import type { AssetLoader } from '../types';

export type SyntaxNode = Node;

/** Language id → the grammar's .wasm file name (as the package names it). */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  javascriptreact: 'tree-sitter-javascript.wasm',
  // One grammar for both (one .wasm less to ship): TSX reads all of TypeScript except the old
  // `<T>expr` cast, which it takes for an element (`expr as T` reads the same in both).
  typescript: 'tree-sitter-tsx.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  go: 'tree-sitter-go.wasm',
  rust: 'tree-sitter-rust.wasm',
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

function loadGrammar(file: string, assets: AssetLoader): Promise<Language> {
  let pending = grammars.get(file);
  if (!pending) {
    pending = startRuntime(assets).then(() => assets(file)).then(bytes => Language.load(bytes));
    grammars.set(file, pending);
    pending.catch(() => grammars.delete(file));
  }
  return pending;
}

/**
 * TypeScript's old `<T>expr` cast, blanked to spaces (offsets kept) so the TSX grammar reads the
 * expression: a `<Type>` right after `(`, `=`, `,`, `:`, `?`, `[`, `return` or a line start, and
 * before the start of an expression. A cast does not change the value.
 */
export function blankTypeAssertions(text: string): string {
  return text.replace(/((?:^|[=(,:?[{!&|]|\breturn)[ \t]*)(<[A-Za-z_][\w.]*(?:<[\w.,\s[\]]*>)?(?:\[\])*>)(?=[ \t]*[\w({[!'"`-])/gm,
    (_m, before: string, cast: string) => before + ' '.repeat(cast.length));
}

/** The syntax tree of `text` in the grammar for `languageId` (cached), or undefined for other languages. */
export async function parseWith(languageId: string, original: string, assets: AssetLoader): Promise<Tree | undefined> {
  const file = GRAMMAR_FILES[languageId];
  if (!file) return undefined;
  const text = languageId === 'typescript' && original.includes('<') ? blankTypeAssertions(original) : original;
  const hit = trees.find(t => t.file === file && t.text === text);
  if (hit) return hit.tree;
  const language = await loadGrammar(file, assets);
  let parser = parsers.get(file);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(file, parser);
  }
  // Re-parse incrementally from the latest tree of this grammar (an edited document differs from it
  // in one stretch), which keeps hovers fast while a person types.
  const previous = trees.find(t => t.file === file);
  let tree: Tree | null;
  if (previous) {
    const old = previous.tree.copy();
    old.edit(editBetween(previous.text, text));
    tree = parser.parse(text, old);
    old.delete();
  } else {
    tree = parser.parse(text);
  }
  if (!tree) return undefined;
  trees.unshift({ file, text, tree });
  while (trees.length > TREE_CACHE_SIZE) trees.pop()?.tree.delete();
  return tree;
}

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The single edit that turns `before` into `after` (common prefix and suffix kept). */
function editBetween(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  return {
    startIndex: prefix, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition: pointAt(before, prefix), oldEndPosition: pointAt(before, oldEnd), newEndPosition: pointAt(after, newEnd),
  };
}
