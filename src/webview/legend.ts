/**
 * One legend entry per run: its colour and marker shape, name and convention, why it stopped
 * ("diverged at step 37"), its final loss, and its update rule as math — so the map, the charts and
 * the explanation are tied together by colour. Clicking an entry hides/shows the run; hovering it
 * brings its path to the front. Noise runs say that their loss is a mean over seeds; dataset runs
 * with a least-squares reference show their final distance ‖θ − θ*‖ to it. A run in the `paper`
 * convention also lists how each framework's rule departs from the paper's, with that rule.
 */
import type { OptimizerInfo, PanelModel } from '../core/protocol';
import { FRAMEWORK_CONVENTIONS, type FrameworkConvention } from '../core/optim/types';
import { formatValue } from './axes';
import { el, setChildren } from './dom';
import { formulaElement } from './math';
import { seedsLabel } from './charts';
import { describeStop, displayName, distanceToNearest, pointAt } from './store';
import { runColour, runDash, runShape, runStyle, shapePath } from './theme';

export interface LegendHost {
  toggle(run: number): void;
  focus(run: number): void;
}

export function markerSwatch(r: number, size = 18): HTMLCanvasElement {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const c = el('canvas', { class: 'ol-marker-swatch', width: Math.round(size * dpr), height: Math.round(size * dpr), 'aria-hidden': 'true' });
  c.style.width = `${size}px`;
  c.style.height = `${size}px`;
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.scale(dpr, dpr);
    // The run's line (with its dash) behind the marker, as on the map.
    ctx.beginPath();
    ctx.moveTo(0, size / 2);
    ctx.lineTo(size, size / 2);
    ctx.strokeStyle = runColour(r);
    ctx.lineWidth = 2;
    ctx.setLineDash([...runDash(r)].map(d => d * 0.6));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    shapePath(ctx, runShape(r), size / 2, size / 2, size * 0.34);
    ctx.fillStyle = runColour(r);
    ctx.strokeStyle = 'rgba(0,0,0,0.6)';
    ctx.lineWidth = 1.5;
    ctx.fill();
    ctx.stroke();
  }
  return c;
}

const FRAMEWORK_LABEL: Readonly<Record<FrameworkConvention, string>> = { pytorch: 'PyTorch', keras: 'Keras', optax: 'optax' };

/** For a `paper` run: each framework's departure from the paper's rule (`differences`) and that framework's general rule. */
export function paperDifferencesElement(info: OptimizerInfo | undefined): HTMLElement | null {
  const differences = info?.differences;
  if (!info || !differences) return null;
  const items = FRAMEWORK_CONVENTIONS.filter(c => differences[c]).map(c =>
    el('li', { class: 'ol-paper-diff-item' }, [
      el('strong', { text: `${FRAMEWORK_LABEL[c]}: ` }),
      el('span', { text: differences[c] }),
      formulaElement(info, c),
    ]),
  );
  if (items.length === 0) return null;
  return el('details', { class: 'ol-paper-diff' }, [
    el('summary', { text: 'vs. the frameworks', title: `How PyTorch, Keras and optax depart from ${info.label}’s paper, with their rules` }),
    el('ul', {}, items),
  ]);
}

export class Legend {
  readonly element: HTMLElement;
  private items: HTMLElement[] = [];

  constructor(private readonly host: LegendHost) {
    this.element = el('ul', { class: 'ol-legend', 'aria-label': 'Optimizers' });
    this.element.addEventListener('mouseleave', () => host.focus(-1));
  }

  render(model: PanelModel, hidden: boolean[]): void {
    const banded = (r: number) => !!model.runs[r].lossMean && !!model.runs[r].lossBand;
    const lastLoss = (r: number) => {
      const l = model.runs[r].lossMean ?? model.runs[r].loss;
      for (let k = l.length - 1; k >= 0; k--) if (l[k] !== null) return l[k];
      return null;
    };
    const lsq = model.reference?.kind === 'least-squares' ? model.reference.minima : undefined;
    this.items = model.runs.map((run, r) => {
      const info = model.registry.find(i => i.id === run.optimizer);
      const stopClass = `ol-stop ol-stop-${run.stop.reason}`;
      const toggle = el(
        'button',
        {
          type: 'button',
          class: 'ol-legend-toggle',
          'aria-pressed': String(!hidden[r]),
          title: hidden[r] ? `Show ${run.label}` : `Hide ${run.label}`,
          'aria-label': `${run.label} (${runStyle(r).description}): ${describeStop(run)}. ${hidden[r] ? 'Hidden; press to show' : 'Shown; press to hide'}`,
          on: { click: () => this.host.toggle(r) },
        },
        [markerSwatch(r), el('span', { class: 'ol-legend-name', text: displayName(run) })],
      );
      const values = el('span', { class: 'ol-legend-values' }, [
        banded(r)
          ? el('span', { class: 'ol-legend-loss', text: `f̄ = ${formatValue(lastLoss(r))}`, title: `Loss at the last recorded step, ${seedsLabel(model)}` })
          : el('span', { class: 'ol-legend-loss', text: `f = ${formatValue(lastLoss(r))}`, title: 'Loss at the last recorded step' }),
      ]);
      // Two fixed rows: name, convention and final loss; then why it stopped (and what its numbers mean).
      const li = el('li', { class: `ol-legend-item ${hidden[r] ? 'is-hidden' : ''}`, 'data-run': r }, [
        el('div', { class: 'ol-legend-head' }, [toggle, el('span', { class: 'ol-legend-conv', text: run.convention, title: `${run.convention} convention` }), values]),
        el('div', { class: 'ol-legend-status' }, [
          el('span', { class: stopClass, text: describeStop(run), title: run.stop.detail }),
          banded(r) ? el('span', { class: 'ol-legend-note', text: seedsLabel(model), title: 'The loss line is the mean over the noise seeds; the band spans their min to max' }) : null,
          run.extraPath ? el('span', { class: 'ol-legend-note ol-extra-point', text: `hollow marker, dashed: ${run.extraLabel ?? 'second point'}`, title: 'The second point this rule keeps, drawn on the map as a hollow marker of this run’s shape with a thin dashed path' }) : null,
          evaluationsNote(run),
          run.lrSource ? el('span', { class: 'ol-legend-note ol-lr-source', text: `η = ${formatValue(Number(run.hyperparameters.lr))}: ${run.lrSource}`, title: 'Where this run’s learning rate came from' }) : null,
          lsq
            ? el('span', {
                class: 'ol-legend-dist',
                text: `‖θ − θ*‖ = ${formatValue(distanceToNearest(pointAt(run, run.steps.length - 1), lsq) ?? null)}`,
                title: 'Distance of the final parameters to the least-squares solution θ*',
              })
            : null,
        ]),
        // What happened, in sentences computed from the trace (src/core/diagnose.ts).
        run.diagnosis?.length
          ? el('ul', { class: 'ol-diagnosis', 'aria-label': `Diagnosis of ${displayName(run)}` }, run.diagnosis.map(s => el('li', { class: `ol-diagnosis-${s.kind}`, text: s.text })))
          : null,
        formulaElement(info, run.convention, run.formula),
        run.convention === 'paper' ? paperDifferencesElement(info) : null,
      ]);
      const line = el('span', { class: 'ol-legend-bar' });
      line.style.background = runColour(r);
      li.prepend(line);
      if (info?.summary) li.title = info.summary;
      li.addEventListener('mouseenter', () => this.host.focus(r));
      return li;
    });
    setChildren(this.element, this.items);
  }
}

/** "N evaluations" when the rule evaluates f and ∇f more than once per step (L-BFGS), else null. */
function evaluationsNote(run: PanelModel['runs'][number]): HTMLElement | null {
  const ev = run.evaluations;
  const n = run.steps.length;
  if (!ev || n === 0 || ev[n - 1] === 1 + run.steps[n - 1]) return null;
  return el('span', { class: 'ol-legend-note ol-evaluations', text: `${ev[n - 1].toLocaleString('en-US')} evaluations`, title: `f and ∇f evaluated ${ev[n - 1].toLocaleString('en-US')} times over ${run.steps[n - 1].toLocaleString('en-US')} steps (a first-order method makes 1 + steps)` });
}
