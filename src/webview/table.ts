/**
 * More than two variables: a table of every run's current parameters and loss at the playback
 * position (refreshed at most ~8 times a second during playback).
 */
import type { PanelModel } from '../core/protocol';
import { formatValue } from './axes';
import { el, setChildren } from './dom';
import { recordAt } from './store';

export class ParamTable {
  readonly element: HTMLElement;
  private cells: HTMLTableCellElement[][] = [];
  private model: PanelModel | undefined;
  private last = -1;

  constructor() {
    this.element = el('section', { class: 'ol-table-wrap', 'aria-label': 'Current parameters per run' });
  }

  setModel(model: PanelModel, colours: string[]): void {
    this.model = model;
    this.last = -1;
    const vars = model.objective.variables;
    const head = el('tr', {}, [el('th', { scope: 'col', text: 'optimizer' }), el('th', { scope: 'col', text: 'step' }), ...vars.map(v => el('th', { scope: 'col', text: v })), el('th', { scope: 'col', text: 'f' })]);
    this.cells = [];
    const rows = model.runs.map((run, r) => {
      const swatch = el('span', { class: 'ol-swatch' });
      swatch.style.background = colours[r];
      const cells = [el('td', { class: 'num' }), ...vars.map(() => el('td', { class: 'num' })), el('td', { class: 'num' })];
      this.cells.push(cells);
      return el('tr', {}, [el('th', { scope: 'row' }, [swatch, run.label]), ...cells]);
    });
    setChildren(this.element, [el('table', { class: 'ol-table' }, [el('caption', { text: 'Parameters at the playback position' }), el('thead', {}, [head]), el('tbody', {}, rows)])]);
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
    });
  }
}
