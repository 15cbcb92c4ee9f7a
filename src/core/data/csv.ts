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

interface GrowableColumn {
  values: Float64Array;
}

/** Feeds on text chunks; `end()` returns the Dataset or the first error found. */
export class CsvParser {
  private header: string[] | undefined;
  private columns: GrowableColumn[] = [];
  private rows = 0;
  private capacity = 0;
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
    const text = this.carry.length ? this.carry + chunk : chunk;
    let recordStart = 0;
    let searchFrom = 0;
    let line = this.carryLine;
    let linesInRecord = 1;
    let insideQuotes = false;
    let recordHasQuote = false;
    // Index of the next '"' at or after the scan position (text.length when none): searched once per
    // chunk, not once per line, so quote-free files stay linear.
    let nextQuote = indexOrEnd(text, '"', 0);
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
      if (!this.record(text, recordStart, newline, line, recordHasQuote)) return false;
      line += linesInRecord;
      linesInRecord = 1;
      recordHasQuote = false;
      recordStart = searchFrom = newline + 1;
    }
    this.carry = text.slice(recordStart);
    this.carryLine = line;
    return true;
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
    const data = this.columns.map(c => (c.values.length === this.rows ? c.values : c.values.slice(0, this.rows)));
    this.columns = [];
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
    this.grow(1024);
    return true;
  }

  /**
   * The common case (no quotes): numbers are read straight from the text, with no substring per
   * cell; anything unusual (spaces, exponents, long mantissas, errors) takes the general path.
   */
  private readPlainRow(text: string, start: number, end: number, line: number): boolean {
    const width = this.columns.length;
    if (this.rows === this.capacity) this.grow(Math.ceil(this.capacity * 1.5));
    let fieldStart = start;
    for (let c = 0; c < width; c++) {
      const last = c === width - 1;
      const value = scanPlainDecimal(text, fieldStart, end);
      let fieldEnd = scanStop;
      const clean = last ? fieldEnd === end : fieldEnd < end && text.charCodeAt(fieldEnd) === COMMA;
      if (clean && !Number.isNaN(value)) {
        this.columns[c].values[this.rows] = value;
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
    this.rows++;
    return true;
  }

  private readRow(fields: string[], line: number): boolean {
    if (fields.length !== this.columns.length) return this.ragged(fields.length, line);
    if (this.rows === this.capacity) this.grow(Math.ceil(this.capacity * 1.5));
    for (let c = 0; c < fields.length; c++) if (!this.store(c, fields[c], line)) return false;
    this.rows++;
    return true;
  }

  private store(c: number, cell: string, line: number): boolean {
    let value = parseDecimal(cell);
    if (Number.isNaN(value)) {
      const trimmed = cell.trim();
      value = trimmed === cell ? NaN : parseDecimal(trimmed);
      if (Number.isNaN(value)) {
        const what = trimmed === '' ? 'the cell is empty, expected a number' : `'${truncate(trimmed)}' is not a number`;
        return this.fail(`Line ${line}, column ${c + 1} ('${this.header?.[c] ?? ''}'): ${what}.`, line, c + 1);
      }
    }
    this.columns[c].values[this.rows] = value;
    return true;
  }

  private ragged(fields: number, line: number): boolean {
    const width = this.columns.length;
    return this.fail(`Line ${line} has ${fields} field${fields === 1 ? '' : 's'}, the header has ${width}.`, line, Math.min(fields, width) + 1);
  }

  /** Amortised growth (×1.5): total copying stays linear in the number of rows. */
  private grow(capacity: number): void {
    const width = this.header?.length ?? 0;
    if (this.columns.length === 0) {
      for (let c = 0; c < width; c++) this.columns.push({ values: new Float64Array(capacity) });
    } else {
      for (const col of this.columns) {
        const bigger = new Float64Array(capacity);
        bigger.set(col.values);
        col.values = bigger;
      }
    }
    this.capacity = capacity;
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
