/**
 * Words for values in error messages: what a person (or a message from the webview) actually
 * passed, said so that it cannot be misread — `[1]` is "a list [1]", not "1"; `undefined` is
 * "nothing", not "undefined"; an object is "an object", not "[object Object]".
 */

const MAX_TEXT = 40;
const MAX_ITEMS = 6;

function item(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v);
  if (typeof v === 'number') return String(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return '[…]';
  if (typeof v === 'object') return '{…}';
  return typeof v;
}

/** A short, unambiguous description of any value, e.g. "a list [0, 99]", "the text \"5\"", "nothing". */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'nothing';
    case 'number':
      return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v);
    case 'string':
      return v.length === 0 ? 'an empty text' : `the text ${item(v)}`;
    case 'boolean':
      return String(v);
    case 'bigint':
      return `the big integer ${v}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      break;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty list';
    const shown = v.slice(0, MAX_ITEMS).map(item).join(', ');
    return `a list [${shown}${v.length > MAX_ITEMS ? `, … (${v.length} items)` : ''}]`;
  }
  if (ArrayBuffer.isView(v)) return 'a typed array';
  const keys = Object.keys(v as object);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, MAX_ITEMS).map(k => (k.length > MAX_TEXT ? `${k.slice(0, MAX_TEXT)}…` : k)).join(', ');
  return `an object with ${shown}${keys.length > MAX_ITEMS ? ', …' : ''}`;
}

/**
 * A value and the limit it is compared with, printed so that the texts compare as the numbers do:
 * the limit with up to 12 significant digits, the value with the fewest digits (6 at least) that
 * keep the comparison true, so "1000000.4 exceeds 1000000" never prints as "1000000 exceeds 1000000".
 * Falls back to every digit of both.
 */
export function formatPair(value: number, limit: number): [string, string] {
  const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));
  const order = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);
  const want = order(value, limit);
  const b = fmt(limit, 12);
  if (order(limit, Number(b)) === 0 || want !== 0) {
    for (let digits = 6; digits <= 17; digits++) {
      const a = fmt(value, digits);
      if (order(Number(a), Number(b)) === want) return [a, b];
    }
  }
  return [String(value), String(limit)];
}
