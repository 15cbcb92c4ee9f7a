/**
 * `npm run bench`: runs every `*.bench.js` module next to this file. Each exports
 * `run(): BenchRow[] | Promise<BenchRow[]>`; all rows are printed section by section, as times and
 * ratios to a baseline measured in the same run, with the load average before and after.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow, printTable } from './harness';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.bench.js') && (!only || f.startsWith(only))).sort();
  const load = (): string => `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
  const loadBefore = load();
  const rows: BenchRow[] = [];
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, f)) as { run: () => BenchRow[] | Promise<BenchRow[]> };
    rows.push(...(await mod.run()));
  }
  console.log(`\nOptimizer Lab benchmarks — node ${process.version}, ${process.platform}/${process.arch}; ${loadBefore} at the start, ${load()} at the end`);
  printTable(rows);
}

main().catch(e => { console.error(e); process.exit(1); });
