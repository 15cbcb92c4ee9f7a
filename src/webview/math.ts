/**
 * Rendered math (KaTeX): the objective, its gradient, and each optimizer's update rule for the
 * chosen convention. `katex.render` builds DOM nodes (no HTML strings, so the strict CSP holds).
 * A formula KaTeX cannot render shows its TeX source instead of breaking the panel.
 *
 * The run cards' rules are typeset after the panel's first frame has painted (`ruleElement`): each
 * clause first shows its TeX as plain text, dimmed, and the rules are typeset in page order, a few
 * milliseconds of work per task, so the first frame shows the map and the cards without waiting for
 * KaTeX. `flushMath` typesets every waiting rule at once (the test hook calls it).
 */
import katex from 'katex';
import type { ObjectiveInfo, OptimizerInfo } from '../core/protocol';
import type { Convention } from '../core/optim/types';
import { el, setChildren } from './dom';

export function texElement(tex: string, opts: { display?: boolean; label?: string; class?: string } = {}): HTMLElement {
  const host = el(opts.display ? 'div' : 'span', { class: `ol-math ${opts.class ?? ''}`.trim() });
  if (opts.label) {
    host.setAttribute('role', 'math');
    host.setAttribute('aria-label', opts.label);
  }
  try {
    katex.render(tex, host, { displayMode: !!opts.display, throwOnError: true, strict: 'ignore', output: 'htmlAndMathml', trust: false, maxSize: 20, maxExpand: 500 });
  } catch (e) {
    while (host.firstChild) host.removeChild(host.firstChild);
    host.classList.add('ol-tex-error');
    host.appendChild(el('code', { text: tex, title: `Could not render this formula: ${e instanceof Error ? e.message : String(e)}` }));
  }
  return host;
}

/** "f(x, y) = …" as TeX. */
export function objectiveTex(o: ObjectiveInfo): string {
  const vars = o.variables.map(texVariable).join(', ');
  return `f(${vars}) = ${o.tex}`;
}

/** Variable names like x1 or x_1 get a subscript; others stay as written. */
export function texVariable(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${m[1].length > 1 ? `\\mathrm{${m[1]}}` : m[1]}_{${m[2]}}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  if (/^(alpha|beta|gamma|delta|theta|lambda|mu|sigma|phi|omega|tau|rho)$/.test(name)) return `\\${name}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

export function gradientElement(o: ObjectiveInfo): HTMLElement {
  return el(
    'div',
    { class: 'ol-gradient' },
    o.gradient.map(g =>
      el('div', { class: 'ol-gradient-row' }, [
        texElement(`\\frac{\\partial f}{\\partial ${texVariable(g.variable)}} = ${g.tex}`, {
          label: `partial derivative of f with respect to ${g.variable}: ${g.text}`,
        }),
        g.symbolic ? null : el('span', { class: 'ol-badge', text: 'numeric', title: g.note ?? 'Computed by central finite differences' }),
      ]),
    ),
  );
}

/** Fractions at full size: inline (text style) they shrink to unreadable subscripts. */
const readable = (tex: string): string => (/\\[d]?frac(?![A-Za-z])/.test(tex) ? `\\displaystyle ${tex}` : tex);

/** Renders each clause; undefined when one of them does not render on its own. */
function clauseElements(clauses: readonly string[]): HTMLElement[] | undefined {
  const parts = clauses.map(c => texElement(readable(c), { class: 'ol-clause' }));
  return parts.some(p => p.classList.contains('ol-tex-error')) ? undefined : parts;
}

/** Rules waiting to be typeset, in the order they were made (page order). */
const waiting: (() => void)[] = [];
let drainScheduled = false;
/** Typesetting work per task, in ms, before the rest waits for the next task. */
const SLICE_MS = 8;

function later(job: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    job();
    return;
  }
  waiting.push(job);
  if (drainScheduled) return;
  drainScheduled = true;
  // a rAF callback runs before its frame is painted; a task queued from it runs after
  requestAnimationFrame(() => setTimeout(drain, 0));
}

function drain(): void {
  const t0 = performance.now();
  while (waiting.length && performance.now() - t0 < SLICE_MS) (waiting.shift() as () => void)();
  if (waiting.length) {
    setTimeout(drain, 0);
    return;
  }
  drainScheduled = false;
  if (typeof performance.mark === 'function') performance.mark('optimizer-lab:math-typeset');
}

/** Typesets every waiting rule now. */
export function flushMath(): void {
  while (waiting.length) (waiting.shift() as () => void)();
}

const TEX_SYMBOLS: Record<string, string> = {
  leftarrow: '←', gets: '←', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', eta: 'η', theta: 'θ',
  lambda: 'λ', mu: 'μ', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', omega: 'ω', nabla: '∇', odot: '⊙', cdot: '·', sqrt: '√',
  max: 'max', min: 'min', sign: 'sign', quad: ' ', qquad: ' ', bar: '', hat: '', tilde: '', frac: '', dfrac: '', displaystyle: '', left: '', right: '',
};

/** The TeX of a clause as plain text, roughly (`\eta_t` → η_t, braces dropped): what shows until it is typeset. */
function plainTex(tex: string): string {
  return tex
    .replace(/\\([A-Za-z]+)/g, (_m, name: string) => (Object.prototype.hasOwnProperty.call(TEX_SYMBOLS, name) ? TEX_SYMBOLS[name] : name))
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/[{}\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A clause before it is typeset: its TeX as plain text, dimmed, wrapping within the card. */
function pendingClause(tex: string): HTMLElement {
  const span = el('span', { class: 'ol-math ol-clause ol-math-pending', text: plainTex(tex) });
  span.style.opacity = '0.55';
  span.style.whiteSpace = 'normal';
  span.style.overflowWrap = 'anywhere';
  return span;
}

/**
 * An update rule, sent by the host as its clauses (`x ← …;` statements), as math whose clauses wrap
 * as units (each an unbreakable inline block), so a long rule breaks only between clauses. A rule
 * KaTeX cannot render shows its TeX source. Typeset after the first frame (see the header): until
 * then each clause shows its TeX as plain text.
 */
export function ruleElement(clauses: readonly string[], label: string, className = 'ol-formula'): HTMLElement {
  const host = el('div', { class: `ol-math ${className} is-clauses`, role: 'math', 'aria-label': label }, clauses.map(pendingClause));
  host.setAttribute('aria-busy', 'true');
  later(() => {
    host.removeAttribute('aria-busy');
    const parts = clauseElements(clauses);
    if (parts) {
      setChildren(host, parts);
      return;
    }
    // one formula instead, which shows its source when it does not render either
    const whole = texElement(clauses.join('\\quad '), { label, class: className });
    if (host.title) whole.title = host.title;
    if (host.parentNode) host.replaceWith(whole);
    else {
      host.className = whole.className;
      setChildren(host, [...whole.childNodes]);
    }
  });
  return host;
}

const sameClauses = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c.trim() === b[i].trim());

/**
 * A run's update rule: its own clauses (`TraceData.formula`: only the terms its hyperparameters
 * switch on) when the host sent them, else the registry's general rule for the convention. When the
 * run has its own, the general form stays available in a "general form" disclosure under it.
 */
export function formulaElement(info: OptimizerInfo | undefined, convention: Convention, own?: readonly string[]): HTMLElement | null {
  const general = info?.formula[convention];
  const name = info?.label ?? 'optimizer';
  const clauses = own ?? general;
  if (!clauses || clauses.length === 0) return null;
  const rule = ruleElement(clauses, `${name} update rule (${convention}${own ? ', this run' : ''})`);
  if (!own || !general || sameClauses(own, general)) return rule;
  rule.title = `This run’s rule: only the terms its settings switch on. “general form” shows ${name}’s full ${convention} rule.`;
  const disclosure = el('details', { class: 'ol-formula-general' }, [
    el('summary', { text: 'general form', title: `${name}’s full ${convention} update rule, with every optional term` }),
    ruleElement(general, `${name} general update rule (${convention})`),
  ]);
  return el('div', { class: 'ol-formula-wrap' }, [rule, disclosure]);
}
