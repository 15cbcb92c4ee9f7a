/**
 * Streaming CSV → numeric columns. Callers feed text chunks as they arrive (an fs stream in Node, a
 * File in the webview) so a large file is never held as one string; cells go straight into
 * Float64Arrays (8 bytes per cell once finished).
 *
 * Accepted: a header row naming the columns, then numeric rows; commas as separators; CR, LF or CRLF
 * line endings (mixed too); a UTF-8 BOM; blank lines (skipped); a trailing newline or none.
 * Quoting follows RFC 4180: a field is either quoted as a whole (`"1.5"`, `"a ""b"""`, where `""`
 * is one quote; line breaks inside quotes only in the header) or holds no quote at all. A stray
 * quote, text after a closing quote or a quote never closed is an error, never part of a number. Numbers are plain decimals with an optional exponent
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

/**
 * Storage: cells go into rounds, one ArrayBuffer per round holding the next `rows` rows of every
 * column, column after column. A round holds at most BLOCK_CELLS cells (8 MiB), so a wide file
 * never reserves much more than it holds: 65,536 rows for 2 columns, 953 rows for 1,100 columns,
 * 16 rows for 100,000 columns.
 */
const BLOCK_CELLS = 1 << 20;
const MAX_BLOCK_ROWS = 65536;
const MIN_BLOCK_ROWS = 16;
const FIRST_BLOCK_ROWS = 1024;
/** A quoted header name longer than this is taken as a quote that was never closed. */
export const MAX_QUOTED_CHARS = 10_000;
/** A record (line) longer than this is refused rather than held as one ever-growing string. */
export const MAX_RECORD_CHARS = 1 << 26;

const LF = 10;
const CR = 13;

/**
 * Where a record stands at the end of the text scanned so far, by the quoting rules of RFC 4180:
 * a quote opens a field only as the field's first character; inside, `""` is one quote and a lone
 * quote closes the field.
 */
interface QuoteState {
  inQuotes: boolean;
  /** The next character starts a field (record start or just after a comma). */
  fieldStart: boolean;
  /** Inside quotes, the previous character was a quote: `""` (escaped) or the closing quote. */
  afterQuote: boolean;
  /** Characters of the current quoted field so far. */
  quotedChars: number;
}

const freshState = (): QuoteState => ({ inQuotes: false, fieldStart: true, afterQuote: false, quotedChars: 0 });

/**
 * Scans text[from, …) continuing `state` and returns the index of the character that ends the
 * record — a CR or LF outside quotes — or −1 when the text ends first (then `state` describes the
 * unfinished record). In a data row (`dataRow`), a line break inside quotes also ends the search:
 * no number contains one, so the record is reported as an unclosed quote instead of swallowing
 * the rows that follow; in the header a quoted field may span lines up to MAX_QUOTED_CHARS.
 * A quote anywhere else than a field's start is left to parseQuotedRecord to report.
 */
function findRecordEnd(text: string, from: number, state: QuoteState, dataRow: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.inQuotes) {
      if (state.afterQuote) {
        state.afterQuote = false;
        if (c === QUOTE) { state.quotedChars++; continue; } // "" inside quotes
        state.inQuotes = false; // the previous quote closed the field: c is read below
      } else if (c === QUOTE) {
        state.afterQuote = true;
        continue;
      } else {
        if ((c === LF || c === CR) && dataRow) return i;
        if (++state.quotedChars > MAX_QUOTED_CHARS) return i;
        continue;
      }
    }
    if (c === COMMA) state.fieldStart = true;
    else if (c === LF || c === CR) return i;
    else if (c === QUOTE && state.fieldStart) { state.inQuotes = true; state.fieldStart = false; state.quotedChars = 0; }
    else state.fieldStart = false;
  }
  return -1;
}

/** A record split into fields, with the physical lines it covers; or what is wrong with it. */
type SplitRecord =
  | { ok: true; fields: string[]; lines: number }
  | { ok: false; message: string; line: number; column: number };

/**
 * Splits the record text[start, end) by RFC 4180: a field is either quoted as a whole (`"1.5"`,
 * `"a ""b"""`, a line break inside allowed in the header) or contains no quote at all. A stray
 * quote, text after a closing quote, or a quote still open at `end` is an error naming the line
 * and the field. `atEof`: the text ends here (an open quote was never closed).
 */
function parseQuotedRecord(text: string, start: number, end: number, line: number, header: string[] | undefined, atEof: boolean): SplitRecord {
  const fields: string[] = [];
  let lines = 1;
  let i = start;
  const where = (column: number) => `Line ${line + lines - 1}, column ${column}${header && header[column - 1] !== undefined ? ` (${shown(header[column - 1])})` : ''}`;
  const error = (message: string, column: number): SplitRecord => ({ ok: false, message, line: line + lines - 1, column });
  for (;;) {
    const column = fields.length + 1;
    if (i < end && text.charCodeAt(i) === QUOTE) {
      const openLine = line + lines - 1;
      const open = i;
      let field = '';
      let piece = ++i;
      let closed = false;
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          field += text.slice(piece, i);
          if (i + 1 < end && text.charCodeAt(i + 1) === QUOTE) { field += '"'; i += 2; piece = i; continue; }
          i++;
          closed = true;
          break;
        }
        if (c === LF || (c === CR && !(i + 1 < end && text.charCodeAt(i + 1) === LF))) lines++;
        i++;
      }
      if (!closed) {
        const why = atEof && end === text.length ? 'before the end of the file'
          : header ? 'on the same line (a number never spans lines)'
            : `within ${MAX_QUOTED_CHARS} characters`;
        lines = openLine - line + 1;
        return error(`${where(column)}: the quote that opens this field is not closed ${why}.`, column);
      }
      fields.push(field);
      if (i === end) break;
      if (text.charCodeAt(i) !== COMMA) {
        const next = indexInRecord(text, COMMA, i, end);
        return error(`${where(column)}: text after the closing quote (${shown(text.slice(open, next))}); a quoted field ends at its closing quote, and "" stands for one quote.`, column);
      }
      i++;
    } else {
      const comma = indexInRecord(text, COMMA, i, end);
      if (indexInRecord(text, QUOTE, i, comma) < comma) {
        return error(`${where(column)}: a quote inside a field that does not start with one (${shown(text.slice(i, comma))}); quote the whole field ("…") or remove the quote.`, column);
      }
      fields.push(text.slice(i, comma));
      if (comma === end) break;
      i = comma + 1;
    }
  }
  return { ok: true, fields, lines };
}

/** Feeds on text chunks; `end()` returns the Dataset or the first error found. */
export class CsvParser {
  private header: string[] | undefined;
  /** Filled rounds and the one being filled (appending never copies). */
  private rounds: Round[] = [];
  /** Views of the round being filled, one per column, and the next free index in them. */
  private current: Float64Array[] = [];
  private offset = 0;
  private blockRows = MAX_BLOCK_ROWS;
  private rows = 0;
  /** Text of the unfinished record at the end of the input so far (possibly an open quoted field). */
  private carry = '';
  /** The quoting state at the end of `carry`. */
  private carryState = freshState();
  /** Physical line number (1-based) where `carry` starts. */
  private carryLine = 1;
  /** The last chunk ended with a CR that ended a record: an LF starting the next chunk belongs to it. */
  private skipLF = false;
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
    if (chunk.length === 0) return true;
    if (this.firstChunk) {
      this.firstChunk = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 byte-order mark
    }
    let from = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (chunk.charCodeAt(0) === LF) from = 1;
    }
    if (this.carry.length) {
      // Finish the record carried over from the previous chunk on a small string of its own, so the
      // big chunk is scanned as the flat string the stream produced: `carry + chunk` would be a rope,
      // and every charCodeAt on it measurably slower (a third of the load time on 1M rows).
      const end = findRecordEnd(chunk, from, this.carryState, this.header !== undefined);
      if (end < 0) {
        if (this.carry.length + chunk.length - from > MAX_RECORD_CHARS) {
          return this.fail(`Line ${this.carryLine} is longer than ${MAX_RECORD_CHARS} characters.`, this.carryLine, 1);
        }
        this.carry += from ? chunk.slice(from) : chunk;
        return true;
      }
      const head = this.carry + chunk.slice(from, end);
      this.carry = '';
      const lines = this.record(head, 0, head.length, this.carryLine, head.includes('"'), false);
      if (lines < 0) return false;
      this.carryLine += lines;
      from = this.afterTerminator(chunk, end);
    }
    const tail = this.scan(chunk, from);
    if (tail < 0) return false;
    this.carry = chunk.slice(tail);
    return true;
  }

  /** Index just past the record terminator at text[end] (CR, LF or CRLF); a CR ending the chunk sets skipLF. */
  private afterTerminator(text: string, end: number): number {
    if (text.charCodeAt(end) !== CR) return end + 1;
    if (end + 1 === text.length) { this.skipLF = true; return end + 1; }
    return text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
  }

  /**
   * Handles every complete record in text[from, …) and returns where the unfinished tail starts
   * (−1 after an error), leaving `carryLine` and `carryState` describing that tail.
   */
  private scan(text: string, from: number): number {
    let pos = from;
    let line = this.carryLine;
    // The next LF, CR and quote at or after pos (text.length when none): each searched once per
    // pass over the chunk, not once per line, so quote-free files stay linear.
    let nextLF = -1;
    let nextCR = -1;
    let nextQuote = -1;
    while (pos < text.length) {
      if (nextLF < pos) nextLF = indexOrEnd(text, '\n', pos);
      if (nextCR < pos) nextCR = indexOrEnd(text, '\r', pos);
      if (nextQuote < pos) nextQuote = indexOrEnd(text, '"', pos);
      let end = nextLF < nextCR ? nextLF : nextCR;
      let quoted = false;
      if (nextQuote < end) {
        quoted = true;
        end = findRecordEnd(text, pos, freshState(), this.header !== undefined);
        if (end < 0) break;
      } else if (end === text.length) {
        break;
      }
      const lines = this.record(text, pos, end, line, quoted, false);
      if (lines < 0) return -1;
      line += lines;
      pos = this.afterTerminator(text, end);
    }
    this.carryLine = line;
    this.carryState = freshState();
    if (pos < text.length) {
      findRecordEnd(text, pos, this.carryState, this.header !== undefined);
      if (text.length - pos > MAX_RECORD_CHARS) {
        this.fail(`Line ${line} is longer than ${MAX_RECORD_CHARS} characters.`, line, 1);
        return -1;
      }
    }
    return pos;
  }

  /** Finishes the input and returns the table (or the first error). */
  end(): Result<Dataset> {
    if (!this.failure && !this.finished) {
      this.finished = true;
      if (this.carry.length) {
        const lines = this.record(this.carry, 0, this.carry.length, this.carryLine, this.carry.includes('"'), true);
        if (lines > 0) this.carryLine += lines;
      }
      this.carry = '';
      if (!this.failure) {
        if (!this.header) {
          this.failure = { message: 'The file is empty: expected a header line naming the columns (e.g. x,y), then one line per sample.', line: 1, column: 1 };
        } else if (this.rows === 0) {
          this.failure = { message: `The file has a header (${shownList(this.header)}) but no data rows.`, line: this.carryLine, column: 1 };
        }
      }
    }
    if (this.failure) return { ok: false, error: this.failure };
    // Each column is copied into an array of exactly `rows` cells. Last column first: once it is
    // copied, every round gives back the memory at its end, so the peak is the data plus one column
    // rather than the data twice (freeing does not wait for the garbage collector).
    this.current = [];
    const width = this.header?.length ?? 0;
    const data: Float64Array[] = new Array<Float64Array>(width);
    for (let c = width - 1; c >= 0; c--) {
      const column = new Float64Array(this.rows);
      let filled = 0;
      for (const round of this.rounds) {
        const n = Math.min(round.rows, this.rows - filled);
        if (n > 0) column.set(new Float64Array(round.buffer, c * round.rows * 8, n), filled);
        filled += n;
        shrink(round.buffer, c * round.rows * 8);
      }
      data[c] = column;
    }
    this.rounds = [];
    return ok({ columns: (this.header ?? []).slice(), rows: this.rows, data });
  }

  /**
   * Handles one record text[start, end) that began on physical line `line`; returns the number of
   * physical lines it covers, or −1 after an error.
   */
  private record(text: string, start: number, end: number, line: number, hasQuote: boolean, atEof: boolean): number {
    if (!hasQuote) {
      if (isBlank(text, start, end)) return 1;
      if (!this.header) return this.readHeader(text.slice(start, end).split(','), line) ? 1 : -1;
      return this.readPlainRow(text, start, end, line) ? 1 : -1;
    }
    const split = parseQuotedRecord(text, start, end, line, this.header, atEof);
    if (!split.ok) {
      this.fail(split.message, split.line, split.column);
      return -1;
    }
    if (!this.header) return this.readHeader(split.fields, line) ? split.lines : -1;
    return this.readRow(split.fields, line) ? split.lines : -1;
  }

  private readHeader(fields: string[], line: number): boolean {
    const names = fields.map(f => f.trim());
    const seen = new Map<string, number>();
    for (let c = 0; c < names.length; c++) {
      if (names[c] === '') return this.fail(`The header's column ${c + 1} has no name.`, line, c + 1);
      const earlier = seen.get(names[c]);
      if (earlier !== undefined) return this.fail(`Duplicate column name ${shown(names[c])} (columns ${earlier + 1} and ${c + 1}).`, line, c + 1);
      seen.set(names[c], c);
    }
    if (names.every(n => !Number.isNaN(parseDecimal(n)))) {
      return this.fail(`Line ${line} looks like data (${shownList(names)}), not a header: the first line must name the columns, e.g. x,y.`, line, 1);
    }
    this.header = names;
    this.blockRows = Math.max(MIN_BLOCK_ROWS, Math.min(MAX_BLOCK_ROWS, Math.floor(BLOCK_CELLS / names.length)));
    this.addRound(Math.min(FIRST_BLOCK_ROWS, this.blockRows));
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
        const comma = indexInRecord(text, COMMA, fieldStart, end);
        const commaInRecord = comma < end;
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
        const what = trimmed === '' ? 'the cell is empty, expected a number' : Number.isNaN(value) ? `${shown(trimmed)} is not a number` : `${shown(trimmed)} is too large for a double`;
        return this.fail(`Line ${line}, column ${c + 1} (${shown(this.header?.[c] ?? '')}): ${what}.`, line, c + 1);
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
    if (++this.offset === this.current[0].length) this.addRound(this.blockRows);
  }

  private addRound(rows: number): void {
    const width = this.header?.length ?? 0;
    const buffer = shrinkableBuffer(rows * width * 8);
    this.rounds.push({ buffer, rows });
    this.current = Array.from({ length: width }, (_, c) => new Float64Array(buffer, c * rows * 8, rows));
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

interface Round {
  buffer: ArrayBuffer;
  /** Rows per column in this round. */
  rows: number;
}

/** ArrayBuffer with the resizable-buffer methods (ES2024), which the ES2022 typings lack. */
type Resizable = ArrayBuffer & { resize?: (byteLength: number) => void; resizable?: boolean };
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options?: { maxByteLength: number }) => ArrayBuffer;

/**
 * A buffer whose memory can be handed back piecewise from its end: a resizable ArrayBuffer
 * (Node 20, current browsers), whose shrinking returns the pages at once; elsewhere a plain one,
 * left to the garbage collector.
 */
function shrinkableBuffer(byteLength: number): ArrayBuffer {
  return typeof (ArrayBuffer.prototype as Resizable).resize === 'function'
    ? new ResizableArrayBuffer(byteLength, { maxByteLength: byteLength })
    : new ArrayBuffer(byteLength);
}

function shrink(buffer: ArrayBuffer, byteLength: number): void {
  const resizable = buffer as Resizable;
  if (resizable.resizable && resizable.resize) resizable.resize(byteLength);
}

/**
 * Index of the first `char` in text[from, end), or `end`: a search bounded by the record, where
 * indexOf would run on to the end of the chunk (a one-column file would be scanned once per row).
 */
function indexInRecord(text: string, char: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === char) return i;
  return end;
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
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Text from the file for a message: quoted, at most 40 characters, line breaks and tabs made visible. */
function shown(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `'${short.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

/** Column names for a message: the first few, then how many more. */
function shownList(names: string[]): string {
  const first = names.slice(0, 8).map(n => shown(n).slice(1, -1)).join(', ');
  return names.length > 8 ? `${first}, … ${names.length - 8} more` : first;
}
