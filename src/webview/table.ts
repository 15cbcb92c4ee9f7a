/**
 * More than two variables, or a dataset: a table of every run's current parameters and loss at the
 * playback position (refreshed at most ~8 times a second during playback), plus the distance to
 * the least-squares solution when there is one.
 *
 * Dataset runs on rescaled inputs (`model.data.toOriginal`): the parameters are listed twice, on the
 * scaled inputs the optimizers see and on the original scale (original = matrix · scaled + offset),
 * under a two-row header; the least-squares solution θ* gets a row of its own on both scales. When
 * the rescaling cannot be undone exactly, the caption says why (`model.data.note`).
 */
import type { DataSummary, PanelModel } from '../core/protocol';
import { formatValue } from './axes';
import { el, setChildren, uid } from './dom';
import { displayName, distanceToNearest, pointAt, recordAt } from './store';

type AffineMap = NonNullable<DataSummary['toOriginal']>;

/** original = matrix · scaled + offset; undefined when the point is missing or the map does not fit it. */
export function toOriginalScale(point: readonly number[] | undefined, map: AffineMap): number[] | undefined {
  const n = point?.length ?? 0;
  if (!point || map.offset.length !== n || map.matrix.length !== n || map.matrix.some(row => row.length !== n)) return undefined;
  return map.matrix.map((row, i) => row.reduce((s, a, j) => s + a * point[j], map.offset[i]));
}

export class ParamTable {
  readonly element: HTMLElement;
  private cells: HTMLTableCellElement[][] = [];
  private model: PanelModel | undefined;
  private last = -1;
  private reference: number[][] | undefined;
  private original: AffineMap | undefined;

  constructor() {
    this.element = el('section', { class: 'ol-table-wrap', 'aria-label': 'Current parameters per run' });
  }

  setModel(model: PanelModel, colours: string[]): void {
    this.model = model;
    this.last = -1;
    const vars = model.objective.variables;
    this.reference = model.reference?.kind === 'least-squares' ? model.reference.minima : undefined;
    const data = model.data;
    const map = data?.toOriginal;
    this.original = map && toOriginalScale(new Array<number>(vars.length).fill(0), map) ? map : undefined;
    const both = !!this.original;
    const scaledTitle = (v: string) => `${v} on the scaled inputs the optimizers see`;
    const originalTitle = (v: string) => `${v} on the original scale of the data (undoes the rescaling)`;
    const distTitle = both ? 'Distance to the least-squares solution θ*, on the scaled inputs' : 'Distance to the least-squares solution θ*';
    const span = both ? 2 : 1;
    const lead = [
      el('th', { scope: 'col', rowspan: span, text: 'optimizer' }),
      el('th', { scope: 'col', rowspan: span, text: 'step' }),
    ];
    const tail = [
      el('th', { scope: 'col', rowspan: span, text: 'f' }),
      this.reference ? el('th', { scope: 'col', rowspan: span, text: '‖θ − θ*‖', title: distTitle }) : null,
    ];
    const head = both
      ? [
          el('tr', {}, [
            ...lead,
            el('th', { scope: 'colgroup', colspan: vars.length, class: 'ol-scale-head', text: 'scaled inputs', title: 'The parameters the optimizers update, for the rescaled input columns' }),
            el('th', { scope: 'colgroup', colspan: vars.length, class: 'ol-scale-head is-original', text: 'original scale', title: 'The same model written for the data as it is in the file' }),
            ...tail,
          ]),
          el('tr', {}, [
            ...vars.map(v => el('th', { scope: 'col', class: 'num', text: v, title: scaledTitle(v) })),
            ...vars.map((v, i) => el('th', { scope: 'col', class: `num ${i === 0 ? 'is-original' : ''}`, text: v, title: originalTitle(v) })),
          ]),
        ]
      : [el('tr', {}, [...lead, ...vars.map(v => el('th', { scope: 'col', class: 'num', text: v })), ...tail])];
    const numCell = (cls = '') => el('td', { class: `num ${cls}` });
    const paramCells = () => [...vars.map(() => numCell()), ...(both ? vars.map((_, i) => numCell(i === 0 ? 'is-original' : '')) : [])];
    this.cells = [];
    const rows = model.runs.map((run, r) => {
      const swatch = el('span', { class: 'ol-swatch' });
      swatch.style.background = colours[r];
      const cells = [numCell(), ...paramCells(), numCell()];
      if (this.reference) cells.push(numCell());
      this.cells.push(cells);
      return el('tr', {}, [el('th', { scope: 'row' }, [swatch, displayName(run)]), ...cells]);
    });
    const titleId = uid('table');
    setChildren(this.element, [
      el('h3', { class: 'ol-table-title', id: titleId, text: this.caption() }),
      this.scaleNote(data),
      el('table', { class: 'ol-table', 'aria-labelledby': titleId }, [
        el('thead', {}, head),
        el('tbody', {}, rows),
        this.reference ? el('tfoot', {}, this.reference.map(theta => this.referenceRow(theta, paramCells()))) : null,
      ]),
    ]);
  }

  private caption(): string {
    if (!this.reference) return 'Parameters at the playback position';
    return 'Parameters at the playback position, and their distance to the least-squares solution θ*';
  }

  private scaleNote(data: DataSummary | undefined): HTMLElement | null {
    if (!data || data.rescale === 'none' || this.original) return null;
    const why = (data.note ?? 'the rescaling cannot be undone exactly for this loss').replace(/\.$/, '');
    return el('p', { class: 'ol-table-note', text: `On the scaled inputs only: ${why}.` });
  }

  /** θ* on the scaled inputs (as the host computed it) and, with a map, on the original scale. */
  private referenceRow(theta: number[], cells: HTMLTableCellElement[]): HTMLElement {
    const n = theta.length;
    const original = this.original ? toOriginalScale(theta, this.original) : undefined;
    cells.forEach((c, i) => (c.textContent = formatValue(i < n ? theta[i] : original?.[i - n])));
    const star = el('span', { class: 'ol-table-star', text: '★', 'aria-hidden': 'true' });
    return el('tr', { class: 'ol-reference-row' }, [
      el('th', { scope: 'row', title: 'The exact least-squares solution, by linear algebra' }, [star, 'least squares θ*']),
      el('td', { class: 'num', text: '' }),
      ...cells,
      el('td', { class: 'num', text: '' }),
      el('td', { class: 'num', text: '0' }),
    ]);
  }

  update(position: number, force = false): void {
    const m = this.model;
    if (!m || (!force && position === this.last)) return;
    this.last = position;
    m.runs.forEach((run, r) => {
      const k = Math.max(0, recordAt(run.steps, position));
      const cells = this.cells[r];
      if (!cells) return;
      const n = run.dim;
      cells[0].textContent = String(run.steps[k] ?? 0);
      for (let d = 0; d < n; d++) cells[1 + d].textContent = formatValue(run.path[k * n + d]);
      let next = 1 + n;
      if (this.original) {
        const point = run.path.slice(k * n, (k + 1) * n);
        const finite = point.every(v => v !== null && Number.isFinite(v)) ? (point as number[]) : undefined;
        const original = toOriginalScale(finite, this.original);
        for (let d = 0; d < n; d++) cells[next + d].textContent = formatValue(original?.[d]);
        next += n;
      }
      cells[next].textContent = formatValue(run.loss[k]);
      if (this.reference) cells[next + 1].textContent = formatValue(distanceToNearest(pointAt(run, k), this.reference) ?? null);
    });
  }
}
