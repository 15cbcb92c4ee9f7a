// Bundle entry of dist/detect.js: finding the formula under the cursor, loaded on the first hover.
import { findFormula } from '../../core/detect';
import { AssetLoader, Detection, DetectionDocument, refuse } from '../../core/hover/types';

export async function detectFormula(doc: DetectionDocument, offset: number, _assets: AssetLoader): Promise<Detection> {
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r?\n/g;
  let from = 0;
  for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
    lines.push(doc.text.slice(from, m.index));
    starts.push(from);
    from = m.index + m[0].length;
  }
  lines.push(doc.text.slice(from));
  starts.push(from);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  const f = findFormula({ lineCount: lines.length, lineAt: i => lines[i] }, line, offset - starts[line], doc.languageId);
  if (!f) return refuse('no formula here');
  return { found: true, formula: { expression: f.expression, start: starts[f.line] + f.start, end: starts[f.endLine ?? f.line] + f.end, origin: 'text' } };
}
