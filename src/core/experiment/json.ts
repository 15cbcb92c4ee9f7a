/**
 * A small strict JSON reader that also remembers where each value sits: `lines` maps a field path
 * (`optimizers[1].hyperparameters.lr`, `view.bounds.x`) to the 1-based line of its key (object
 * members) or of its first character (list items). Experiment files are short, so one pass over the
 * text is all it takes. Numbers are converted by `JSON.parse` of their own text, so every number
 * reads exactly as `JSON.parse` would read the whole file. A syntax error is a value with a line and
 * a column; nothing throws out of `readJsonWithLines`.
 */
import { fail, ok, Result } from '../result';

export interface LocatedJson {
  value: unknown;
  /** Field path → 1-based line. The root is ''. */
  lines: Map<string, number>;
}

/** `a` + `b` → `a.b`; a list index → `a[3]`. */
export const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

class SyntaxProblem {
  constructor(readonly message: string, readonly offset: number) {}
}

/** Nesting deeper than this is not an experiment file (and would only cost stack). */
const MAX_DEPTH = 64;

export function readJsonWithLines(text: string): Result<LocatedJson> {
  const lines = new Map<string, number>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const problem = (message: string, at = i): never => {
    throw new SyntaxProblem(message, at);
  };
  const skip = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const shown = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const expect = (c: string): void => {
    if (text[i] !== c) problem(`expected '${c}', found ${shown()}`);
    i++;
  };
  const readString = (): string => {
    const start = i;
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) problem('a text cannot contain a line break or control character (write \\n)');
      i++;
    }
    if (i >= text.length) problem('a text is not closed (missing ")', start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return problem('a text holds an invalid escape (\\ must be followed by " \\ / b f n r t or uXXXX)', start);
    }
  };
  const readValue = (path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) problem(`nested deeper than ${MAX_DEPTH} levels`);
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      skip();
      if (text[i] === '}') { i++; return out; }
      for (;;) {
        skip();
        if (text[i] !== '"') problem(`expected a field name in double quotes, found ${shown()}`);
        const keyAt = i;
        const key = readString();
        if (Object.prototype.hasOwnProperty.call(out, key)) problem(`the field ${JSON.stringify(key)} appears twice`, keyAt);
        const p = childPath(path, key);
        lines.set(p, lineOf(keyAt));
        skip();
        expect(':');
        out[key] = readValue(p, depth + 1);
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return out; }
        problem(`expected ',' or '}' after a field, found ${shown()}`);
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      skip();
      if (text[i] === ']') { i++; return out; }
      for (;;) {
        skip();
        const p = childPath(path, out.length);
        lines.set(p, lineOf(i));
        out.push(readValue(p, depth + 1));
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return out; }
        problem(`expected ',' or ']' after a list item, found ${shown()}`);
      }
    }
    if (c === '"') return readString();
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))?.[0];
    if (!word) return problem(`expected a value (a number, a text in double quotes, true, false, null, { or [), found ${shown()}`);
    i += word.length;
    return JSON.parse(word) as unknown;
  };
  try {
    skip();
    if (i >= text.length) return fail('the file is empty (expected a JSON object)', { line: 1, column: 1 });
    lines.set('', lineOf(i));
    const value = readValue('', 0);
    skip();
    if (i < text.length) problem(`unexpected ${shown()} after the end of the JSON value`);
    return ok({ value, lines });
  } catch (e) {
    if (!(e instanceof SyntaxProblem)) throw e;
    const line = lineOf(e.offset);
    return fail(`line ${line}: ${e.message}`, { line, column: e.offset - lineStarts[line - 1] + 1, position: e.offset });
  }
}

/** The line of `path`, or of its nearest ancestor that has one. */
export function lineFor(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  let p = path;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return undefined;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut < 0 ? '' : p.slice(0, cut);
  }
}
