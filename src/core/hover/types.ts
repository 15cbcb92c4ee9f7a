/**
 * The contract of formula detection (hover, "Optimize Expression" at the cursor, the pinned
 * Gradient view, the corpus benchmark). Pure TypeScript: no vscode, no DOM.
 *
 * A detector reads a whole document (text + VS Code language id) and an offset, and either finds
 * the formula there — translated to mathjs syntax with the host language's meaning — or refuses.
 * Refusing is the normal, quiet outcome on ordinary text; a refusal carries a short reason for
 * tests and logs, never for the user.
 */

/** Loads a packaged file (a grammar's .wasm, the tree-sitter runtime) by its name, e.g. `tree-sitter-python.wasm`. */
export type AssetLoader = (name: string) => Promise<Uint8Array>;

export interface DetectionDocument {
  /** VS Code language id: python, javascript, typescript, julia, r, matlab, c, cpp, rust, go, markdown, latex, tex, plaintext… */
  languageId: string;
  /** The whole document text (a notebook cell is its own document). */
  text: string;
}

export interface FoundFormula {
  /** The formula in mathjs syntax, ready for the whitelist parser (parseObjective). */
  expression: string;
  /** The source range it was read from, as offsets into the document text (end exclusive). */
  start: number;
  end: number;
  /** How it was read: host-language code, TeX maths, or plain text / comment. */
  origin: 'code' | 'tex' | 'text';
  /** Names the translation introduced and what they stand for, e.g. { x1: 'x[1]' }, for the hover's caption. */
  renamed?: Record<string, string>;
}

export type Detection =
  | { found: true; formula: FoundFormula }
  | { found: false; reason: string };

export const refuse = (reason: string): Detection => ({ found: false, reason });
