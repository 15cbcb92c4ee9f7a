/** Plain-text tables and number formatting for the terminal. */
import { parseDecimal } from '../core/data/csv';

export function fmtNum(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e6 ? Number(v.toPrecision(digits)).toString() : v.toExponential(digits - 2);
}

/** Left-aligned text columns, right-aligned numeric columns, a rule under the header. */
export function table(header: string[], rows: string[][]): string {
  const numeric = header.map((_, c) => rows.length > 0 && rows.every(r => /^[-+]?(\d|inf|NaN)/.test(r[c] ?? '') || r[c] === '—'));
  const width = header.map((h, c) => Math.max(h.length, ...rows.map(r => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((x, c) => (numeric[c] ? x.padStart(width[c]) : x.padEnd(width[c]))).join('  ').trimEnd();
  return [line(header), width.map(w => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** `x=1,y=2` → values in the order of `variables`; every variable must be given exactly once. */
export function parsePoint(text: string, variables: string[], flag: string): number[] {
  const values = new Map<string, number>();
  for (const part of text.split(',').map(p => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new Error(`${flag}: '${part}' is not name=value`);
    const v = parseDecimal(m[2]);
    if (!Number.isFinite(v)) throw new Error(`${flag}: ${m[1]}='${m[2]}' is not a finite decimal number`);
    if (!variables.includes(m[1])) throw new Error(`${flag}: '${m[1]}' is not a variable (variables: ${variables.join(', ')})`);
    if (values.has(m[1])) throw new Error(`${flag}: '${m[1]}' is given twice`);
    values.set(m[1], v);
  }
  const missing = variables.filter(v => !values.has(v));
  if (missing.length) throw new Error(`${flag}: missing ${missing.join(', ')} (variables: ${variables.join(', ')})`);
  return variables.map(v => values.get(v) as number);
}
