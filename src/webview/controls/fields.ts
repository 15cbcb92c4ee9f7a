/**
 * The controls' field library. A field is a typed object: `get` reads its value from the draft,
 * `set` writes an accepted value back, `validate` refuses a value with a message (shown on the
 * input, nothing is set). `sync()` puts the draft's value into an input that is not being edited,
 * so a re-render from a new model keeps the caret. Every field of a render is registered with one
 * `FieldSet`, which syncs them all; nothing is hung on the DOM nodes.
 *
 * Inputs carry `data-key` (stable across renders, to restore focus) and `data-field` (the config
 * path an error from the host points at).
 */
import { el, uid } from '../dom';
import { fmtInput, parseInput, sliderPosition, sliderValue, SLIDER_STEPS, type Check } from './values';

export interface Field {
  /** The row (label and input) to place in a section. */
  readonly row: HTMLElement;
  /** Puts the draft's value into the inputs that do not have focus. */
  sync(): void;
}

/** The fields (and derived-state refreshers) of one render. */
export class FieldSet {
  private fields: Field[] = [];
  private refreshers: (() => void)[] = [];

  add<F extends Field>(field: F): F {
    this.fields.push(field);
    return field;
  }

  /** Runs `fn` on every sync (disabled states, read-only summaries that follow the model). */
  onSync(fn: () => void): void {
    this.refreshers.push(fn);
  }

  clear(): void {
    this.fields = [];
    this.refreshers = [];
  }

  syncAll(): void {
    for (const f of this.fields) f.sync();
    for (const r of this.refreshers) r();
  }
}

interface Common {
  /** Stable identity across renders (focus is restored by it). */
  key: string;
  /** The config path the host's errors name. */
  field?: string;
  label: string;
  title?: string;
}

export interface NumberOptions extends Common {
  get(): number | undefined;
  set(v: number | undefined): void;
  validate: Check<number>;
  integer?: boolean;
  /** May be empty (set(undefined)); otherwise an empty field is refused. */
  optional?: boolean;
  /** A logarithmic slider beside the field over these decades. */
  log?: [number, number];
}

export interface NumberField extends Field {
  readonly input: HTMLInputElement;
  readonly slider: HTMLInputElement | null;
  setDisabled(disabled: boolean): void;
}

const focused = (node: Element): boolean => node === document.activeElement;

export function numberField(o: NumberOptions): NumberField {
  const id = uid('num');
  const input = el('input', { type: 'number', id, step: o.integer ? 1 : 'any', value: fmtInput(o.get()), inputmode: 'decimal', 'data-key': o.key, 'data-field': o.field });
  const log = o.log;
  const slider = log
    ? el('input', {
        type: 'range', min: 0, max: SLIDER_STEPS, step: 1, class: 'ol-log-slider',
        'aria-label': `${o.label} (logarithmic slider from 1e${log[0]} to 1e${log[1]})`,
        'data-key': `${o.key}:slider`,
      })
    : null;
  const sliderText = (v: number | undefined) => (log && v !== undefined ? String(sliderPosition(v, log)) : undefined);
  const commit = (v: number | undefined, from: 'field' | 'slider') => {
    const msg = v === undefined ? (o.optional ? undefined : `${o.label} is required`) : o.validate(v);
    if (msg) {
      input.setAttribute('aria-invalid', 'true');
      input.title = msg;
      return;
    }
    input.removeAttribute('aria-invalid');
    input.title = o.title ?? '';
    o.set(v);
    if (from === 'slider') input.value = fmtInput(v);
    else if (slider) {
      const p = sliderText(v);
      if (p !== undefined) slider.value = p;
    }
  };
  input.addEventListener('input', () => commit(parseInput(input.value), 'field'));
  if (slider && log) {
    const p = sliderText(o.get());
    if (p !== undefined) slider.value = p;
    slider.addEventListener('input', () => commit(sliderValue(Number(slider.value), log), 'slider'));
  }
  const row = el('div', { class: `ol-row ${log ? 'has-slider' : ''}` }, [el('label', { for: id, text: o.label, title: o.title }), input, slider]);
  return {
    row,
    input,
    slider,
    setDisabled: disabled => (input.disabled = disabled),
    sync() {
      const v = o.get();
      if (!focused(input)) {
        const text = fmtInput(v);
        if (input.value !== text) input.value = text;
      }
      if (slider && !focused(slider)) slider.value = v === undefined || !(v > 0) ? '0' : (sliderText(v) ?? '0');
    },
  };
}

export interface CheckOptions extends Common {
  get(): boolean;
  set(v: boolean): void;
  disabled?: boolean;
}

export interface CheckField extends Field {
  readonly input: HTMLInputElement;
  readonly id: string;
}

/** A checkbox in a plain row: label, then the box. */
export function checkField(o: CheckOptions): CheckField {
  const f = checkbox(o);
  return { ...f, row: el('div', { class: 'ol-row' }, [el('label', { for: f.id, text: o.label, title: o.title }), f.input]) };
}

/** A checkbox without a row, for a caller that lays out its own label (the optimizer list). */
export function checkbox(o: CheckOptions): CheckField {
  const id = uid('check');
  const input = el('input', {
    type: 'checkbox', id, checked: o.get(), disabled: !!o.disabled, 'data-key': o.key, 'data-field': o.field,
    on: { change: () => o.set(input.checked) },
  });
  return {
    id,
    input,
    row: input,
    sync() {
      if (!focused(input)) input.checked = o.get();
    },
  };
}

export interface SelectOptions<T extends string> extends Common {
  options: readonly { value: T; text: string; title?: string }[];
  get(): T;
  set(v: T): void;
}

export interface SelectField<T extends string> extends Field {
  readonly input: HTMLSelectElement;
  get(): T;
}

export function selectField<T extends string>(o: SelectOptions<T>): SelectField<T> {
  const id = uid('sel');
  const current = o.get();
  const allowed = new Map(o.options.map(x => [x.value as string, x.value]));
  const input = el(
    'select',
    { id, 'data-key': o.key, 'data-field': o.field, title: o.title, on: { change: () => {
      const v = allowed.get(input.value);
      if (v !== undefined) o.set(v);
    } } },
    o.options.map(x => el('option', { value: x.value, text: x.text, title: x.title, selected: x.value === current })),
  );
  return {
    input,
    get: o.get,
    row: el('div', { class: 'ol-row' }, [el('label', { for: id, text: o.label }), input]),
    sync() {
      const v = o.get();
      if (!focused(input) && input.value !== v) input.value = v;
    },
  };
}

/** A read-only row: a label and an `<output>`. */
export function readonlyRow(label: string, text: string, title: string, field: string): HTMLElement {
  return el('div', { class: 'ol-row ol-readonly-row' }, [
    el('span', { class: 'ol-row-label', text: label }),
    el('output', { class: 'ol-readonly', text, title, 'data-field': field, 'aria-label': `${label}: ${text}` }),
  ]);
}

export function section(title: string, children: (Node | null)[], cls = ''): HTMLElement {
  return el('fieldset', { class: `ol-section ${cls}` }, [el('legend', { text: title }), ...children]);
}
