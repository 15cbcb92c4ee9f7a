/**
 * A small RFC 4180 reference reader and a generator of CSV texts. The reference accepts what the
 * product documents (header row, numeric cells, quoted fields with doubled quotes and newlines,
 * CR, LF or CRLF record ends, a UTF-8 BOM, blank lines skipped, whitespace around an unquoted
 * cell ignored) and nothing else: a quote inside an unquoted field (also after spaces), text after
 * a closing quote or an unterminated quote is an error, as RFC 4180 section 2 rules 5–7 imply.
 */
import { Rng } from './rng';

export type RefResult = { ok: true; columns: string[]; data: number[][] } | { ok: false; why: string };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Splits into records of fields; fields keep surrounding whitespace, quotes resolved. */
function records(text: string): { fields: string[]; blank: boolean }[] | string {
  const out: { fields: string[]; blank: boolean }[] = [];
  let i = 0;
  const n = text.length;
  let fields: string[] = [];
  let field = '';
  let quotedSeen = false;
  let raw = '';
  const endField = (): void => { fields.push(field); field = ''; };
  const endRecord = (): void => {
    endField();
    out.push({ fields, blank: !quotedSeen && raw.trim() === '' });
    fields = []; quotedSeen = false; raw = '';
  };
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      if (field !== '') return `quote inside an unquoted field at ${i}`;
      quotedSeen = true;
      field = '';
      i++;
      for (;;) {
        if (i >= n) return 'unterminated quote';
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
      // After the closing quote: a separator or a record end.
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') return `text after a closing quote at ${i}`;
      continue;
    }
    if (c === ',') { endField(); raw += c; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; raw += c; i++;
  }
  if (field !== '' || fields.length > 0 || quotedSeen) endRecord();
  return out;
}

export function referenceParse(input: string): RefResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const recs = records(text);
  if (typeof recs === 'string') return { ok: false, why: recs };
  const nonBlank = recs.filter(r => !r.blank);
  if (nonBlank.length === 0) return { ok: false, why: 'empty' };
  const columns = nonBlank[0].fields.map(f => f.trim());
  if (columns.some(c => c === '')) return { ok: false, why: 'empty column name' };
  if (new Set(columns).size !== columns.length) return { ok: false, why: 'duplicate column name' };
  if (columns.every(c => DECIMAL.test(c))) return { ok: false, why: 'header looks like data' };
  const data: number[][] = columns.map(() => []);
  for (const r of nonBlank.slice(1)) {
    if (r.fields.length !== columns.length) return { ok: false, why: 'wrong field count' };
    for (let c = 0; c < columns.length; c++) {
      const t = r.fields[c].trim();
      if (!DECIMAL.test(t)) return { ok: false, why: `not a number: ${JSON.stringify(t)}` };
      const v = Number(t);
      if (!Number.isFinite(v)) return { ok: false, why: 'too large' };
      data[c].push(v);
    }
  }
  if (data[0].length === 0) return { ok: false, why: 'no data rows' };
  return { ok: true, columns, data };
}

const NAMES = ['x', 'y', 'w', 'b', 'target', 'a b', 'x,y', 'q"t', 'π', 'x1', 'col'];

function numberText(rng: Rng): string {
  const r = rng.next();
  if (r < 0.4) return String(rng.int(-100, 1000));
  if (r < 0.7) return (rng.uniform(-10, 10)).toFixed(rng.int(0, 6));
  if (r < 0.8) return rng.pick(['1e3', '-2.5E-3', '.5', '5.', '+3', '-0', '0.1234567890123456789', '1e308', '4.9e-324', '12345678901234567', '007']);
  return rng.pick(['1', '2', '3', '0', '10']);
}

/** Mostly valid files with random quoting, line ends and spacing, then sometimes a few byte-level mutations. */
export function genCsv(rng: Rng): string {
  const cols = rng.int(1, 4);
  const names: string[] = [];
  while (names.length < cols) {
    const nm = rng.pick(NAMES);
    if (!names.includes(nm) || rng.chance(0.03)) names.push(nm);
  }
  const eol = rng.pick(['\n', '\r\n', '\r', '\n', '\r\n']);
  const quoteField = (t: string, force = false): string => {
    const needs = /[",\r\n]/.test(t);
    if (needs || force || rng.chance(0.15)) {
      let inner = t.replace(/"/g, '""');
      if (rng.chance(0.02)) inner = `${inner}${rng.pick(['\n', '\r\n', ' '])}`;
      return `${rng.chance(0.02) ? ' ' : ''}"${inner}"${rng.chance(0.02) ? ' ' : ''}`;
    }
    return rng.chance(0.05) ? ` ${t} ` : t;
  };
  const lines: string[] = [names.map(nm => quoteField(nm)).join(',')];
  const rows = rng.int(0, 6);
  for (let r = 0; r < rows; r++) {
    if (rng.chance(0.08)) lines.push(rng.pick(['', ' ', '\t']));
    lines.push(names.map(() => quoteField(numberText(rng))).join(','));
  }
  let text = (rng.chance(0.05) ? '\ufeff' : '') + lines.join(eol) + (rng.chance(0.6) ? eol : '');
  if (rng.chance(0.45)) {
    const k = rng.int(1, 2);
    for (let m = 0; m < k; m++) {
      const at = rng.int(0, text.length);
      const ins = rng.pick(['"', '"', '""', ',', '\n', '\r', ' ', '1', '"1"', 'x', '\u0000', 'e', '.', '-', '\r\n', '"\n"']);
      text = rng.chance(0.7) ? text.slice(0, at) + ins + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
  }
  return text;
}
