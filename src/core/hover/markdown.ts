/**
 * Markdown structure for the hover: a fenced code block tagged with a language is read in that
 * language (on the block's text), an inline code span is read as maths text, and `:role:`-prefixed
 * spans (Sphinx/MyST labels) are never maths. TeX maths is found before this runs (tex/).
 */

/** Fence info string → VS Code language id. */
const FENCE_LANGUAGES: Readonly<Record<string, string>> = {
  python: 'python', py: 'python', python3: 'python', ipython: 'python', ipython3: 'python', pycon: 'python',
  javascript: 'javascript', js: 'javascript', node: 'javascript', jsx: 'javascriptreact', mjs: 'javascript',
  typescript: 'typescript', ts: 'typescript', tsx: 'typescriptreact',
  julia: 'julia', jl: 'julia', r: 'r', rscript: 'r', matlab: 'matlab', octave: 'matlab', m: 'matlab',
  c: 'c', h: 'c', cpp: 'cpp', 'c++': 'cpp', cc: 'cpp', hpp: 'cpp', cxx: 'cpp', cuda: 'cpp',
  rust: 'rust', rs: 'rust', go: 'go', golang: 'go',
};

export type MarkdownPlace =
  | { kind: 'fence'; languageId: string; text: string; start: number }
  | { kind: 'inline'; text: string; start: number }
  | { kind: 'untagged-fence-line'; text: string; start: number }
  | { kind: 'none'; reason: string };

/** What the offset is in: a tagged fence, an inline code span, or neither. */
export function markdownPlace(text: string, offset: number): MarkdownPlace {
  // Fences: walk the lines up to the offset, tracking the open fence.
  const fenceLine = /^( {0,3})(`{3,}|~{3,})\s*\{?\.?([\w+#-]*)[^\n]*$/;
  let open: { marker: string; tag: string; bodyStart: number } | undefined;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    const m = fenceLine.exec(line);
    if (open) {
      const closes = m && m[2][0] === open.marker[0] && m[2].length >= open.marker.length && m[3] === '';
      if (closes) {
        if (offset >= open.bodyStart && offset < pos) return fenceBody(text, open, pos, offset);
        if (offset >= pos && offset <= lineEnd) return { kind: 'none', reason: 'a code fence' };
        open = undefined;
      }
    } else if (m) {
      if (offset >= pos && offset <= lineEnd) return { kind: 'none', reason: 'a code fence' };
      open = { marker: m[2], tag: m[3].toLowerCase(), bodyStart: Math.min(text.length, lineEnd + 1) };
    }
    if (!open && offset >= pos && offset <= lineEnd) return inlineSpan(line, pos, offset);
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (open && offset >= open.bodyStart) return fenceBody(text, open, text.length, offset);
  return { kind: 'none', reason: 'outside the text' };
}

function fenceBody(text: string, open: { tag: string; bodyStart: number }, end: number, offset: number): MarkdownPlace {
  const languageId = FENCE_LANGUAGES[open.tag];
  const body = text.slice(open.bodyStart, end);
  if (languageId) return { kind: 'fence', languageId, text: body, start: open.bodyStart };
  if (open.tag === '' || open.tag === 'text' || open.tag === 'mathjs') {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const nl = text.indexOf('\n', offset);
    return { kind: 'untagged-fence-line', text: text.slice(lineStart, nl < 0 ? text.length : nl), start: lineStart };
  }
  return { kind: 'none', reason: `a ${open.tag} code block` };
}

function inlineSpan(line: string, lineStart: number, offset: number): MarkdownPlace {
  const col = offset - lineStart;
  const span = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  for (let m = span.exec(line); m; m = span.exec(line)) {
    const from = m.index;
    const to = from + m[0].length;
    if (col < from || col >= to) continue;
    if (/:[\w-]+:$/.test(line.slice(0, from))) return { kind: 'none', reason: 'a role or label' };
    const inner = m[2];
    const lead = inner.length - inner.trimStart().length;
    return { kind: 'inline', text: inner.trim(), start: lineStart + from + m[1].length + lead };
  }
  return { kind: 'none', reason: 'prose' };
}
