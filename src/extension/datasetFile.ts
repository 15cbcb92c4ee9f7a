/**
 * Reading a CSV dataset through the workspace file system (so remote and virtual workspaces work),
 * cached per file and modification time. Used by the panel (re-runs) and the dataset command.
 */
import * as vscode from 'vscode';
import { CsvParser } from '../core/data/csv';
import { Dataset } from '../core/data/dataset';
import { fail, ok, Result } from '../core/result';

const cache = new Map<string, { mtime: number; dataset: Dataset }>();
const CHUNK = 1 << 20;

/** Parses a CSV (by URI string or path) through the streaming parser, cached per file and mtime. */
export async function readDataset(file: string): Promise<Result<Dataset>> {
  const uri = file.includes('://') ? vscode.Uri.parse(file) : vscode.Uri.file(file);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return fail(`Cannot read '${file}': no such file.`);
  }
  const hit = cache.get(uri.toString());
  if (hit && hit.mtime === stat.mtime) return ok(hit.dataset);
  const bytes = await vscode.workspace.fs.readFile(uri);
  const decoder = new TextDecoder('utf-8');
  const parser = new CsvParser();
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const text = decoder.decode(bytes.subarray(i, i + CHUNK), { stream: i + CHUNK < bytes.length });
    if (!parser.push(text)) break;
  }
  const r = parser.end();
  if (!r.ok) return fail(`${vscode.workspace.asRelativePath(uri)}: ${r.error.message}`, { line: r.error.line, column: r.error.column });
  cache.set(uri.toString(), { mtime: stat.mtime, dataset: r.value });
  return r;
}
