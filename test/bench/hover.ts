/**
 * The corpus score of the formula hover (dev script, not a test): rebuilds each public file listed
 * in test/hover-corpus/manifest.json from a local git copy of its repository (`git show
 * commit:path`), hovers every line at several positions with the detector, and compares what would
 * be shown with the hand-made labels in test/hover-corpus/labels/<id>.json.
 *
 *   npm run bench:hover -- [folder] [--only id,id] [--json file] [--verbose]
 *
 * `folder` holds the repositories (default: $OPTIMIZER_LAB_CORPUS, else corpus-cache/ in this repository,
 * git-ignored); a repository owner/name is looked for as
 * <folder>/owner+name/repo(/.git), <folder>/owner+name, <folder>/owner/name or <folder>/name.
 *
 * A hover is *shown* when the detector finds a formula and parseObjective accepts it with at least
 * one variable. Each distinct shown formula (document, range, text) counts once:
 *   - correct: on a labelled line, and numerically the same function as a label there (random
 *     points where both are finite; variable names compared without underscores);
 *   - wrong meaning: on a labelled line (inside the label's span when it has one), another function;
 *   - false positive: anywhere else.
 * Recall: labelled formulas (not `optional`) for which a hover inside the label's span — or anywhere
 * on its lines when it has no span — showed the labelled function; split code / TeX.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseObjective } from '../../src/core/expr';
import type { AssetLoader, Detection, DetectionDocument } from '../../src/core/hover/types';

export type DetectFn = (doc: DetectionDocument, offset: number, assets: AssetLoader) => Detection | Promise<Detection>;

interface ManifestEntry {
  id: string;
  repository: string;
  commit: string;
  path: string;
  /** VS Code language id; `ipynb` is split into cells (markdown / the notebook's code language). */
  language: string;
}

interface Label {
  line: number;
  endLine?: number;
  /** Notebook cell index (0-based); lines then count inside the cell. */
  cell?: number;
  /** The text the label covers on `line` (first occurrence at or after `column`, 1-based). */
  at?: string;
  column?: number;
  /** The function a hover must show, in mathjs syntax. */
  expr: string;
  /** Other readings that are just as right (e.g. a `const` in scope substituted by its value). */
  alt?: string[];
  kind?: 'code' | 'tex';
  /** Showing it is right, not showing it is not a miss (lone symbols, code inside Markdown). */
  optional?: boolean;
  /** A line where more than one reading is defensible (`expr` is '*'): whatever is shown there is not scored. */
  any?: boolean;
  note?: string;
}

interface LabelFile {
  id: string;
  formulas: Label[];
}

interface Doc {
  id: string;
  language: string;
  cell?: number;
  text: string;
  lineStarts: number[];
}

interface Target {
  label: Label;
  doc: Doc;
  firstLine: number; // 0-based
  lastLine: number;
  span?: [number, number]; // offsets
  fns: Fn[];
  hit: boolean;
  shownInstead: string[];
}

interface Fn {
  vars: string[];
  f: (x: ArrayLike<number>) => number;
  text: string;
}

interface Shown {
  doc: Doc;
  line: number;
  start: number;
  end: number;
  expression: string;
  verdict: 'correct' | 'wrong' | 'fp' | 'unscored';
  detail?: string;
}

/** The repository root: the nearest folder above this file (compiled or bundled) that holds the corpus. */
function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'test', 'hover-corpus', 'manifest.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
const REPO_ROOT = findRoot();
const CORPUS = path.join(REPO_ROOT, 'test', 'hover-corpus');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function positional(): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--' || args[i] === '--verbose') continue;
    if (args[i].startsWith('--')) {
      i++; // the flag's value
      continue;
    }
    return args[i];
  }
  return undefined;
}

function gitDirFor(folder: string, repository: string): string | undefined {
  const [owner, name] = repository.split('/');
  const candidates = [
    path.join(folder, `${owner}+${name}`, 'repo', '.git'),
    path.join(folder, `${owner}+${name}`, 'repo'),
    path.join(folder, `${owner}+${name}`),
    path.join(folder, owner, name, '.git'),
    path.join(folder, owner, name),
    path.join(folder, name, '.git'),
    path.join(folder, name),
  ];
  return candidates.find(c => fs.existsSync(path.join(c, 'HEAD')));
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function makeDoc(id: string, language: string, text: string, cell?: number): Doc {
  return { id, language, text, cell, lineStarts: lineStartsOf(text) };
}

function documentsOf(entry: ManifestEntry, raw: string): Doc[] {
  if (entry.language !== 'ipynb') return [makeDoc(entry.id, entry.language, raw)];
  const nb = JSON.parse(raw) as { cells: { cell_type: string; source: string | string[] }[]; metadata?: { kernelspec?: { language?: string } } };
  const codeLanguage = nb.metadata?.kernelspec?.language ?? 'python';
  return nb.cells.map((c, i) =>
    makeDoc(entry.id, c.cell_type === 'markdown' ? 'markdown' : codeLanguage, Array.isArray(c.source) ? c.source.join('') : c.source, i),
  );
}

/** Hover offsets on one line: the first character of every word/number/operator run, thinned to ~16, plus the label spans. */
function positionsOnLine(doc: Doc, line: number, extra: number[]): number[] {
  const start = doc.lineStarts[line];
  const end = line + 1 < doc.lineStarts.length ? doc.lineStarts[line + 1] - 1 : doc.text.length;
  const text = doc.text.slice(start, end);
  const tokens: number[] = [];
  const re = /[\p{L}\p{N}_.\\]+|[^\s\p{L}\p{N}_.\\]+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push(start + m.index);
  const dollar = /\$+/g;
  for (let m = dollar.exec(text); m; m = dollar.exec(text)) {
    if (m.index + m[0].length < text.length) tokens.push(start + m.index + m[0].length);
  }
  let picked = tokens;
  if (tokens.length > 16) {
    const step = tokens.length / 16;
    picked = [];
    for (let k = 0; k < 16; k++) picked.push(tokens[Math.floor(k * step)]);
  }
  return [...new Set([...picked, ...extra.filter(o => o >= start && o <= end)])].sort((a, b) => a - b);
}

function lineOf(doc: Doc, offset: number): number {
  let lo = 0;
  let hi = doc.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const fnCache = new Map<string, Fn | string>();

/** parseObjective → a plain function, or the reason it is not shown. */
function compile(expression: string): Fn | string {
  const cached = fnCache.get(expression);
  if (cached !== undefined) return cached;
  const r = parseObjective(expression);
  let value: Fn | string;
  if (!r.ok) value = `parse: ${r.error.message}`;
  else if (r.value.variables.length === 0) value = 'no variable';
  else value = { vars: r.value.variables, f: x => r.value.f(x), text: r.value.text };
  fnCache.set(expression, value);
  return value;
}

const norm = (v: string): string => v.replace(/_/g, '');

/** Seeded PRNG so every run samples the same points. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Same function? Compared at points where both are finite (at least 5 of them). */
function sameFunction(a: Fn, b: Fn): { same: boolean; why?: string } {
  const an = a.vars.map(norm);
  const bn = b.vars.map(norm);
  if (an.length !== bn.length || !an.every(v => bn.includes(v))) {
    return { same: false, why: `variables ${a.vars.join(',')} vs ${b.vars.join(',')}` };
  }
  const order = an.map(v => bn.indexOf(v));
  const rand = rng(12345);
  const xa = new Float64Array(an.length);
  const xb = new Float64Array(an.length);
  let compared = 0;
  for (let k = 0; k < 120 && compared < 24; k++) {
    const range = k % 3 === 0 ? [0.02, 0.98] : k % 3 === 1 ? [-3, 3] : [0.5, 4];
    for (let i = 0; i < an.length; i++) {
      xa[i] = range[0] + (range[1] - range[0]) * rand();
      xb[order[i]] = xa[i];
    }
    const fa = a.f(xa);
    const fb = b.f(xb);
    if (!Number.isFinite(fa) || !Number.isFinite(fb)) continue;
    compared++;
    if (Math.abs(fa - fb) > 1e-7 * Math.max(1, Math.abs(fa), Math.abs(fb))) {
      return { same: false, why: `differs at (${Array.from(xa, v => v.toFixed(3)).join(', ')}): ${fa} vs ${fb}` };
    }
  }
  return compared >= 5 ? { same: true } : { same: false, why: 'too few points where both are finite' };
}

/** Loads the packaged tree-sitter files from node_modules. */
export const nodeAssets: AssetLoader = async name => {
  const dirs = [
    path.join(REPO_ROOT, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'),
    path.join(REPO_ROOT, 'node_modules', '@eagleoutice', 'tree-sitter-r'),
    path.join(REPO_ROOT, 'node_modules', 'web-tree-sitter'),
  ];
  for (const d of dirs) {
    const p = path.join(d, path.basename(name));
    if (fs.existsSync(p)) return new Uint8Array(fs.readFileSync(p));
  }
  throw new Error(`asset not found: ${name}`);
};

function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

interface LangStats {
  files: number;
  lines: number;
  hovers: number;
  shown: number;
  correct: number;
  wrong: number;
  fp: number;
  labelsCode: number;
  hitsCode: number;
  labelsTex: number;
  hitsTex: number;
  warm: number[];
  first?: number;
  firstWithParse?: number;
}

export async function main(detect: DetectFn, stub: boolean): Promise<void> {
  const folder = positional() ?? process.env.OPTIMIZER_LAB_CORPUS ?? path.join(REPO_ROOT, 'corpus-cache');
  const only = arg('--only')?.split(',');
  const jsonOut = arg('--json') ?? path.join(REPO_ROOT, 'test-output', 'bench-hover.json');
  const verbose = process.argv.includes('--verbose');
  const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] };
  if (stub) console.log('NOTE: src/core/hover/index.ts does not exist yet; scoring a detector that refuses everything.\n');

  const stats = new Map<string, LangStats>();
  const shownAll: Shown[] = [];
  const targetsAll: Target[] = [];
  const labelProblems: string[] = [];
  const missing: string[] = [];

  for (const entry of manifest.files) {
    if (only && !only.includes(entry.id)) continue;
    const gitDir = gitDirFor(folder, entry.repository);
    let raw: string;
    try {
      if (!gitDir) throw new Error('no local copy');
      raw = execFileSync('git', ['--git-dir', gitDir, 'show', `${entry.commit}:${entry.path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      missing.push(`${entry.id} (${entry.repository}@${entry.commit.slice(0, 10)}:${entry.path}): ${e instanceof Error ? e.message.split('\n')[0] : e}`);
      continue;
    }
    const labelPath = path.join(CORPUS, 'labels', `${entry.id}.json`);
    const labels: Label[] = fs.existsSync(labelPath) ? (JSON.parse(fs.readFileSync(labelPath, 'utf8')) as LabelFile).formulas : [];
    const docs = documentsOf(entry, raw);
    const langKey = entry.language;
    const st: LangStats = stats.get(langKey) ?? {
      files: 0, lines: 0, hovers: 0, shown: 0, correct: 0, wrong: 0, fp: 0,
      labelsCode: 0, hitsCode: 0, labelsTex: 0, hitsTex: 0, warm: [],
    };
    stats.set(langKey, st);
    st.files++;

    // Resolve labels to documents, lines and spans.
    const targets: Target[] = [];
    for (const label of labels) {
      const doc = docs.find(d => d.cell === label.cell) ?? (label.cell === undefined ? docs[0] : undefined);
      const where = `${entry.id}${label.cell !== undefined ? `[cell ${label.cell}]` : ''}:${label.line}`;
      if (!doc || label.line < 1 || label.line > doc.lineStarts.length) {
        labelProblems.push(`${where}: no such line`);
        continue;
      }
      const firstLine = label.line - 1;
      const lastLine = (label.endLine ?? label.line) - 1;
      let span: [number, number] | undefined;
      if (label.at) {
        const ls = doc.lineStarts[firstLine];
        const le = firstLine + 1 < doc.lineStarts.length ? doc.lineStarts[firstLine + 1] : doc.text.length;
        const idx = doc.text.slice(ls, le).indexOf(label.at, (label.column ?? 1) - 1);
        if (idx < 0) labelProblems.push(`${where}: '${label.at}' not on the line`);
        else span = [ls + idx, ls + idx + label.at.length];
      }
      const fns: Fn[] = [];
      for (const expr of label.any ? [] : [label.expr, ...(label.alt ?? [])]) {
        const fn = compile(expr);
        if (typeof fn === 'string') labelProblems.push(`${where}: label '${expr}' does not parse: ${fn}`);
        else fns.push(fn);
      }
      targets.push({ label, doc, firstLine, lastLine, span, fns, hit: false, shownInstead: [] });
    }
    targetsAll.push(...targets);

    const seen = new Map<string, Shown>();
    for (const doc of docs) {
      const docTargets = targets.filter(t => t.doc === doc);
      const extra = docTargets.flatMap(t => (t.span ? [t.span[0], Math.floor((t.span[0] + t.span[1]) / 2)] : []));
      st.lines += doc.lineStarts.length;
      for (let line = 0; line < doc.lineStarts.length; line++) {
        for (const offset of positionsOnLine(doc, line, extra)) {
          st.hovers++;
          const t0 = performance.now();
          let det: Detection;
          try {
            det = await detect({ languageId: doc.language, text: doc.text }, offset, nodeAssets);
          } catch (e) {
            det = { found: false, reason: `threw: ${e instanceof Error ? e.message : e}` };
          }
          const dt = performance.now() - t0;
          if (st.first === undefined) {
            st.first = dt;
            st.firstWithParse = dt + (det.found ? timeParse(det.formula.expression) : 0);
          } else st.warm.push(dt);
          if (!det.found) continue;
          const fn = compile(det.formula.expression);
          if (typeof fn === 'string') continue;
          const hoverLine = lineOf(doc, offset);
          // Labels this hover answers for: on its line, and (when they have a span) overlapping what was read.
          const onLine = docTargets.filter(t => hoverLine >= t.firstLine && hoverLine <= t.lastLine);
          const inSpan = onLine.filter(t => !t.span || (det.found && t.span[0] < det.formula.end && det.formula.start < t.span[1]) || (t.span[0] <= offset && offset <= t.span[1]));
          const matching = onLine.filter(t => t.fns.some(g => sameFunction(g, fn).same));
          for (const t of matching) {
            if (!t.span || (t.span[0] <= offset && offset <= t.span[1]) || (t.span[0] < det.formula.end && det.formula.start < t.span[1])) t.hit = true;
          }
          const key = `${doc.cell ?? ''}|${det.formula.start}|${det.formula.end}|${det.formula.expression}`;
          if (seen.has(key)) continue;
          let verdict: Shown['verdict'];
          let detail: string | undefined;
          if (matching.length) verdict = 'correct';
          else if (inSpan.some(t => t.label.any)) verdict = 'unscored';
          else if (inSpan.length) {
            verdict = 'wrong';
            const t = inSpan[0];
            detail = `label ${t.label.expr}${t.fns.length ? ` (${sameFunction(t.fns[0], fn).why})` : ''}`;
            for (const u of inSpan) u.shownInstead.push(fn.text);
          } else verdict = 'fp';
          const shown: Shown = { doc, line: hoverLine, start: det.formula.start, end: det.formula.end, expression: det.formula.expression, verdict, detail };
          seen.set(key, shown);
        }
      }
    }
    for (const s of seen.values()) {
      if (s.verdict === 'unscored') continue;
      st.shown++;
      if (s.verdict === 'correct') st.correct++;
      else if (s.verdict === 'wrong') st.wrong++;
      else st.fp++;
      shownAll.push(s);
    }
    for (const t of targets) {
      if (t.label.optional || t.label.any) continue;
      const tex = (t.label.kind ?? (['markdown', 'latex', 'tex'].includes(t.doc.language) ? 'tex' : 'code')) === 'tex';
      if (tex) {
        st.labelsTex++;
        if (t.hit) st.hitsTex++;
      } else {
        st.labelsCode++;
        if (t.hit) st.hitsCode++;
      }
    }
  }

  report(stats, shownAll, targetsAll, labelProblems, missing, verbose, jsonOut, stub);
}

function timeParse(expression: string): number {
  const t0 = performance.now();
  parseObjective(expression);
  return performance.now() - t0;
}

const where = (doc: Doc, line: number): string => `${doc.id}${doc.cell !== undefined ? `[cell ${doc.cell}]` : ''}:${line + 1}`;

function lineText(doc: Doc, line: number): string {
  const s = doc.lineStarts[line];
  const e = line + 1 < doc.lineStarts.length ? doc.lineStarts[line + 1] - 1 : doc.text.length;
  return doc.text.slice(s, e).trim().slice(0, 100);
}

function report(
  stats: Map<string, LangStats>,
  shown: Shown[],
  targets: Target[],
  labelProblems: string[],
  missing: string[],
  verbose: boolean,
  jsonOut: string,
  stub: boolean,
): void {
  const rows: string[][] = [['language', 'files', 'hovers', 'shown', 'correct', 'wrong', 'false+', 'precision', 'recall code', 'recall TeX', 'p50 ms', 'p95 ms', 'first ms']];
  const total: LangStats = { files: 0, lines: 0, hovers: 0, shown: 0, correct: 0, wrong: 0, fp: 0, labelsCode: 0, hitsCode: 0, labelsTex: 0, hitsTex: 0, warm: [] };
  const firsts: number[] = [];
  const json: Record<string, unknown> = {};
  for (const [lang, s] of [...stats.entries()].sort()) {
    rows.push([
      lang, `${s.files}`, `${s.hovers}`, `${s.shown}`, `${s.correct}`, `${s.wrong}`, `${s.fp}`, pct(s.correct, s.shown),
      s.labelsCode ? `${pct(s.hitsCode, s.labelsCode)} (${s.hitsCode}/${s.labelsCode})` : '—',
      s.labelsTex ? `${pct(s.hitsTex, s.labelsTex)} (${s.hitsTex}/${s.labelsTex})` : '—',
      percentile(s.warm, 50).toFixed(2), percentile(s.warm, 95).toFixed(2), s.firstWithParse?.toFixed(1) ?? '—',
    ]);
    for (const k of ['files', 'lines', 'hovers', 'shown', 'correct', 'wrong', 'fp', 'labelsCode', 'hitsCode', 'labelsTex', 'hitsTex'] as const) total[k] += s[k];
    total.warm.push(...s.warm);
    if (s.firstWithParse !== undefined) firsts.push(s.firstWithParse);
    json[lang] = {
      files: s.files, lines: s.lines, hovers: s.hovers, shown: s.shown, correct: s.correct, wrongMeaning: s.wrong, falsePositives: s.fp,
      precision: s.shown ? s.correct / s.shown : null,
      recallCode: s.labelsCode ? s.hitsCode / s.labelsCode : null, labelsCode: s.labelsCode,
      recallTex: s.labelsTex ? s.hitsTex / s.labelsTex : null, labelsTex: s.labelsTex,
      latencyWarmP50: percentile(s.warm, 50), latencyWarmP95: percentile(s.warm, 95), firstHoverMs: s.first, firstHoverWithParseMs: s.firstWithParse,
    };
  }
  rows.push([
    'ALL', `${total.files}`, `${total.hovers}`, `${total.shown}`, `${total.correct}`, `${total.wrong}`, `${total.fp}`, pct(total.correct, total.shown),
    `${pct(total.hitsCode, total.labelsCode)} (${total.hitsCode}/${total.labelsCode})`,
    `${pct(total.hitsTex, total.labelsTex)} (${total.hitsTex}/${total.labelsTex})`,
    percentile(total.warm, 50).toFixed(2), percentile(total.warm, 95).toFixed(2), firsts.length ? Math.max(...firsts).toFixed(1) : '—',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
    if (i === 0 || i === rows.length - 2) console.log(widths.map(w => '-'.repeat(w)).join('  '));
  }
  console.log(`\nTargets: precision ≥ 97%, zero wrong meaning, recall ≥ 85% code, ≥ 80% TeX, p95 < 50 ms warm, < 300 ms first hover.`);
  console.log(`(first ms = the first hover in each language's first file, detection + parse, including grammar loading; ALL = the slowest.)`);

  const wrong = shown.filter(s => s.verdict === 'wrong');
  const fps = shown.filter(s => s.verdict === 'fp');
  const misses = targets.filter(t => !t.hit && !t.label.optional && !t.label.any);
  const limit = verbose ? Infinity : 15;
  const show = (title: string, items: string[]): void => {
    if (!items.length) return;
    console.log(`\n${title} (${items.length}${items.length > limit ? `, first ${limit}; --verbose for all` : ''}):`);
    for (const s of items.slice(0, limit)) console.log(`  ${s}`);
  };
  show('Wrong meaning', wrong.map(s => `${where(s.doc, s.line)}  ${lineText(s.doc, s.line)}\n      shown ${s.expression}  — ${s.detail}`));
  show('False positives', fps.map(s => `${where(s.doc, s.line)}  ${lineText(s.doc, s.line)}\n      shown ${s.expression}`));
  show('Missed labels', misses.map(t => `${where(t.doc, t.firstLine)}  ${t.label.at ?? lineText(t.doc, t.firstLine)}\n      want ${t.label.expr}${t.shownInstead.length ? `; shown ${[...new Set(t.shownInstead)].join(' | ')}` : ''}`));
  show('Label problems', labelProblems);
  show('Files without a local copy', missing);

  fs.mkdirSync(path.dirname(jsonOut), { recursive: true });
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        stubDetector: stub,
        total: {
          hovers: total.hovers, shown: total.shown, correct: total.correct, wrongMeaning: total.wrong, falsePositives: total.fp,
          precision: total.shown ? total.correct / total.shown : null,
          recallCode: total.labelsCode ? total.hitsCode / total.labelsCode : null, labelsCode: total.labelsCode,
          recallTex: total.labelsTex ? total.hitsTex / total.labelsTex : null, labelsTex: total.labelsTex,
          latencyWarmP50: percentile(total.warm, 50), latencyWarmP95: percentile(total.warm, 95), firstHoverMaxMs: firsts.length ? Math.max(...firsts) : null,
        },
        languages: json,
        wrongMeaning: wrong.map(s => ({ at: where(s.doc, s.line), text: lineText(s.doc, s.line), shown: s.expression, detail: s.detail })),
        falsePositives: fps.map(s => ({ at: where(s.doc, s.line), text: lineText(s.doc, s.line), shown: s.expression })),
        missed: misses.map(t => ({ at: where(t.doc, t.firstLine), want: t.label.expr, shownInstead: [...new Set(t.shownInstead)] })),
        labelProblems,
        missing,
      },
      null,
      2,
    ),
  );
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonOut)}`);
}
