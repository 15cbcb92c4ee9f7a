/** Test-side AssetLoader: the grammars and the tree-sitter runtime read from node_modules. */
import { readFile } from 'fs/promises';
import * as path from 'path';
import type { AssetLoader } from '../../../src/core/hover/types';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const WASM_DIR = path.join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
const LOCATIONS: Record<string, string> = {
  'tree-sitter-r.wasm': path.join(root, 'node_modules', '@eagleoutice', 'tree-sitter-r', 'tree-sitter-r.wasm'),
};

export const nodeAssets: AssetLoader = async name => {
  if (!/^[\w.-]+\.wasm$/.test(name)) throw new Error(`not an asset name: ${name}`);
  return new Uint8Array(await readFile(LOCATIONS[name] ?? path.join(WASM_DIR, name)));
};
