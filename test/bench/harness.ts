/**
 * Tiny benchmark harness: every figure is reported next to a baseline measured in the same run,
 * so the table reads as ratios that do not depend on how busy the machine is.
 */
export interface BenchRow {
  section: string;
  name: string;
  /** Nanoseconds per operation (or per unit named by `unit`). */
  nsPerOp: number;
  /** Name of the row in the same section this one is compared with. */
  baseline?: string;
  unit?: string;
  /** Free text (target, notes). */
  note?: string;
  /** Shown instead of the time when the row is not a time (a size). */
  display?: string;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6; // ms

/** Runs `fn(iterations)` until it takes at least `minMs`, keeps the best of `repeats` rounds; ns per op. */
export function measure(fn: (iterations: number) => void, opts: { minMs?: number; repeats?: number } = {}): number {
  const minMs = opts.minMs ?? 200;
  const repeats = opts.repeats ?? 5;
  let n = 1;
  for (;;) {
    const t0 = now();
    fn(n);
    const dt = now() - t0;
    if (dt >= minMs / 4) { n = Math.max(1, Math.ceil((n * minMs) / Math.max(dt, 1e-3) / 4)); break; }
    n *= 4;
  }
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = now();
    fn(n);
    best = Math.min(best, ((now() - t0) * 1e6) / n);
  }
  return best;
}

/** Time one call, best of `repeats`, in milliseconds. */
export function timeOnce(fn: () => void, repeats = 5): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = now();
    fn();
    best = Math.min(best, now() - t0);
  }
  return best;
}

function fmt(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

export function printTable(rows: BenchRow[]): void {
  const table = rows.map(r => {
    const base = r.baseline ? rows.find(b => b.section === r.section && b.name === r.baseline) : undefined;
    return {
      section: r.section,
      name: r.name,
      time: r.display ?? (Number.isFinite(r.nsPerOp) ? fmt(r.nsPerOp) + (r.unit ? ` /${r.unit}` : '') : '—'),
      ratio: base && Number.isFinite(r.nsPerOp) && Number.isFinite(base.nsPerOp) ? `${(r.nsPerOp / base.nsPerOp).toFixed(2)}× ${r.baseline}` : '',
      note: r.note ?? '',
    };
  });
  const cols = ['section', 'name', 'time', 'ratio', 'note'] as const;
  const width = cols.map(c => Math.max(c.length, ...table.map(t => t[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join(' | ');
  console.log(line([...cols]));
  console.log(width.map(w => '-'.repeat(w)).join('-|-'));
  for (const t of table) console.log(line(cols.map(c => t[c])));
}
