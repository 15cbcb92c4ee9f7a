import * as fs from 'fs';
import * as path from 'path';
import { Io, main } from '../../src/cli/main';

/** What a CLI command did in this process: exit code, output, and the files it wrote (unless `writeFile` was given). */
export interface Captured { code: number; out: string; err: string; files: Map<string, string> }

/**
 * Runs the CLI's `main` in this process with its output captured. By default files are kept in
 * `files` (nothing is written), inputs are read from disk and the report's assets come from dist/;
 * `io` replaces any of these.
 */
export async function runCli(argv: string[], io: Partial<Io> = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const files = new Map<string, string>();
  const code = await main(argv, {
    out: s => { out += s; },
    err: s => { err += s; },
    writeFile: (p, c) => { files.set(p, c); },
    readFile: p => fs.readFileSync(p, 'utf8'),
    assetsDir: path.resolve(__dirname, '../../../dist'),
    ...io,
  });
  return { code, out, err, files };
}
