/**
 * One disclosure per selected optimizer with its hyperparameters, built from the registry's
 * parameter schema (`OptimizerInfo.params`): a new optimizer with a new parameter shows up by itself.
 */
import type { OptimizerInfo } from '../../core/protocol';
import type { ParamSpec } from '../../core/optim/types';
import { formatValue } from '../axes';
import { el } from '../dom';
import type { SectionContext } from './context';
import { checkField, numberField, selectField } from './fields';
import { checkHyperparameter, logRange, withHyperparameter } from './values';

export function hyperSection(ctx: SectionContext, info: OptimizerInfo | undefined): HTMLElement | null {
  if (!info) return null;
  const convention = ctx.draft.convention;
  const defaults = info.defaults[convention];
  if (!defaults) return null;
  const value = (p: ParamSpec) => ctx.draft.hyperparameters[info.id]?.[p.name] ?? defaults[p.name];
  const set = (p: ParamSpec, v: number | boolean | string | undefined) =>
    ctx.edit(c => (c.hyperparameters = withHyperparameter(c.hyperparameters, info.id, p.name, v)));
  const rows = info.params
    .filter(p => p.name in defaults)
    .map(p => {
      const key = `hp:${info.id}:${p.name}`;
      const field = `hyperparameters.${info.id}.${p.name}`;
      const title = p.description;
      if (p.kind === 'boolean') {
        return ctx.fields.add(checkField({ key, field, label: p.label, title, get: () => value(p) === true, set: v => set(p, v) })).row;
      }
      if (p.kind === 'enum') {
        const select = ctx.fields.add(
          selectField<string>({ key, field, label: p.label, options: (p.options ?? []).map(o => ({ value: o, text: o })), get: () => String(value(p)), set: v => set(p, v) }),
        );
        select.row.querySelector('label')?.setAttribute('title', title);
        return select.row;
      }
      const initial = defaults[p.name];
      return ctx.fields.add(
        numberField({
          key,
          field,
          label: p.label,
          title,
          get: () => {
            const v = value(p);
            return typeof v === 'number' ? v : undefined;
          },
          set: v => set(p, v),
          validate: checkHyperparameter(p),
          log: p.log ? logRange(p, typeof initial === 'number' ? initial : 0) : undefined,
        }),
      ).row;
    });
  const colour = ctx.colours.get(info.id);
  const swatch = el('span', { class: 'ol-swatch' });
  if (colour) swatch.style.background = colour;
  // A rate the person did not set, tuned for this run: the rate the run used (its card says where it came from).
  const run = ctx.model.runs.find(r => r.optimizer === info.id && r.convention === convention);
  const tuned = ctx.draft.hyperparameters[info.id]?.lr === undefined && run?.lrSource?.startsWith('tuned') && typeof run.hyperparameters.lr === 'number' ? run.hyperparameters.lr : undefined;
  const summaryText = info.params
    .filter(p => p.name === 'lr' && p.name in defaults)
    .map(p => (tuned !== undefined ? `η = ${formatValue(tuned)} (tuned)` : `η = ${formatValue(Number(value(p)))}`))
    .join('');
  return el('details', { class: 'ol-hyper', 'data-key': `details:${info.id}`, open: ctx.draft.optimizers.length <= 3 }, [
    el('summary', { title: info.summary }, [swatch, el('span', { class: 'ol-hyper-title', text: info.label }), el('span', { class: 'ol-hyper-summary', text: summaryText })]),
    el('p', { class: 'ol-hint', text: info.summary }),
    ...rows,
  ]);
}
