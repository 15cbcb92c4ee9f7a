/**
 * Rendered math (KaTeX): the objective, its gradient, and each optimizer's update rule for the
 * chosen convention. `katex.render` builds DOM nodes (no HTML strings, so the strict CSP holds).
 * A formula KaTeX cannot render shows its TeX source instead of breaking the panel.
 */
import katex from 'katex';
import type { ObjectiveInfo, OptimizerInfo } from '../core/protocol';
import type { Convention } from '../core/optim/types';
import { el } from './dom';

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

export function formulaElement(info: OptimizerInfo | undefined, convention: Convention): HTMLElement | null {
  const tex = info?.formula[convention];
  if (!tex) return null;
  return texElement(tex, { label: `${info?.label} update rule (${convention})`, class: 'ol-formula' });
}
