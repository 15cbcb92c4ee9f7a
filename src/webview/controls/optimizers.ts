/** "Optimizers": the convention and one checkbox per optimizer of the registry (with its colour swatch), grouped by family. */
import { groupByFamily } from '../../core/optim/families';
import type { Convention } from '../../core/optim/types';
import type { OptimizerInfo } from '../../core/protocol';
import { el } from '../dom';
import type { SectionContext } from './context';
import { checkbox, section, selectField } from './fields';
import { conventionLabel, toggleOptimizer } from './values';

export function optimizerSection(ctx: SectionContext): HTMLElement {
  const m = ctx.model;
  const d = ctx.draft;
  const order = m.registry.map(r => r.id);
  const item = (info: OptimizerInfo): HTMLElement => {
    const unavailable = info.unavailable[d.convention] ?? (info.defaults[d.convention] ? undefined : `Not available in ${d.convention}`);
    const box = ctx.fields.add(
      checkbox({
        key: `opt:${info.id}`,
        field: `optimizers.${info.id}`,
        label: info.label,
        disabled: !!unavailable,
        get: () => ctx.draft.optimizers.includes(info.id),
        set: on => ctx.edit(c => (c.optimizers = toggleOptimizer(order, c.optimizers, info.id, on)), true),
      }),
    );
    const swatch = el('span', { class: 'ol-swatch' });
    // Swatch colours are data, set through the CSSOM (allowed by the CSP, unlike style attributes).
    const colour = ctx.colours.get(info.id);
    if (colour) swatch.style.background = colour;
    else swatch.classList.add('is-empty');
    return el('label', { class: `ol-check ${unavailable ? 'is-disabled' : ''}`, for: box.id, title: `${info.label}: ${unavailable ?? info.summary}` }, [box.input, swatch, el('span', { text: info.label })]);
  };
  const list = el(
    'div',
    { class: 'ol-optimizer-list' },
    groupByFamily(m.registry).map(g =>
      el('div', { class: 'ol-optimizer-group', role: 'group', 'aria-label': g.label }, [el('div', { class: 'ol-optimizer-family', text: g.label }), ...g.items.map(item)]),
    ),
  );
  const convention = ctx.fields.add(
    selectField<Convention>({
      key: 'convention',
      field: 'convention',
      label: 'Convention',
      options: m.conventions.map(cv => ({ value: cv, text: conventionLabel(cv) })),
      get: () => ctx.draft.convention,
      set: v => ctx.edit(c => (c.convention = v), true),
    }),
  );
  return section('Optimizers', [convention.row, list, el('p', { class: 'ol-optimizer-note', text: MUON_NOTE })]);
}

/** Why Muon is not in the list: every framework's Muon works on matrices only. */
const MUON_NOTE =
  'Muon is not offered: it orthogonalizes the update of a weight matrix (Newton–Schulz), and every framework ' +
  '(torch.optim.Muon, keras.optimizers.Muon, optax.contrib.muon) applies AdamW to vector parameters instead, ' +
  'so here, where every parameter is a vector, a "Muon" run would really be AdamW.';
