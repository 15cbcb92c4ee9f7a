/**
 * "When to use which": the guide (guide.ts) as a table under the charts, one row per algorithm,
 * each with a button that starts its demonstration (`demo` gets the run configuration to post).
 * Without a host (the CLI's report) the buttons are left out.
 */
import './panels.css';
import type { RunConfig } from '../core/protocol';
import { el } from './dom';
import { demoConfig, GUIDE } from './guide';

export class GuideView {
  readonly element: HTMLDetailsElement;
  private config: RunConfig | undefined;

  constructor(private readonly demo: ((config: RunConfig) => void) | undefined) {
    const head = el('tr', {}, ['algorithm', 'what it fixes', 'what it costs', 'choose it for', demo ? 'see it' : null].filter(Boolean).map(t => el('th', { scope: 'col', text: String(t) })));
    const rows = GUIDE.map(row =>
      el('tr', { 'data-optimizer': row.optimizer }, [
        el('th', { scope: 'row', text: row.name }),
        el('td', { text: row.fixes }),
        el('td', { text: row.costs }),
        el('td', { text: row.choose }),
        demo
          ? el('td', {}, [
              el('button', {
                type: 'button',
                class: 'ol-button ol-guide-demo',
                title: row.demo.look,
                'aria-label': `Run the demonstration for ${row.name}: ${row.demo.label}`,
                on: { click: () => this.run(row.demo.label) },
              }, [row.demo.label]),
            ])
          : null,
      ]),
    );
    this.element = el('details', { class: 'ol-guide' }, [
      el('summary', {}, [el('h2', { text: 'When to use which' })]),
      el('p', { class: 'ol-hint', text: 'Each demonstration replaces the current run; hover its button to see what to look at. On a dataset, the GD, SGD and minibatch rows change only the batch size.' }),
      el('div', { class: 'ol-guide-scroll' }, [el('table', { class: 'ol-guide-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)])]),
      el('p', { class: 'ol-guide-look', role: 'status', 'aria-live': 'polite' }),
    ]);
  }

  /** The configuration the demonstrations start from (a dataset run keeps its data for GD/SGD/minibatch). */
  setConfig(config: RunConfig): void {
    this.config = config;
  }

  private run(label: string): void {
    const row = GUIDE.find(r => r.demo.label === label);
    if (!row || !this.config || !this.demo) return;
    this.demo(demoConfig(row.demo, this.config));
    const look = this.element.querySelector('.ol-guide-look');
    if (look) look.textContent = `${row.name}: ${row.demo.look}`;
  }
}
