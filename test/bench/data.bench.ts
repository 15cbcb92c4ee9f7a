/**
 * Datasets at scale: a 1,000,000-row × 5-column CSV is loaded through the streaming parser
 * and a full-batch gradient of a 4-parameter linear squared loss is computed over it. Baselines in
 * the same run: reading the file without parsing (the I/O floor), and a hand-written loop over the
 * same Float64Arrays computing the same gradient (the arithmetic floor).
 *
 *   node out/test/bench/index.js data
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCsvFile } from '../../src/cli/readCsv';
import { Dataset } from '../../src/core/data/dataset';
import { PerSampleLoss, compileDatasetLoss } from '../../src/core/data/objective';
import { Rng } from '../../src/core/data/rng';
import { createDatasetSource } from '../../src/core/data/sampler';
import { BenchRow, timeOnce } from './harness';

const ROWS = 1_000_000;
const LOSS = '(w1*x1 + w2*x2 + w3*x3 + w4*x4 - y)^2';
const SECTION = 'data 1M×5';

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
/** Typed-array memory lives outside the JS heap (arrayBuffers), so both count. */
const memory = (): number => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const collect = (): void => { (globalThis as { gc?: () => void }).gc?.(); };

/** Writes x1..x4 ~ U[−5, 5], y = 1·x1 − 2·x2 + 0.5·x3 + 3·x4 + noise, in 10,000-line blocks. */
function writeCsv(file: string): void {
  const rng = new Rng(2024);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'x1,x2,x3,x4,y\n');
    for (let start = 0; start < ROWS; start += 10_000) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const x = [0, 1, 2, 3].map(() => 10 * rng.next() - 5);
        const y = x[0] - 2 * x[1] + 0.5 * x[2] + 3 * x[3] + 0.1 * rng.normal();
        lines.push(`${x.map(v => v.toFixed(5)).join(',')},${y.toFixed(6)}`);
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The floor for loading: stream the file as text through the same decoder, parsing nothing. */
async function readOnly(file: string): Promise<number> {
  let chars = 0;
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) chars += (chunk as string).length;
  return chars;
}

/** The same gradient as the loss, written by hand over the columns: mean of 2r·(x1..x4). */
function handGradient(data: Dataset, w: Float64Array, out: Float64Array): void {
  const [x1, x2, x3, x4, y] = data.data;
  let g1 = 0, g2 = 0, g3 = 0, g4 = 0;
  for (let i = 0; i < data.rows; i++) {
    const r2 = 2 * (w[0] * x1[i] + w[1] * x2[i] + w[2] * x3[i] + w[3] * x4[i] - y[i]);
    g1 += r2 * x1[i]; g2 += r2 * x2[i]; g3 += r2 * x3[i]; g4 += r2 * x4[i];
  }
  out[0] = g1 / data.rows; out[1] = g2 / data.rows; out[2] = g3 / data.rows; out[3] = g4 / data.rows;
}

/** The per-sample loss written by hand: isolates the data layer's per-row overhead from the compiler. */
const handLoss: PerSampleLoss = {
  variables: ['w1', 'w2', 'w3', 'w4'],
  dataColumns: ['x1', 'x2', 'x3', 'x4', 'y'],
  f: (p, d = []) => (p[0] * d[0] + p[1] * d[1] + p[2] * d[2] + p[3] * d[3] - d[4]) ** 2,
  grad(p, out, d = []) {
    const r2 = 2 * (p[0] * d[0] + p[1] * d[1] + p[2] * d[2] + p[3] * d[3] - d[4]);
    out[0] = r2 * d[0]; out[1] = r2 * d[1]; out[2] = r2 * d[2]; out[3] = r2 * d[3];
  },
};

export async function run(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-bench-'));
  const rows: BenchRow[] = [];
  try {
    const file = path.join(dir, 'big.csv');
    writeCsv(file);
    const size = fs.statSync(file).size;

    let t0 = nowMs();
    await readOnly(file);
    const readMs = nowMs() - t0;
    rows.push({ section: SECTION, name: 'stream file, no parse', nsPerOp: readMs * 1e6, unit: 'file', note: `${mb(size)} of text` });

    collect();
    const before = memory();
    t0 = nowMs();
    const loaded = await readCsvFile(file);
    const loadMs = nowMs() - t0;
    if (!loaded.ok) throw new Error(loaded.error.message);
    const data = loaded.value;
    collect();
    const growth = memory() - before;
    rows.push({
      section: SECTION, name: 'load CSV (streaming parse)', nsPerOp: loadMs * 1e6, unit: 'file', baseline: 'stream file, no parse',
      note: `${data.rows} rows; retained ${mb(growth)} (cells alone: ${mb(data.rows * 5 * 8)})${(globalThis as { gc?: unknown }).gc ? '' : ', run with --expose-gc for exact retention'}`,
    });

    const w = Float64Array.of(0.9, -1.8, 0.4, 2.7);
    const reference = new Float64Array(4);
    const handMs = timeOnce(() => handGradient(data, w, reference));
    rows.push({ section: SECTION, name: 'gradient: hand loop on columns', nsPerOp: handMs * 1e6, unit: 'pass', note: 'baseline' });

    const gradientRow = (name: string, loss: PerSampleLoss, note: string): void => {
      const source = createDatasetSource(loss, data, { batchSize: 'full', shuffle: false, seed: 1 });
      if (!source.ok) throw new Error(source.error.message);
      const out = new Float64Array(4);
      const ms = timeOnce(() => source.value.gradient(w, 1, out));
      const error = Math.max(...out.map((v, j) => Math.abs(v - reference[j]) / Math.abs(reference[j])));
      rows.push({ section: SECTION, name, nsPerOp: ms * 1e6, unit: 'pass', baseline: 'gradient: hand loop on columns', note: `${note}; max rel. diff ${error.toExponential(1)}; target ≪ 1 s` });
    };
    gradientRow('gradient: hand PerSampleLoss via sampler', handLoss, 'row buffer + call per row');
    const compiled = compileDatasetLoss(LOSS, data, ['w1', 'w2', 'w3', 'w4']);
    if (compiled.ok) gradientRow('gradient: compiled loss via sampler', compiled.value, LOSS);
    else rows.push({ section: SECTION, name: 'gradient: compiled loss via sampler', nsPerOp: NaN, note: `not measured: ${compiled.error.message}` });

    const mini = createDatasetSource(handLoss, data, { batchSize: 32, shuffle: true, seed: 1 });
    if (!mini.ok) throw new Error(mini.error.message);
    const out = new Float64Array(4);
    const steps = mini.value.stepsPerEpoch;
    const epochMs = timeOnce(() => { for (let t = 1; t <= steps; t++) mini.value.gradient(w, t, out); }, 3);
    rows.push({ section: SECTION, name: 'epoch of B=32 shuffled minibatches', nsPerOp: epochMs * 1e6, unit: 'epoch', baseline: 'gradient: hand loop on columns', note: `${steps} updates incl. one reshuffle` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const r of rows) console.log(`  ${r.name}: ${(r.nsPerOp / 1e6).toFixed(1)} ms${r.note ? ` (${r.note})` : ''}`);
  return rows;
}
