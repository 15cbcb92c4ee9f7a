/**
 * Reads a CSV file from disk through the streaming parser in src/core/data/csv.ts: the file is read
 * in 1 MiB chunks, so a 50 MB file is never held as one string — only its numeric columns stay.
 */
import * as fs from 'fs';
import { CsvParser } from '../core/data/csv';
import { Dataset } from '../core/data/dataset';
import { Result, fail } from '../core/result';

export async function readCsvFile(path: string): Promise<Result<Dataset>> {
  const parser = new CsvParser();
  // encoding 'utf8' makes the stream decode multi-byte characters split across chunk boundaries.
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      if (!parser.push(chunk as string)) break; // first bad row found: stop reading the rest
    }
  } catch (e) {
    // Missing file, a directory, no permission: a mistake in the path the person gave.
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return fail(`Cannot read '${path}': ${reason}.`);
  } finally {
    stream.destroy();
  }
  const result = parser.end();
  return result.ok ? result : fail(`${path}: ${result.error.message}`, { line: result.error.line, column: result.error.column });
}
