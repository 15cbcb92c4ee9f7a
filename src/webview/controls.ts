/**
 * The side panel, built entirely from data: the optimizer registry's parameter schema
 * (`model.registry[].params`), the conventions, the schedule kinds and the objective's variables.
 * There is no per-optimizer UI code: a new optimizer with a new parameter shows up by itself.
 *
 * Dataset runs (`config.data`) get a "Data" section: the file and parameters (read-only), batch
 * size (a number, or "full batch"), epochs, shuffle, rescaling and seed; their steps follow from the
 * epochs (the host recomputes them), so the steps field is hidden. When the host has sent a
 * `model.data` summary, the section also shows the rows, the updates per epoch (and the steps they
 * make), and why the parameters cannot be shown on the original scale when rescaling cannot be undone.
 *
 * Plain expressions get a "Gradient noise" section instead: σ (0 = off) and the number of seeds,
 * posted as `config.noise = { sigma, seeds }` (no `noise` at all when σ = 0).
 *
 * Edits change a draft of the RunConfig; the draft is posted as one `configure` message ~300 ms
 * after the last edit. A re-render from a new model keeps focus and the caret (inputs are matched
 * by a stable key and an input being edited is never overwritten).
 */
import type { DataConfig, DataSummary, OptimizerInfo, PanelModel, RunConfig } from '../core/protocol';
import type { Convention, OptimizerId, ParamSpec } from '../core/optim/types';
import { SCHEDULE_KINDS, SCHEDULE_SPECS, scheduleFieldAccepts, scheduleFieldRule, type ScheduleSpec } from '../core/schedule';
import { coerceHyperparameter } from '../core/optim/hyperparameter';
import { LIMITS } from '../core/limits';
import { formatValue } from './axes';
import { debounce, el, setChildren, uid } from './dom';

export const CONFIGURE_DEBOUNCE_MS = 300;

/** Rescaling choices of `DataConfig.rescale`: a short name (the select is narrow) and what it does. */
export const RESCALE: Record<DataConfig['rescale'], { label: string; title: string; inputs: string }> = {
  none: { label: 'none', title: 'The columns as they are in the file', inputs: 'the inputs as they are' },
  minmax: { label: 'min–max [0, 1]', title: 'Each input column mapped linearly onto [0, 1]', inputs: 'inputs min–max scaled to [0, 1]' },
  'minmax-symmetric': { label: 'min–max [−1, 1]', title: 'Each input column mapped linearly onto [−1, 1]', inputs: 'inputs min–max scaled to [−1, 1]' },
  standard: { label: 'standardise', title: 'Each input column shifted and scaled to mean 0, standard deviation 1', inputs: 'standardised inputs (mean 0, sd 1)' },
};
/** Default minibatch when "full batch" is unticked and no size was set before. */
const DEFAULT_BATCH = 32;
/** Seeds of a noise run when σ is first set, and the limit of `RunConfig.noise.seeds`. */
export const DEFAULT_SEEDS = 5;
/** What the noise section says the noise does (and how the panel draws several seeds). */
export const NOISE_HINT = 'adds N(0, σ²) to every gradient component; paths show seed 0, the loss chart the mean over seeds with its min–max band';

export interface ControlsHost {
  configure(config: RunConfig): void;
  setStart(start: number[]): void;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A log slider's decades for a parameter with this default: around it, clipped by the spec. */
export function logRange(spec: ParamSpec, initial: number): [number, number] {
  let lo: number;
  let hi: number;
  if (initial > 0) {
    const e = Math.log10(initial);
    lo = Math.floor(e) - 4;
    hi = Math.ceil(e) + 2;
  } else {
    lo = -6;
    hi = 0;
  }
  if (spec.max !== undefined && spec.max > 0) hi = Math.min(hi, Math.log10(spec.max));
  return [lo, Math.max(lo + 1, hi)];
}

const SLIDER_STEPS = 1000;

export class Controls {
  readonly element: HTMLElement;
  private model: PanelModel | undefined;
  private draft: RunConfig | undefined;
  private dirty = false;
  private key = '';
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private readonly post = debounce(() => {
    if (!this.draft) return;
    this.dirty = false;
    this.host.configure(clone(this.draft));
  }, CONFIGURE_DEBOUNCE_MS);
  private readonly postStart = debounce((start: number[]) => this.host.setStart(start), CONFIGURE_DEBOUNCE_MS);
  private colours = new Map<string, string>();
  /** The last whole batch size, restored when "full batch" is unticked. */
  private lastBatch = DEFAULT_BATCH;
  /** The last seed count, kept while σ = 0 and used when noise is switched on again. */
  private lastSeeds = DEFAULT_SEEDS;
  /** Refreshes of derived state (disabled fields, read-only summaries) of the rendered sections. */
  private syncers: (() => void)[] = [];

  constructor(private readonly host: ControlsHost) {
    this.status = el('div', { class: 'ol-controls-status', role: 'status', 'aria-live': 'polite' });
    this.body = el('div', { class: 'ol-controls-body' });
    this.element = el('aside', { class: 'ol-side', 'aria-label': 'Optimizer settings' }, [this.status, this.body]);
  }

  /** A new model from the host. Pending edits win over the host's echo of the old config. */
  update(model: PanelModel, colours: Map<string, string>): void {
    this.model = model;
    this.colours = colours;
    if (model.config.noise) this.lastSeeds = model.config.noise.seeds;
    if (!this.draft) this.draft = clone(model.config);
    else if (!this.dirty) {
      // In place: the inputs' getters hold this object.
      const d = this.draft as unknown as Record<string, unknown>;
      for (const k of Object.keys(d)) delete d[k];
      Object.assign(d, clone(model.config));
    }
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

  private edit(fn: (c: RunConfig) => void, structural = false): void {
    if (!this.draft) return;
    fn(this.draft);
    this.dirty = true;
    this.post();
    if (structural) this.render();
  }

  private structureKey(): string {
    const m = this.model;
    const d = this.draft;
    if (!m || !d) return '';
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

  private render(): void {
    const key = this.structureKey();
    if (key === this.key) {
      this.syncValues();
      return;
    }
    this.key = key;
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    const m = this.model;
    const d = this.draft;
    if (!m || !d) return;
    this.syncers = [];
    setChildren(this.body, [
      this.optimizerSection(m, d),
      d.data ? this.dataSection(d) : null,
      this.runSection(m, d),
      d.data ? null : this.noiseSection(d),
      m.objective.variables.length > 2 ? this.mapSection(m, d) : null,
      this.scheduleSection(d),
      ...d.optimizers.map(id => this.hyperSection(m.registry.find(r => r.id === id), d)).filter(Boolean),
    ]);
    for (const sync of this.syncers) sync();
    if (focusedKey) (this.body.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`) as HTMLElement | null)?.focus();
  }

  /** Puts draft values into inputs that are not being edited. */
  private syncValues(): void {
    for (const input of Array.from(this.body.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]'))) {
      if (input === document.activeElement) continue;
      const get = (input as unknown as { olGet?: () => string | boolean }).olGet;
      if (!get) continue;
      const v = get();
      if (typeof v === 'boolean') (input as HTMLInputElement).checked = v;
      else if (input.value !== v) input.value = v;
    }
    for (const sync of this.syncers) sync();
  }

  private section(title: string, children: (Node | null)[], cls = ''): HTMLElement {
    return el('fieldset', { class: `ol-section ${cls}` }, [el('legend', { text: title }), ...children]);
  }

  private optimizerSection(m: PanelModel, d: RunConfig): HTMLElement {
    const list = el(
      'div',
      { class: 'ol-optimizer-list' },
      m.registry.map(info => {
        const id = uid('opt');
        const unavailable = info.unavailable[d.convention] ?? (info.defaults[d.convention] ? undefined : `Not available in ${d.convention}`);
        const input = el('input', {
          type: 'checkbox',
          id,
          checked: d.optimizers.includes(info.id),
          disabled: !!unavailable,
          'data-key': `opt:${info.id}`,
          'data-field': `optimizers.${info.id}`,
          on: {
            change: () =>
              this.edit(c => {
                const on = input.checked;
                const set = new Set(c.optimizers);
                if (on) set.add(info.id);
                else set.delete(info.id);
                c.optimizers = m.registry.map(r => r.id).filter(x => set.has(x));
              }, true),
          },
        });
        bindGetter(input, () => d.optimizers.includes(info.id));
        const colour = this.colours.get(info.id);
        return el('label', { class: `ol-check ${unavailable ? 'is-disabled' : ''}`, for: id, title: unavailable ?? info.summary }, [
          input,
          el('span', { class: 'ol-swatch', 'data-colour': colour ?? '' }, []),
          el('span', { text: info.label }),
        ]);
      }),
    );
    // Swatch colours are data, set through the CSSOM (allowed by the CSP, unlike style attributes).
    for (const sw of Array.from(list.querySelectorAll<HTMLElement>('.ol-swatch'))) {
      const c = sw.dataset.colour;
      if (c) sw.style.background = c;
      else sw.classList.add('is-empty');
    }
    const conventionId = uid('conv');
    const convention = el(
      'select',
      {
        id: conventionId,
        'data-key': 'convention',
        'data-field': 'convention',
        on: { change: () => this.edit(c => (c.convention = convention.value as Convention), true) },
      },
      m.conventions.map(cv => el('option', { value: cv, text: conventionLabel(cv), selected: cv === d.convention })),
    );
    bindGetter(convention, () => d.convention);
    return this.section('Optimizers', [
      el('div', { class: 'ol-row' }, [el('label', { for: conventionId, text: 'Convention' }), convention]),
      list,
    ]);
  }

  private numberField(opts: {
    key: string;
    field: string;
    label: string;
    title?: string;
    get: () => number | undefined;
    set: (v: number | undefined) => void;
    check: (v: number) => string | undefined;
    integer?: boolean;
    optional?: boolean;
    log?: [number, number];
  }): HTMLElement {
    const id = uid('num');
    const input = el('input', {
      type: 'number',
      id,
      step: opts.integer ? 1 : 'any',
      value: fmtInput(opts.get()),
      inputmode: 'decimal',
      'data-key': opts.key,
      'data-field': opts.field,
    });
    bindGetter(input, () => fmtInput(opts.get()));
    let slider: HTMLInputElement | null = null;
    const toSlider = (v: number | undefined) => {
      if (!slider || !opts.log || v === undefined) return;
      const [lo, hi] = opts.log;
      const p = v <= 0 ? 0 : ((Math.log10(v) - lo) / (hi - lo)) * SLIDER_STEPS;
      slider.value = String(Math.round(Math.max(0, Math.min(SLIDER_STEPS, p))));
    };
    const commit = (v: number | undefined, from: 'field' | 'slider') => {
      const msg = v === undefined ? (opts.optional ? undefined : `${opts.label} is required`) : opts.check(v);
      if (msg) {
        input.setAttribute('aria-invalid', 'true');
        input.title = msg;
        return;
      }
      input.removeAttribute('aria-invalid');
      input.title = opts.title ?? '';
      opts.set(v);
      if (from === 'field') toSlider(v);
      else input.value = fmtInput(v);
    };
    input.addEventListener('input', () => commit(input.value.trim() === '' ? undefined : Number(input.value), 'field'));
    const row = [el('label', { for: id, text: opts.label, title: opts.title }), input];
    if (opts.log) {
      const [lo, hi] = opts.log;
      slider = el('input', {
        type: 'range',
        min: 0,
        max: SLIDER_STEPS,
        step: 1,
        class: 'ol-log-slider',
        'aria-label': `${opts.label} (logarithmic slider from 1e${lo} to 1e${hi})`,
        'data-key': `${opts.key}:slider`,
      });
      toSlider(opts.get());
      const s = slider;
      s.addEventListener('input', () => {
        const v = Number(s.value) === 0 && lo <= -6 ? 0 : Math.pow(10, lo + ((hi - lo) * Number(s.value)) / SLIDER_STEPS);
        commit(Number(v.toPrecision(3)), 'slider');
      });
      bindGetter(s, () => {
        const v = opts.get();
        if (v === undefined || v <= 0) return '0';
        return String(Math.round(Math.max(0, Math.min(SLIDER_STEPS, ((Math.log10(v) - lo) / (hi - lo)) * SLIDER_STEPS))));
      });
    }
    return el('div', { class: `ol-row ${opts.log ? 'has-slider' : ''}` }, [...row, slider]);
  }

  private runSection(m: PanelModel, d: RunConfig): HTMLElement {
    const steps = this.numberField({
      key: 'steps',
      field: 'steps',
      label: 'Steps',
      title: 'Number of updates per optimizer',
      integer: true,
      get: () => d.steps,
      set: v => this.edit(c => (c.steps = v as number)),
      check: v => (Number.isInteger(v) && v >= 1 && v <= LIMITS.maxSteps ? undefined : `steps must be a whole number from 1 to ${LIMITS.maxSteps.toLocaleString('en-US')}`),
    });
    const start = m.objective.variables.map((name, i) =>
      this.numberField({
        key: `start:${i}`,
        field: `start.${i}`,
        label: `start ${name}`,
        title: `Start value of ${name} (or click the map)`,
        get: () => d.start[i],
        set: v => {
          if (!this.draft || v === undefined) return;
          this.draft.start[i] = v;
          this.postStart([...this.draft.start]);
        },
        check: v => (Number.isFinite(v) ? undefined : `start ${name} must be a number`),
      }),
    );
    // Dataset runs: steps = epochs × updates per epoch, recomputed by the host.
    return this.section('Run', [d.data ? null : steps, ...start]);
  }

  /** Plain expressions: Gaussian noise on the gradient, several seeds at once (σ = 0: no `noise`). */
  private noiseSection(d: RunConfig): HTMLElement {
    if (d.noise) this.lastSeeds = d.noise.seeds;
    const sigma = this.numberField({
      key: 'noise:sigma',
      field: 'noise.sigma',
      label: 'σ (0 = off)',
      title: 'Standard deviation of the Gaussian noise added to every gradient component; 0 (or empty) turns the noise off',
      optional: true,
      get: () => d.noise?.sigma ?? 0,
      set: v =>
        this.edit(c => {
          if (v === undefined || v === 0) delete c.noise;
          else c.noise = { sigma: v, seeds: c.noise?.seeds ?? this.lastSeeds };
        }),
      check: v => (Number.isFinite(v) && v >= 0 ? undefined : `σ must be a number ≥ 0, got ${v}`),
    });
    const seeds = this.numberField({
      key: 'noise:seeds',
      field: 'noise.seeds',
      label: 'seeds',
      title: `Independent noise draws run at once (1 to ${LIMITS.maxSeeds}); the loss chart shows their mean and min–max band`,
      integer: true,
      get: () => d.noise?.seeds ?? this.lastSeeds,
      set: v => {
        if (v === undefined) return;
        this.lastSeeds = v;
        if (d.noise) this.edit(c => (c.noise = { sigma: c.noise?.sigma ?? 0, seeds: v }));
      },
      check: v => (Number.isInteger(v) && v >= 1 && v <= LIMITS.maxSeeds ? undefined : `seeds must be a whole number from 1 to ${LIMITS.maxSeeds}`),
    });
    // Seeds only matter with noise on: the field is off (showing the count that σ > 0 will use) at σ = 0.
    const seedsInput = seeds.querySelector('input');
    const syncSeeds = () => {
      if (seedsInput) seedsInput.disabled = !d.noise;
    };
    this.syncers.push(syncSeeds);
    sigma.querySelector('input')?.addEventListener('input', syncSeeds);
    return this.section('Gradient noise', [sigma, seeds, el('p', { class: 'ol-hint ol-noise-hint', text: NOISE_HINT })], 'ol-noise');
  }

  private dataSection(d: RunConfig): HTMLElement | null {
    const data = d.data;
    if (!data) return null;
    const editData = (fn: (x: DataConfig) => void, structural = false) =>
      this.edit(c => {
        if (c.data) fn(c.data);
      }, structural);
    const readonlyRow = (label: string, text: string, title: string, field: string) =>
      el('div', { class: 'ol-row ol-readonly-row' }, [
        el('span', { class: 'ol-row-label', text: label }),
        el('output', { class: 'ol-readonly', text, title, 'data-field': field, 'aria-label': `${label}: ${text}` }),
      ]);
    const fileName = data.file.split(/[\\/]/).filter(Boolean).pop() ?? data.file;
    const full = data.batchSize === 'full';
    if (typeof data.batchSize === 'number') this.lastBatch = data.batchSize;

    const batch = this.numberField({
      key: 'data:batchSize',
      field: 'data.batchSize',
      label: 'batch size',
      title: 'Rows per gradient: 1 = SGD, all rows (full batch) = gradient descent, in between = minibatch',
      integer: true,
      // Full batch: the (disabled) field shows how many rows that is, when the host has said.
      get: () => (typeof d.data?.batchSize === 'number' ? d.data.batchSize : (this.model?.data?.batchSize ?? this.lastBatch)),
      set: v =>
        editData(x => {
          if (v === undefined) return;
          x.batchSize = v;
          this.lastBatch = v;
        }),
      check: v => (Number.isInteger(v) && v >= 1 ? undefined : 'batch size must be a whole number ≥ 1'),
    });
    const batchInput = batch.querySelector('input');
    if (batchInput) batchInput.disabled = full;
    const fullId = uid('full');
    const fullBox = el('input', {
      type: 'checkbox',
      id: fullId,
      checked: full,
      'data-key': 'data:full',
      on: { change: () => editData(x => (x.batchSize = fullBox.checked ? 'full' : this.lastBatch), true) },
    });
    bindGetter(fullBox, () => d.data?.batchSize === 'full');
    const fullRow = el('div', { class: 'ol-row' }, [el('label', { for: fullId, text: 'full batch', title: 'Every row in every step: gradient descent' }), fullBox]);

    const epochs = this.numberField({
      key: 'data:epochs',
      field: 'data.epochs',
      label: 'epochs',
      title: 'Passes over the data; the steps follow from the epochs and the batch size',
      integer: true,
      get: () => d.data?.epochs,
      set: v => editData(x => (x.epochs = v as number)),
      check: v => (Number.isInteger(v) && v >= 1 && v <= LIMITS.maxSteps ? undefined : `epochs must be a whole number from 1 to ${LIMITS.maxSteps.toLocaleString('en-US')}`),
    });
    const shuffleId = uid('shuffle');
    const shuffle = el('input', {
      type: 'checkbox',
      id: shuffleId,
      checked: data.shuffle,
      'data-key': 'data:shuffle',
      'data-field': 'data.shuffle',
      on: { change: () => editData(x => (x.shuffle = shuffle.checked)) },
    });
    bindGetter(shuffle, () => d.data?.shuffle === true);
    const rescaleId = uid('rescale');
    const rescale = el(
      'select',
      {
        id: rescaleId,
        'data-key': 'data:rescale',
        'data-field': 'data.rescale',
        title: 'Rescale the input columns before fitting; the parameters are reported on both scales',
        on: { change: () => editData(x => (x.rescale = rescale.value as DataConfig['rescale'])) },
      },
      (Object.keys(RESCALE) as DataConfig['rescale'][]).map(k => el('option', { value: k, text: RESCALE[k].label, title: RESCALE[k].title, selected: data.rescale === k })),
    );
    bindGetter(rescale, () => d.data?.rescale ?? 'none');
    const seed = this.numberField({
      key: 'data:seed',
      field: 'data.seed',
      label: 'seed',
      title: 'Seed of the shuffles: the same seed gives the same run',
      integer: true,
      get: () => d.data?.seed,
      set: v => editData(x => (x.seed = v as number)),
      check: v => (Number.isSafeInteger(v) ? undefined : 'seed must be a whole number'),
    });
    // What the host made of the data (model.data): refreshed with every model, hidden until there is one.
    const summaryRow = (label: string, field: string, describe: (s: DataSummary) => { text: string; title: string }) => {
      const out = el('output', { class: 'ol-readonly', 'data-field': field });
      const row = el('div', { class: 'ol-row ol-readonly-row ol-data-summary' }, [el('span', { class: 'ol-row-label', text: label }), out]);
      this.syncers.push(() => {
        const s = this.model?.data;
        row.hidden = !s;
        if (!s) return;
        const { text, title } = describe(s);
        out.textContent = text;
        out.title = title;
        out.setAttribute('aria-label', `${label}: ${text}`);
      });
      return row;
    };
    const rows = summaryRow('rows', 'data.rows', s => ({ text: s.rows.toLocaleString('en-US'), title: `Rows in the file; columns: ${s.columns.join(', ')}` }));
    const perEpoch = summaryRow('updates per epoch', 'data.stepsPerEpoch', s => {
      const perEpochText = s.stepsPerEpoch.toLocaleString('en-US');
      const steps = this.model?.config.steps;
      return {
        text: steps ? `${perEpochText} (${steps.toLocaleString('en-US')} steps)` : perEpochText,
        title: `⌈${s.rows} rows / ${s.batchSize} per batch⌉ = ${s.stepsPerEpoch} updates per epoch; the steps are epochs × updates per epoch`,
      };
    });
    const note = el('p', { class: 'ol-hint ol-data-note', 'data-field': 'data.note', role: 'note' });
    this.syncers.push(() => {
      const text = scaleNote(this.model?.data);
      note.hidden = !text;
      note.textContent = text ?? '';
    });
    return this.section(
      'Data',
      [
        readonlyRow('file', fileName, data.file, 'data.file'),
        readonlyRow('parameters', data.parameters.join(', '), 'The parameters being fitted (the map shows the first two)', 'data.parameters'),
        rows,
        batch,
        fullRow,
        el('p', {
          class: 'ol-hint ol-data-hint',
          text: 'batch size 1 = SGD, full = gradient descent',
          title: 'In between: minibatch gradient descent. The steps follow: epochs × batches per epoch.',
        }),
        epochs,
        perEpoch,
        el('div', { class: 'ol-row' }, [el('label', { for: shuffleId, text: 'shuffle every epoch' }), shuffle]),
        el('div', { class: 'ol-row' }, [el('label', { for: rescaleId, text: 'rescale inputs' }), rescale]),
        note,
        seed,
      ],
      'ol-data',
    );
  }

  private mapSection(m: PanelModel, d: RunConfig): HTMLElement {
    const vars = m.objective.variables;
    const map = d.mapVariables ?? [0, 1];
    const axisSelect = (axis: 0 | 1) => {
      const id = uid('axis');
      const sel = el(
        'select',
        {
          id,
          'data-key': `map:${axis}`,
          'data-field': 'mapVariables',
          on: {
            change: () =>
              this.edit(c => {
                const next: [number, number] = [...(c.mapVariables ?? [0, 1])] as [number, number];
                next[axis] = Number(sel.value);
                if (next[0] === next[1]) next[1 - axis] = vars.findIndex((_, i) => i !== next[axis]);
                c.mapVariables = next;
              }, true),
          },
        },
        vars.map((v, i) => el('option', { value: i, text: v, selected: map[axis] === i })),
      );
      bindGetter(sel, () => String((d.mapVariables ?? [0, 1])[axis]));
      return el('div', { class: 'ol-row' }, [el('label', { for: id, text: axis === 0 ? 'horizontal axis' : 'vertical axis' }), sel]);
    };
    const modeId = uid('slice');
    const mode = el(
      'select',
      {
        id: modeId,
        'data-key': 'slice',
        'data-field': 'sliceMode',
        title: 'The other variables: held at the focused path’s current values (follow), or fixed at chosen values',
        on: {
          change: () =>
            this.edit(c => {
              c.sliceMode = mode.value as 'follow' | 'fixed';
              if (c.sliceMode === 'fixed' && !c.fixedValues) c.fixedValues = [...c.start];
            }, true),
        },
      },
      [
        el('option', { value: 'follow', text: 'follow path', selected: (d.sliceMode ?? 'follow') === 'follow' }),
        el('option', { value: 'fixed', text: 'fixed', selected: d.sliceMode === 'fixed' }),
      ],
    );
    bindGetter(mode, () => d.sliceMode ?? 'follow');
    const fixed =
      d.sliceMode === 'fixed'
        ? vars
            .map((name, i) =>
              map.includes(i)
                ? null
                : this.numberField({
                    key: `fixed:${i}`,
                    field: `fixedValues.${i}`,
                    label: `${name} =`,
                    title: `Value ${name} is held at on the map`,
                    get: () => (d.fixedValues ?? d.start)[i],
                    set: v =>
                      this.edit(c => {
                        const f = [...(c.fixedValues ?? c.start)];
                        f[i] = v as number;
                        c.fixedValues = f;
                      }),
                    check: v => (Number.isFinite(v) ? undefined : `${name} must be a number`),
                  }),
            )
            .filter((x): x is HTMLElement => x !== null)
        : [];
    return this.section('Map', [axisSelect(0), axisSelect(1), el('div', { class: 'ol-row' }, [el('label', { for: modeId, text: 'other variables' }), mode]), ...fixed]);
  }

  private scheduleSection(d: RunConfig): HTMLElement {
    const kindId = uid('sched');
    const kinds = SCHEDULE_KINDS;
    const kind = el(
      'select',
      {
        id: kindId,
        'data-key': 'schedule',
        'data-field': 'schedule',
        on: {
          change: () =>
            this.edit(c => {
              const k = kind.value as ScheduleSpec['kind'];
              const spec: Record<string, unknown> = { kind: k };
              for (const f of SCHEDULE_SPECS[k].fields) if (!f.optional) spec[f.name] = f.initial;
              c.schedule = spec as unknown as ScheduleSpec;
            }, true),
        },
      },
      kinds.map(k => el('option', { value: k, text: SCHEDULE_SPECS[k].label, selected: d.schedule.kind === k })),
    );
    bindGetter(kind, () => d.schedule.kind);
    const spec = SCHEDULE_SPECS[d.schedule.kind] ?? SCHEDULE_SPECS.constant;
    const fields = spec.fields.map(f =>
      this.numberField({
        key: `schedule:${f.name}`,
        field: `schedule.${f.name}`,
        label: f.label,
        integer: f.integer,
        optional: f.optional,
        get: () => {
          const v = (d.schedule as unknown as Record<string, unknown>)[f.name];
          return typeof v === 'number' ? v : f.optional ? undefined : f.initial;
        },
        set: v =>
          this.edit(c => {
            const s = { ...(c.schedule as unknown as Record<string, unknown>) };
            if (v === undefined) delete s[f.name];
            else s[f.name] = v;
            c.schedule = s as unknown as ScheduleSpec;
          }),
        check: v => (scheduleFieldAccepts(f, v) ? undefined : `${f.label} must be ${scheduleFieldRule(f)}, got ${v}`),
      }),
    );
    return this.section('Learning-rate schedule', [el('div', { class: 'ol-row' }, [el('label', { for: kindId, text: 'kind' }), kind]), ...fields]);
  }

  private hyperSection(info: OptimizerInfo | undefined, d: RunConfig): HTMLElement | null {
    if (!info) return null;
    const defaults = info.defaults[d.convention];
    if (!defaults) return null;
    const value = (p: ParamSpec) => d.hyperparameters[info.id]?.[p.name] ?? defaults[p.name];
    const set = (p: ParamSpec, v: number | boolean | string | undefined) =>
      this.edit(c => {
        const hp = { ...(c.hyperparameters[info.id] ?? {}) };
        if (v === undefined) delete hp[p.name];
        else hp[p.name] = v;
        c.hyperparameters = { ...c.hyperparameters, [info.id]: hp };
      });
    const rows = info.params
      .filter(p => p.name in defaults)
      .map(p => {
        const key = `hp:${info.id}:${p.name}`;
        const field = `hyperparameters.${info.id}.${p.name}`;
        const title = p.description;
        if (p.kind === 'boolean') {
          const id = uid('bool');
          const input = el('input', {
            type: 'checkbox',
            id,
            checked: value(p) === true,
            'data-key': key,
            'data-field': field,
            on: { change: () => set(p, input.checked) },
          });
          bindGetter(input, () => value(p) === true);
          return el('div', { class: 'ol-row' }, [el('label', { for: id, text: p.label, title }), input]);
        }
        if (p.kind === 'enum') {
          const id = uid('enum');
          const sel = el(
            'select',
            { id, 'data-key': key, 'data-field': field, on: { change: () => set(p, sel.value) } },
            (p.options ?? []).map(o => el('option', { value: o, text: o, selected: value(p) === o })),
          );
          bindGetter(sel, () => String(value(p)));
          return el('div', { class: 'ol-row' }, [el('label', { for: id, text: p.label, title }), sel]);
        }
        const initial = defaults[p.name];
        return this.numberField({
          key,
          field,
          label: p.label,
          title,
          get: () => {
            const v = value(p);
            return typeof v === 'number' ? v : undefined;
          },
          set: v => set(p, v),
          check: v => {
            const r = coerceHyperparameter(p, v);
            return r.ok ? undefined : r.error.message;
          },
          log: p.log ? logRange(p, typeof initial === 'number' ? initial : 0) : undefined,
        });
      });
    const colour = this.colours.get(info.id);
    const swatch = el('span', { class: 'ol-swatch' });
    if (colour) swatch.style.background = colour;
    const summaryText = info.params
      .filter(p => p.name === 'lr' && p.name in defaults)
      .map(p => `η = ${formatValue(Number(value(p)))}`)
      .join('');
    return el('details', { class: 'ol-hyper', 'data-key': `details:${info.id}`, open: d.optimizers.length <= 3 }, [
      el('summary', { title: info.summary }, [swatch, el('span', { class: 'ol-hyper-title', text: info.label }), el('span', { class: 'ol-hyper-summary', text: summaryText })]),
      el('p', { class: 'ol-hint', text: info.summary }),
      ...rows,
    ]);
  }

  /** Posts pending edits now (tests and export use it). */
  flush(): void {
    this.post.flush();
    this.postStart.flush();
  }
}

/**
 * How the parameters of a rescaled dataset run read, or undefined when there is nothing to say: on
 * both scales (the table has both), or only on the scaled one with the host's reason.
 */
export function scaleNote(data: DataSummary | undefined): string | undefined {
  if (!data || data.rescale === 'none') return undefined;
  if (data.toOriginal) return `Fitted on ${RESCALE[data.rescale].inputs}; the table gives the parameters on both scales.`;
  const why = (data.note ?? 'this rescaling cannot be undone exactly for this loss').replace(/\.$/, '');
  return `Parameters are on the scaled inputs only: ${why}.`;
}

function bindGetter(node: HTMLElement, get: () => string | boolean): void {
  (node as unknown as { olGet: () => string | boolean }).olGet = get;
}

function fmtInput(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(10)));
}

function conventionLabel(c: Convention): string {
  return c === 'pytorch' ? 'PyTorch' : c === 'keras' ? 'Keras' : c === 'optax' ? 'optax' : c;
}

export type { OptimizerId };
