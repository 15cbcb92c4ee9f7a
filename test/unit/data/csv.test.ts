import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CsvParser, MAX_QUOTED_CHARS, parseCsv, parseDecimal } from '../../../src/core/data/csv';
import { Dataset } from '../../../src/core/data/dataset';
import { readCsvFile } from '../../../src/cli/readCsv';
import { Result, UserError } from '../../../src/core/result';

function parsed(text: string): Dataset {
  const result = parseCsv(text);
  if (!result.ok) assert.fail(`unexpected error: ${result.error.message}`);
  return result.value;
}

function failure(result: Result<Dataset>): UserError {
  if (result.ok) assert.fail('expected an error, got a dataset');
  return result.error;
}

const columns = (d: Dataset): Record<string, number[]> => Object.fromEntries(d.columns.map((c, i) => [c, Array.from(d.data[i])]));

describe('data/csv: parsing', () => {
  it('reads a header and numeric columns into Float64Arrays', () => {
    const d = parsed('x,y\n1,2\n3.5,-4\n');
    assert.deepStrictEqual(d.columns, ['x', 'y']);
    assert.strictEqual(d.rows, 2);
    assert.ok(d.data.every(c => c instanceof Float64Array && c.length === 2));
    assert.deepStrictEqual(columns(d), { x: [1, 3.5], y: [2, -4] });
  });

  it('accepts CRLF, no trailing newline, blank lines, surrounding spaces and a BOM', () => {
    const d = parsed('\uFEFF x , y \r\n\r\n1, 2\r\n   \r\n3 ,4');
    assert.deepStrictEqual(d.columns, ['x', 'y']);
    assert.deepStrictEqual(columns(d), { x: [1, 3], y: [2, 4] });
  });

  it('tolerates quoted fields: quoted header, quoted numbers, escaped quotes and newlines in the header', () => {
    const d = parsed('"x","the ""y"" value"\n"1.5",2\n3,"4"\n');
    assert.deepStrictEqual(d.columns, ['x', 'the "y" value']);
    assert.deepStrictEqual(columns(d)['x'], [1.5, 3]);
    const multiline = parsed('"a\nb",c\n1,2\n');
    assert.deepStrictEqual(multiline.columns, ['a\nb', 'c']);
    assert.deepStrictEqual(Array.from(multiline.data[1]), [2]);
  });

  it('parses decimals exactly as Number() does, with exponents and many digits', () => {
    const cases = ['0', '-0.5', '.25', '1.', '+7', '1e3', '-2.5E-3', '0.1', '123456789012345', '1234567890123456789', '3.141592653589793238'];
    for (const text of cases) assert.strictEqual(parseDecimal(text), Number(text), text);
    for (const text of ['', '-', '.', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1e', '1.2.3', '--1']) {
      assert.ok(Number.isNaN(parseDecimal(text)), `'${text}' must not parse`);
    }
  });

  it('gives the same table however the text is split into chunks (every split point)', () => {
    const text = 'x,"y\nz"\r\n1,"2"\r\n\r\n-3.25,4e1\r\n5,6';
    const whole = columns(parsed(text));
    assert.deepStrictEqual(Object.keys(whole), ['x', 'y\nz']);
    for (let cut = 0; cut <= text.length; cut++) {
      for (const second of [cut, Math.min(text.length, cut + 3)]) {
        const parser = new CsvParser();
        parser.push(text.slice(0, cut));
        parser.push(text.slice(cut, second));
        parser.push(text.slice(second));
        const result = parser.end();
        assert.ok(result.ok, `cut at ${cut}/${second}`);
        assert.deepStrictEqual(columns(result.value), whole, `cut at ${cut}/${second}`);
      }
    }
  });

  it('reports the same line and column however a bad file is split into chunks', () => {
    // Line 1–2: header with a quoted newline; 3: data; 4: blank; 5: bad cell in column 2.
    const text = '"a\nb",c\r\n1,2\r\n\r\n3,x4\r\n5,6\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new CsvParser();
      parser.push(text.slice(0, cut));
      parser.push(text.slice(cut));
      const e = failure(parser.end());
      assert.deepStrictEqual([e.line, e.column], [5, 2], `cut at ${cut}`);
    }
  });

  it('grows past its initial capacity and trims to exactly rows', () => {
    const n = 5000;
    const lines = ['i,square'];
    for (let i = 0; i < n; i++) lines.push(`${i},${i * i}`);
    const d = parsed(lines.join('\n'));
    assert.strictEqual(d.rows, n);
    assert.strictEqual(d.data[0].length, n);
    assert.strictEqual(d.data[1].buffer.byteLength, n * 8);
    assert.strictEqual(d.data[1][4321], 4321 * 4321);
  });
});

describe('data/csv: bad files are errors with line and column', () => {
  it('empty file, and a file of blank lines', () => {
    for (const text of ['', '\n\n  \r\n']) {
      const e = failure(parseCsv(text));
      assert.match(e.message, /empty/);
      assert.deepStrictEqual([e.line, e.column], [1, 1]);
    }
  });

  it('missing header: a first line of numbers', () => {
    const e = failure(parseCsv('1,2\n3,4\n'));
    assert.match(e.message, /header/);
    assert.deepStrictEqual([e.line, e.column], [1, 1]);
  });

  it('header but no rows', () => {
    const e = failure(parseCsv('x,y\n\n'));
    assert.match(e.message, /no data rows/);
  });

  it('duplicate column names name both columns', () => {
    const e = failure(parseCsv('x,y,x\n1,2,3\n'));
    assert.strictEqual(e.message, "Duplicate column name 'x' (columns 1 and 3).");
    assert.deepStrictEqual([e.line, e.column], [1, 3]);
  });

  it('an empty column name', () => {
    const e = failure(parseCsv('x,,y\n1,2,3\n'));
    assert.deepStrictEqual([e.line, e.column], [1, 2]);
  });

  it("non-numeric cell: line 7, column 3 ('y')", () => {
    // Line 1 header, 2–3 data, 4 blank (still counted), 5–6 data, 7 the bad row.
    const text = 'a,b,y\n1,2,3\n4,5,6\n\n7,8,9\n1,1,1\n2,2,abc\n3,3,3\n';
    const e = failure(parseCsv(text));
    assert.strictEqual(e.message, "Line 7, column 3 ('y'): 'abc' is not a number.");
    assert.deepStrictEqual([e.line, e.column], [7, 3]);
  });

  it('an empty cell is not silently zero', () => {
    const e = failure(parseCsv('x,y\n1,\n'));
    assert.strictEqual(e.message, "Line 2, column 2 ('y'): the cell is empty, expected a number.");
  });

  it('a number beyond the range of a double is refused, not read as Infinity', () => {
    const e = failure(parseCsv('x\n1e400\n'));
    assert.strictEqual(e.message, "Line 2, column 1 ('x'): '1e400' is too large for a double.");
  });

  it('line numbers count CRLF lines and lines inside quoted fields', () => {
    const e = failure(parseCsv('"x\ny",z\r\n1,2\r\n3,oops\r\n'));
    assert.deepStrictEqual([e.line, e.column], [4, 2]);
  });

  it('ragged rows: too few and too many fields', () => {
    const few = failure(parseCsv('x,y,z\n1,2,3\n4,5,6\n7,8,9\n1,2\n'));
    assert.strictEqual(few.message, 'Line 5 has 2 fields, the header has 3.');
    assert.deepStrictEqual([few.line, few.column], [5, 3]);
    const many = failure(parseCsv('x,y\n1,2\n3,4,5\n'));
    assert.strictEqual(many.message, 'Line 3 has 3 fields, the header has 2.');
    assert.deepStrictEqual([many.line, many.column], [3, 3]);
    const quoted = failure(parseCsv('x,y\n"1"\n'));
    assert.strictEqual(quoted.message, 'Line 2 has 1 field, the header has 2.');
  });

  it('stops at the first error: push returns false and the error is kept', () => {
    const parser = new CsvParser();
    assert.strictEqual(parser.push('x,y\n1,2\n'), true);
    assert.strictEqual(parser.push('3,x\n'), false);
    assert.strictEqual(parser.push('4,5\n'), false);
    assert.strictEqual(parser.error?.line, 3);
    assert.strictEqual(failure(parser.end()).line, 3);
  });
});

describe('data/csv: quoting by RFC 4180 never changes a number', () => {
  /** The same error, whatever the chunks the text arrives in (every single cut). */
  function errorAtEveryCut(text: string): UserError {
    const whole = failure(parseCsv(text));
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new CsvParser();
      parser.push(text.slice(0, cut));
      parser.push(text.slice(cut));
      const e = failure(parser.end());
      assert.deepStrictEqual(e, whole, `cut at ${cut}`);
    }
    assert.doesNotMatch(whole.message, /[\r\n]/, 'a message is one line');
    return whole;
  }

  it('a quote inside an unquoted field is an error, not a cell of 23', () => {
    const e = errorAtEveryCut('x,y\n1,2"3\n');
    assert.deepStrictEqual([e.line, e.column], [2, 2]);
    assert.match(e.message, /^Line 2, column 2 \('y'\): a quote inside a field that does not start with one \('2"3'\)/);
  });

  it('text after a closing quote is an error, not a cell of 12', () => {
    const e = errorAtEveryCut('x,y\n"1"2,3\n');
    assert.deepStrictEqual([e.line, e.column], [2, 1]);
    assert.match(e.message, /text after the closing quote \('"1"2'\)/);
  });

  it('a quote left open at the end of the file is an error, in a row and in the header', () => {
    const row = errorAtEveryCut('x,y\n1,"2');
    assert.deepStrictEqual([row.line, row.column], [2, 2]);
    assert.match(row.message, /not closed before the end of the file/);
    const header = errorAtEveryCut('"x,y\n1,2\n');
    assert.deepStrictEqual([header.line, header.column], [1, 1]);
    assert.match(header.message, /not closed before the end of the file/);
  });

  it('a stray quote does not swallow the rows after it: the error is on its own line', () => {
    // The second quote on line 4 would pair with the first one if quotes were merely counted.
    const inside = errorAtEveryCut('x,y\n1,2"3\n4,5\n6,7"\n8,9\n');
    assert.deepStrictEqual([inside.line, inside.column], [2, 2]);
    // An opening quote whose field runs past the line end: no number spans lines.
    const opening = errorAtEveryCut('x,y\n1,2\n3,"4\n5,6\n7,8"\n');
    assert.deepStrictEqual([opening.line, opening.column], [3, 2]);
    assert.match(opening.message, /not closed on the same line/);
    const never = errorAtEveryCut(`x,y\n"1,2\n${'3,4\n'.repeat(1000)}`);
    assert.deepStrictEqual([never.line, never.column], [2, 1]);
  });

  it('a quote in a header name is an error; a quoted name left open gives up after MAX_QUOTED_CHARS', () => {
    const stray = errorAtEveryCut('x",y\n1,2\n');
    assert.deepStrictEqual([stray.line, stray.column], [1, 1]);
    const open = failure(parseCsv(`x,"y${'z'.repeat(MAX_QUOTED_CHARS + 10)}\n1,2\n`));
    assert.deepStrictEqual([open.line, open.column], [1, 2]);
    assert.match(open.message, new RegExp(`not closed within ${MAX_QUOTED_CHARS} characters`));
  });

  it('"" inside quotes is one quote; quoted cells hold numbers exactly', () => {
    const d = parsed('"x ""a""",y\n"1.5","-2e3"\n');
    assert.deepStrictEqual(d.columns, ['x "a"', 'y']);
    assert.deepStrictEqual(columns(d), { 'x "a"': [1.5], y: [-2000] });
    const e = errorAtEveryCut('x,y\n"1""",2\n');
    assert.match(e.message, /'1"' is not a number/);
  });

  it('line breaks and tabs in names and cells are shown escaped: a message is one line', () => {
    const e = errorAtEveryCut('"a\nb",c\n1\t,2\nx,3\n');
    assert.strictEqual(e.message, "Line 4, column 1 ('a\\nb'): 'x' is not a number.");
    assert.deepStrictEqual([e.line, e.column], [4, 1]);
  });
});

describe('data/csv: line endings', () => {
  const expected = { x: [1, 3, 5], y: [2, 4, 6] };
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']]) {
    it(`${name} only: same table at every cut, line numbers count ${name} lines`, () => {
      const text = ['x,y', '1,2', '', '3,4', '5,6', ''].join(eol);
      for (let cut = 0; cut <= text.length; cut++) {
        const parser = new CsvParser();
        parser.push(text.slice(0, cut));
        parser.push(text.slice(cut));
        const result = parser.end();
        if (!result.ok) assert.fail(`cut at ${cut}: ${result.error.message}`);
        assert.deepStrictEqual(columns(result.value), expected, `cut at ${cut}`);
      }
      const e = failure(parseCsv(['x,y', '1,2', '', '3,oops', '5,6'].join(eol)));
      assert.deepStrictEqual([e.line, e.column], [4, 2]);
    });
  }

  it('mixed endings, and a quoted header name spanning a CR line', () => {
    assert.deepStrictEqual(columns(parsed('x,y\r1,2\n3,4\r\n5,6')), expected);
    const d = parsed('"a\rb",c\r1,2\r');
    assert.deepStrictEqual(d.columns, ['a\rb', 'c']);
    const e = failure(parseCsv('"a\r\nb",c\r\n1,2\r\n3,?\r\n'));
    assert.deepStrictEqual([e.line, e.column], [4, 2]);
  });
});

describe('data/csv: wide files', () => {
  it('duplicate names among 200,000 columns are found in linear time, naming both columns', function () {
    this.timeout(10000); // a quadratic check takes minutes at this width
    const names = Array.from({ length: 200_000 }, (_, i) => `c${i}`);
    names.push('c123456');
    const e = failure(parseCsv(`${names.join(',')}\n`));
    assert.strictEqual(e.message, "Duplicate column name 'c123456' (columns 123457 and 200001).");
    assert.deepStrictEqual([e.line, e.column], [1, 200_001]);
  });

  it('one column of 17-digit numbers: each row is searched within itself, not to the end of the chunk', function () {
    this.timeout(8000); // searching on to the chunk's end for every row takes several seconds here
    const rows = 300_000;
    const lines = ['x'];
    const cell = (r: number) => `0.1234567890123${String(r).padStart(6, '0')}`; // 19 digits: past the fast path
    for (let r = 0; r < rows; r++) lines.push(cell(r));
    const d = parsed(lines.join('\n'));
    assert.strictEqual(d.rows, rows);
    assert.strictEqual(d.data[0][rows - 1], Number(cell(rows - 1)));
  });

  it('2,000 columns × 600 rows (storage rounds of 524 rows): every cell in place, every column exactly rows long', () => {
    const width = 2000;
    const rows = 600;
    const lines = [Array.from({ length: width }, (_, c) => `c${c}`).join(',')];
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: width }, (_, c) => r * width + c).join(','));
    const d = parsed(lines.join('\n'));
    assert.strictEqual(d.rows, rows);
    for (const c of [0, 1, 1234, width - 1]) {
      assert.strictEqual(d.data[c].buffer.byteLength, rows * 8);
      for (const r of [0, 1, 523, 524, rows - 1]) assert.strictEqual(d.data[c][r], r * width + c);
    }
  });
});

describe('data/csv: reading files (src/cli/readCsv)', () => {
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-csv-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams a file larger than one 1 MiB chunk, with a non-ASCII header', async () => {
    const file = path.join(dir, 'big.csv');
    const lines = ['ä' + 'x'.repeat(10), 'y'].join(',');
    const body: string[] = [lines];
    for (let i = 0; i < 200_000; i++) body.push(`${i},${i / 4}`);
    fs.writeFileSync(file, body.join('\n'));
    const result = await readCsvFile(file);
    if (!result.ok) assert.fail(result.error.message);
    assert.strictEqual(result.value.rows, 200_000);
    assert.strictEqual(result.value.columns[0], 'äxxxxxxxxxx');
    assert.strictEqual(result.value.data[1][199_999], 199_999 / 4);
  });

  it('reports a missing file and a bad row with the path', async () => {
    const missing = await readCsvFile(path.join(dir, 'nope.csv'));
    assert.ok(!missing.ok && /no such file/.test(missing.error.message));
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'x,y\n1,2\n3,four\n');
    const bad = await readCsvFile(file);
    assert.ok(!bad.ok);
    assert.deepStrictEqual([bad.error.line, bad.error.column], [3, 2]);
    assert.ok(bad.error.message.startsWith(file));
  });
});
