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

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The name of a row's baseline, shortened for the ratio column. */
const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * One block per section: a heading, then one line per row (name, time, ratio to its baseline) with
 * the row's note wrapped on indented lines under it; at the end, every row whose note says a target
 * was missed.
 */
export function printTable(rows: BenchRow[]): void {
  const NOTE_WIDTH = 100;
  const sections = [...new Set(rows.map(r => r.section))];
  for (const section of sections) {
    const inSection = rows.filter(r => r.section === section);
    const table = inSection.map(r => {
      const base = r.baseline ? inSection.find(b => b.name === r.baseline) : undefined;
      return {
        name: r.name,
        time: r.display ?? (Number.isFinite(r.nsPerOp) ? fmt(r.nsPerOp) + (r.unit ? ` /${r.unit}` : '') : '—'),
        ratio: base && Number.isFinite(r.nsPerOp) && Number.isFinite(base.nsPerOp) ? `${(r.nsPerOp / base.nsPerOp).toFixed(2)}× ${shorten(r.baseline ?? '', 40)}` : '',
        note: r.note ?? '',
      };
    });
    const nameWidth = Math.min(70, Math.max(...table.map(t => t.name.length)));
    const timeWidth = Math.max(...table.map(t => t.time.length));
    console.log(`\n${section}`);
    for (const t of table) {
      const names = wrap(t.name, nameWidth);
      console.log(`  ${names[0].padEnd(nameWidth)}  ${t.time.padStart(timeWidth)}  ${t.ratio}`.trimEnd());
      for (const more of names.slice(1)) console.log(`    ${more}`);
      for (const note of t.note ? wrap(t.note, NOTE_WIDTH) : []) console.log(`      ${note}`);
    }
  }
  const missed = rows.filter(r => /\bMISSED\b/.test(r.note ?? ''));
  console.log(`\nTargets missed in this run: ${missed.length === 0 ? 'none' : ''}`);
  for (const r of missed) console.log(`  ${r.section} — ${r.name}`);
}
