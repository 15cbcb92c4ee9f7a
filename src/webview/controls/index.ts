/**
 * The side panel, built entirely from data: the optimizer registry's parameter schema
 * (`model.registry[].params`), the conventions, the schedule kinds and the objective's variables.
 * There is no per-optimizer UI code. One file per section (optimizers, data, run, noise, map,
 * schedule, hyperparameters), fields from `fields.ts`, pure logic in `values.ts`.
 *
 * Dataset runs (`config.data`) get a "Data" section and no steps field (the host recomputes the
 * steps from the epochs); plain expressions get a "Gradient noise" section instead, posted as
 * `config.noise = { sigma, seeds }` (no `noise` at all when σ = 0).
 *
 * Edits change a draft of the RunConfig; the draft is posted as one `configure` message ~300 ms
 * after the last edit. A re-render from a new model keeps focus and the caret (inputs are matched
 * by a stable key and an input being edited is never overwritten).
 */
import type { PanelModel, RunConfig } from '../../core/protocol';
import { debounce, el, setChildren } from '../dom';
import type { SectionContext } from './context';
import { dataSection } from './data';
import { FieldSet } from './fields';
import { hyperSection } from './hyper';
import { mapSection } from './map';
import { noiseSection } from './noise';
import { optimizerSection } from './optimizers';
import { runSection } from './run';
import { scheduleSection } from './schedule';
import type { OptimizerId } from '../../core/optim/types';
import { CONFIGURE_DEBOUNCE_MS, DEFAULT_BATCH, DEFAULT_SEEDS, withHyperparameter } from './values';

export { scaleNote } from './values';

export interface ControlsHost {
  configure(config: RunConfig): void;
  setStart(start: number[]): void;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class Controls {
  readonly element: HTMLElement;
  private model: PanelModel | undefined;
  private draft: RunConfig | undefined;
  private dirty = false;
  private key = '';
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private readonly fields = new FieldSet();
  private readonly memory = { lastBatch: DEFAULT_BATCH, lastSeeds: DEFAULT_SEEDS };
  private colours = new Map<string, string>();
  private readonly post = debounce(() => {
    if (!this.draft) return;
    this.dirty = false;
    this.host.configure(clone(this.draft));
  }, CONFIGURE_DEBOUNCE_MS);
  private readonly postStart = debounce((start: number[]) => this.host.setStart(start), CONFIGURE_DEBOUNCE_MS);

  constructor(private readonly host: ControlsHost) {
    this.status = el('div', { class: 'ol-controls-status', role: 'status', 'aria-live': 'polite' });
    this.body = el('div', { class: 'ol-controls-body' });
    this.element = el('aside', { class: 'ol-side', 'aria-label': 'Optimizer settings' }, [this.status, this.body]);
  }

  /** A new model from the host. Pending edits win over the host's echo of the old config. */
  update(model: PanelModel, colours: Map<string, string>): void {
    this.model = model;
    this.colours = colours;
    if (model.config.noise) this.memory.lastSeeds = model.config.noise.seeds;
    if (!this.draft || !this.dirty) this.draft = clone(model.config);
    this.render();
  }

  showError(message: string | undefined, field?: string): void {
    setChildren(this.status, message ? [el('div', { class: 'ol-field-error', text: message })] : []);
    for (const node of Array.from(this.body.querySelectorAll('[aria-invalid="true"]'))) node.removeAttribute('aria-invalid');
    if (field) {
      const target = this.body.querySelector(`[data-field="${CSS.escape(field)}"]`);
      if (target) target.setAttribute('aria-invalid', 'true');
    }
  }

  /** Sets one optimizer's learning rate (the sweep's "use this lr") and posts the run at once. */
  setLearningRate(optimizer: OptimizerId, lr: number): void {
    this.edit(c => (c.hyperparameters = withHyperparameter(c.hyperparameters, optimizer, 'lr', lr)), true);
    this.flush();
  }

  /** Posts pending edits now (tests and export use it). */
  flush(): void {
    this.post.flush();
    this.postStart.flush();
  }

  private edit(fn: (c: RunConfig) => void, structural = false): void {
    if (!this.draft) return;
    fn(this.draft);
    this.dirty = true;
    this.post();
    if (structural) this.render();
  }

  /** What decides the sections' structure; an unchanged key only re-syncs the values. */
  private structureKey(m: PanelModel, d: RunConfig): string {
    return JSON.stringify([
      m.registry.map(r => r.id),
      m.conventions,
      m.objective.variables,
      d.optimizers,
      d.convention,
      d.schedule.kind,
      d.mapVariables,
      d.sliceMode,
      d.data ? ['data', d.data.batchSize === 'full', d.data.file, d.data.parameters] : null,
      [...this.colours.entries()],
    ]);
  }

  private context(): SectionContext | undefined {
    const { model, draft } = this;
    if (!model || !draft) return undefined;
    const current = () => ({ model: this.model ?? model, draft: this.draft ?? draft });
    return {
      get model() {
        return current().model;
      },
      get draft() {
        return current().draft;
      },
      colours: this.colours,
      fields: this.fields,
      memory: this.memory,
      edit: (fn, structural) => this.edit(fn, structural),
      postStart: start => this.postStart(start),
    };
  }

  private render(): void {
    const ctx = this.context();
    if (!ctx) return;
    const key = this.structureKey(ctx.model, ctx.draft);
    if (key === this.key) {
      this.fields.syncAll();
      return;
    }
    this.key = key;
    const active = document.activeElement;
    const focusedKey = active instanceof HTMLElement ? active.dataset.key : undefined;
    const m = ctx.model;
    const d = ctx.draft;
    this.fields.clear();
    setChildren(this.body, [
      optimizerSection(ctx),
      dataSection(ctx),
      runSection(ctx),
      d.data ? null : noiseSection(ctx),
      m.objective.variables.length > 2 ? mapSection(ctx) : null,
      scheduleSection(ctx),
      ...d.optimizers.map(id => hyperSection(ctx, m.registry.find(r => r.id === id))),
    ]);
    this.fields.syncAll();
    if (focusedKey) {
      const target = this.body.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`);
      if (target instanceof HTMLElement) target.focus();
    }
  }
}
