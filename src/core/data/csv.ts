/**
 * Streaming CSV → numeric columns. Callers feed text chunks as they arrive (an fs stream in Node, a
 * File in the webview) so a large file is never held as one string; cells go straight into growable
 * Float64Arrays (~8 bytes per cell once trimmed).
 *
 * Accepted: a header row naming the columns, then numeric rows; commas as separators; fields may be
 * double-quoted (`"1.5"`, `"a ""b"""`, quoted newlines); CRLF or LF; a UTF-8 BOM; blank lines
 * (skipped); a trailing newline or none. Numbers are plain decimals with an optional exponent
 * (`-1.5`, `.5`, `2e-3`); anything else (empty cells, `NaN`, `0x10`, `1,5`) is reported as an error
 * with its 1-based line and column rather than silently turned into NaN or 0.
 */
import { Result, UserError, fail, ok } from '../result';
import { Dataset } from './dataset';

const QUOTE = 34; // "
const COMMA = 44; // ,
const DOT = 46; // .
const MINUS = 45; // -
const PLUS = 43; // +
const ZERO = 48;
const NINE = 57;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** 10^k for k ≤ 22: exactly representable, which is what makes the fast number path exact. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Where the last scanPlainDecimal stopped (module state: avoids allocating a pair per cell). */
let scanStop = 0;

/**
 * Fast path (Clinger): reads [+-]digits[.digits] from text[from, to) and stops at the first other
 * character (its index in scanStop). With at most 15 significant digits the digits form an integer
 * below 2^53 and 10^k (k ≤ 22) is exact, so one IEEE division gives the correctly rounded value —
 * the same double Number() returns, several times faster on million-row files. NaN when the fast
 * path does not apply (no digits, more than 15, …); callers then fall back to Number().
 */
function scanPlainDecimal(text: string, from: number, to: number): number {
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) { negative = first === MINUS; i++; }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let sawDot = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (sawDot) fractionDigits++;
    } else if (c === DOT && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
  }
  scanStop = i;
  if (digits === 0 || digits > 15) return NaN;
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits];
  return negative ? -value : value;
}

/** Parses a decimal (no surrounding spaces), or returns NaN when the text is not one. */
export function parseDecimal(text: string): number {
  const fast = scanPlainDecimal(text, 0, text.length);
  if (scanStop === text.length && !Number.isNaN(fast)) return fast;
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** Rows per storage block: the first block is small (small files), later ones this size. */
const BLOCK_ROWS = 65536;
const FIRST_BLOCK_ROWS = 1024;

/** Feeds on text chunks; `end()` returns the Dataset or the first error found. */
export class CsvParser {
  private header: string[] | undefined;
  /**
   * Cells in fixed-size blocks per column: appending never copies, and end() concatenates each
   * column once (peak memory: the blocks plus one finished column), instead of the ~2–3× copying
   * and slack of a doubling array.
   */
  private blocks: Float64Array[][] = [];
  /** The block being filled, per column, and the next free index in it. */
  private current: Float64Array[] = [];
  private offset = 0;
  private rows = 0;
  /** Text after the last complete record: a partial line, possibly an open quoted field. */
  private carry = '';
  /** Physical line number (1-based) where `carry` starts. */
  private carryLine = 1;
  private firstChunk = true;
  private failure: UserError | undefined;
  private finished = false;

  /** The first error, once one has been found; further input is ignored after it. */
  get error(): UserError | undefined {
    return this.failure;
  }

  /** Consumes a chunk. Returns false once an error was found, so a reader can stop early. */
  push(chunk: string): boolean {
    if (this.failure || this.finished) return !this.failure;
    if (this.firstChunk && chunk.length > 0) {
      this.firstChunk = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 byte-order mark
    }
    let from = 0;
    if (this.carry.length) {
      // Finish the record carried over from the previous chunk on a small string of its own, so the
      // big chunk is scanned as the flat string the stream produced: `carry + chunk` would be a rope,
      // and every charCodeAt on it measurably slower (a third of the load time on 1M rows).
      const end = endOfCarriedRecord(chunk, (countChar(this.carry, '"') & 1) === 1);
      if (end < 0) {
        this.carry += chunk;
        return true;
      }
      const head = this.carry + chunk.slice(0, end);
      this.carry = '';
      if (this.scan(head, 0) < 0) return false;
      from = end;
    }
    const tail = this.scan(chunk, from);
    if (tail < 0) return false;
    this.carry = chunk.slice(tail);
    return true;
  }

  /**
   * Handles every complete record in text[from, …) and returns where the unfinished tail starts
   * (−1 after an error). Keeps `carryLine` at the physical line of that tail.
   */
  private scan(text: string, from: number): number {
    let recordStart = from;
    let searchFrom = from;
    let line = this.carryLine;
    let linesInRecord = 1;
    let insideQuotes = false;
    let recordHasQuote = false;
    // Index of the next '"' at or after the scan position (text.length when none): searched once per
    // chunk, not once per line, so quote-free files stay linear.
    let nextQuote = indexOrEnd(text, '"', from);
    for (;;) {
      const newline = text.indexOf('\n', searchFrom);
      if (newline < 0) break;
      while (nextQuote < newline) {
        insideQuotes = !insideQuotes;
        recordHasQuote = true;
        nextQuote = indexOrEnd(text, '"', nextQuote + 1);
      }
      if (insideQuotes) {
        // A quoted field spans this newline: the record continues on the next physical line.
        searchFrom = newline + 1;
        linesInRecord++;
        continue;
      }
      if (!this.record(text, recordStart, newline, line, recordHasQuote)) return -1;
      line += linesInRecord;
      linesInRecord = 1;
      recordHasQuote = false;
      recordStart = searchFrom = newline + 1;
    }
    this.carryLine = line;
    return recordStart;
  }

  /** Finishes the input and returns the table (or the first error). */
  end(): Result<Dataset> {
    if (!this.failure && !this.finished) {
      this.finished = true;
      if (this.carry.length) this.record(this.carry, 0, this.carry.length, this.carryLine, this.carry.includes('"'));
      this.carry = '';
      if (!this.failure) {
        if (!this.header) {
          this.failure = { message: 'The file is empty: expected a header line naming the columns (e.g. x,y), then one line per sample.', line: 1, column: 1 };
        } else if (this.rows === 0) {
          this.failure = { message: `The file has a header (${this.header.join(', ')}) but no data rows.`, line: this.carryLine, column: 1 };
        }
      }
    }
    if (this.failure) return { ok: false, error: this.failure };
    // Trim the spare capacity so the dataset holds exactly 8 bytes per cell.
    const data = this.blocks.map((blocks, c) => {
      const column = new Float64Array(this.rows);
      let filled = 0;
      for (const block of blocks) {
        const n = Math.min(block.length, this.rows - filled);
        column.set(n === block.length ? block : block.subarray(0, n), filled);
        filled += n;
      }
      this.blocks[c] = []; // release this column's blocks before building the next
      return column;
    });
    this.blocks = [];
    this.current = [];
    return ok({ columns: (this.header ?? []).slice(), rows: this.rows, data });
  }

  /** Handles one record text[start, end) that began on physical line `line`. */
  private record(text: string, start: number, end: number, line: number, hasQuote: boolean): boolean {
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF
    if (isBlank(text, start, end)) return true;
    if (!this.header) return this.readHeader(hasQuote ? splitQuoted(text, start, end) : text.slice(start, end).split(','), line);
    if (hasQuote) return this.readRow(splitQuoted(text, start, end), line);
    return this.readPlainRow(text, start, end, line);
  }

  private readHeader(fields: string[], line: number): boolean {
    const names = fields.map(f => f.trim());
    for (let c = 0; c < names.length; c++) {
      if (names[c] === '') return this.fail(`The header's column ${c + 1} has no name.`, line, c + 1);
      const earlier = names.indexOf(names[c]);
      if (earlier < c) return this.fail(`Duplicate column name '${names[c]}' (columns ${earlier + 1} and ${c + 1}).`, line, c + 1);
    }
    if (names.every(n => !Number.isNaN(parseDecimal(n)))) {
      return this.fail(`Line ${line} looks like data (${names.join(',')}), not a header: the first line must name the columns, e.g. x,y.`, line, 1);
    }
    this.header = names;
    this.blocks = names.map(() => []);
    this.addBlocks(FIRST_BLOCK_ROWS);
    return true;
  }

  /**
   * The common case (no quotes): numbers are read straight from the text, with no substring per
   * cell; anything unusual (spaces, exponents, long mantissas, errors) takes the general path.
   */
  private readPlainRow(text: string, start: number, end: number, line: number): boolean {
    const width = this.current.length;
    let fieldStart = start;
    for (let c = 0; c < width; c++) {
      const last = c === width - 1;
      const value = scanPlainDecimal(text, fieldStart, end);
      let fieldEnd = scanStop;
      const clean = last ? fieldEnd === end : fieldEnd < end && text.charCodeAt(fieldEnd) === COMMA;
      if (clean && !Number.isNaN(value)) {
        this.current[c][this.offset] = value;
      } else {
        const comma = text.indexOf(',', fieldStart);
        const commaInRecord = comma >= 0 && comma < end;
        // Too few fields: a comma is missing before the last column; too many: one follows it.
        if (commaInRecord === last) return this.ragged(countFields(text, start, end), line);
        fieldEnd = commaInRecord ? comma : end;
        if (!this.store(c, text.slice(fieldStart, fieldEnd), line)) return false;
      }
      fieldStart = fieldEnd + 1;
    }
    this.rowDone();
    return true;
  }

  private readRow(fields: string[], line: number): boolean {
    if (fields.length !== this.current.length) return this.ragged(fields.length, line);
    for (let c = 0; c < fields.length; c++) if (!this.store(c, fields[c], line)) return false;
    this.rowDone();
    return true;
  }

  private store(c: number, cell: string, line: number): boolean {
    let value = parseDecimal(cell);
    if (!Number.isFinite(value)) {
      const trimmed = cell.trim();
      if (trimmed !== cell) value = parseDecimal(trimmed);
      if (!Number.isFinite(value)) {
        const what = trimmed === '' ? 'the cell is empty, expected a number' : Number.isNaN(value) ? `'${truncate(trimmed)}' is not a number` : `'${truncate(trimmed)}' is too large for a double`;
        return this.fail(`Line ${line}, column ${c + 1} ('${this.header?.[c] ?? ''}'): ${what}.`, line, c + 1);
      }
    }
    this.current[c][this.offset] = value;
    return true;
  }

  private ragged(fields: number, line: number): boolean {
    const width = this.current.length;
    return this.fail(`Line ${line} has ${fields} field${fields === 1 ? '' : 's'}, the header has ${width}.`, line, Math.min(fields, width) + 1);
  }

  private rowDone(): void {
    this.rows++;
    if (++this.offset === this.current[0].length) this.addBlocks(BLOCK_ROWS);
  }

  private addBlocks(rows: number): void {
    this.current = this.blocks.map(blocks => {
      const block = new Float64Array(rows);
      blocks.push(block);
      return block;
    });
    this.offset = 0;
  }

  private fail(message: string, line: number, column: number): false {
    this.failure = { message, line, column };
    return false;
  }
}

/** Parses a whole CSV text at once (tests, small files, text already in memory). */
export function parseCsv(text: string): Result<Dataset> {
  const parser = new CsvParser();
  parser.push(text);
  const result = parser.end();
  return result.ok ? result : fail(result.error.message, { line: result.error.line, column: result.error.column });
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/** Index just past the newline that ends a record begun before `chunk` (−1: not in this chunk). */
function endOfCarriedRecord(chunk: string, insideQuotes: boolean): number {
  let nextQuote = indexOrEnd(chunk, '"', 0);
  for (let from = 0; ; ) {
    const newline = chunk.indexOf('\n', from);
    if (newline < 0) return -1;
    while (nextQuote < newline) {
      insideQuotes = !insideQuotes;
      nextQuote = indexOrEnd(chunk, '"', nextQuote + 1);
    }
    if (!insideQuotes) return newline + 1;
    from = newline + 1;
  }
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const index = text.indexOf(needle, from);
  return index < 0 ? text.length : index;
}

function countFields(text: string, start: number, end: number): number {
  let count = 1;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === COMMA) count++;
  return count;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** RFC 4180 field splitting: quotes group commas and newlines; a doubled quote is a literal quote. */
function splitQuoted(text: string, start: number, end: number): string[] {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (i + 1 < end && text.charCodeAt(i + 1) === QUOTE) { field += '"'; i++; } else inQuotes = false;
      } else field += text[i];
    } else if (c === QUOTE) inQuotes = true;
    else if (c === COMMA) { fields.push(field); field = ''; }
    else field += text[i];
  }
  fields.push(field);
  return fields;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
