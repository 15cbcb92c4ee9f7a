/**
 * More than two variables, or a dataset: a table of every run's current parameters and loss at the
 * playback position (refreshed at most ~8 times a second during playback), plus the distance to
 * the least-squares solution when there is one.
 */
import type { PanelModel } from '../core/protocol';
import { formatValue } from './axes';
import { el, setChildren } from './dom';
import { displayName, distanceToNearest, LEAST_SQUARES, pointAt, recordAt } from './store';

export class ParamTable {
  readonly element: HTMLElement;
  private cells: HTMLTableCellElement[][] = [];
  private model: PanelModel | undefined;
  private last = -1;
  private reference: number[][] | undefined;

  constructor() {
    this.element = el('section', { class: 'ol-table-wrap', 'aria-label': 'Current parameters per run' });
  }

  setModel(model: PanelModel, colours: string[]): void {
    this.model = model;
    this.last = -1;
    const vars = model.objective.variables;
    this.reference = model.reference?.name === LEAST_SQUARES ? model.reference.minima : undefined;
    const head = el('tr', {}, [
      el('th', { scope: 'col', text: 'optimizer' }),
      el('th', { scope: 'col', text: 'step' }),
      ...vars.map(v => el('th', { scope: 'col', text: v })),
      el('th', { scope: 'col', text: 'f' }),
      this.reference ? el('th', { scope: 'col', text: '‖θ − θ*‖', title: 'Distance to the least-squares solution θ*' }) : null,
    ]);
    this.cells = [];
    const rows = model.runs.map((run, r) => {
      const swatch = el('span', { class: 'ol-swatch' });
      swatch.style.background = colours[r];
      const cells = [el('td', { class: 'num' }), ...vars.map(() => el('td', { class: 'num' })), el('td', { class: 'num' })];
      if (this.reference) cells.push(el('td', { class: 'num' }));
      this.cells.push(cells);
      return el('tr', {}, [el('th', { scope: 'row' }, [swatch, displayName(run)]), ...cells]);
    });
    const caption = this.reference ? 'Parameters at the playback position, and their distance to the least-squares solution θ*' : 'Parameters at the playback position';
    setChildren(this.element, [el('table', { class: 'ol-table' }, [el('caption', { text: caption }), el('thead', {}, [head]), el('tbody', {}, rows)])]);
  }

  update(position: number, force = false): void {
    const m = this.model;
    if (!m || (!force && position === this.last)) return;
    this.last = position;
    m.runs.forEach((run, r) => {
      const k = Math.max(0, recordAt(run.steps, position));
      const cells = this.cells[r];
      if (!cells) return;
      cells[0].textContent = String(run.steps[k] ?? 0);
      for (let d = 0; d < run.dim; d++) cells[1 + d].textContent = formatValue(run.path[k * run.dim + d]);
      cells[1 + run.dim].textContent = formatValue(run.loss[k]);
      if (this.reference) cells[2 + run.dim].textContent = formatValue(distanceToNearest(pointAt(run, k), this.reference) ?? null);
    });
  }
}
