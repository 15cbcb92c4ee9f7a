/** "Map" (more than two variables): which variables the map shows, and what the others are held at. */
import type { SectionContext } from './context';
import { numberField, section, selectField } from './fields';
import { checkCoordinate, chooseMapAxis } from './values';

export function mapSection(ctx: SectionContext): HTMLElement {
  const vars = ctx.model.objective.variables;
  const map = ctx.draft.mapVariables ?? [0, 1];
  const axis = (a: 0 | 1) =>
    ctx.fields.add(
      selectField<string>({
        key: `map:${a}`,
        field: 'mapVariables',
        label: a === 0 ? 'horizontal axis' : 'vertical axis',
        options: vars.map((v, i) => ({ value: String(i), text: v })),
        get: () => String((ctx.draft.mapVariables ?? [0, 1])[a]),
        set: v => ctx.edit(c => (c.mapVariables = chooseMapAxis(c.mapVariables, a, Number(v), vars.length)), true),
      }),
    ).row;
  const mode = ctx.fields.add(
    selectField<'follow' | 'fixed'>({
      key: 'slice',
      field: 'sliceMode',
      label: 'other variables',
      title: 'The other variables: held at the focused path’s current values (follow), or fixed at chosen values',
      options: [
        { value: 'follow', text: 'follow path' },
        { value: 'fixed', text: 'fixed' },
      ],
      get: () => ctx.draft.sliceMode ?? 'follow',
      set: v =>
        ctx.edit(c => {
          c.sliceMode = v;
          if (c.sliceMode === 'fixed' && !c.fixedValues) c.fixedValues = [...c.start];
        }, true),
    }),
  );
  const fixed =
    ctx.draft.sliceMode === 'fixed'
      ? vars.flatMap((name, i) =>
          map.includes(i)
            ? []
            : [
                ctx.fields.add(
                  numberField({
                    key: `fixed:${i}`,
                    field: `fixedValues.${i}`,
                    label: `${name} =`,
                    title: `Value ${name} is held at on the map`,
                    get: () => (ctx.draft.fixedValues ?? ctx.draft.start)[i],
                    set: v =>
                      ctx.edit(c => {
                        const f = [...(c.fixedValues ?? c.start)];
                        f[i] = v as number;
                        c.fixedValues = f;
                      }),
                    validate: checkCoordinate(name),
                  }),
                ).row,
              ],
        )
      : [];
  return section('Map', [axis(0), axis(1), mode.row, ...fixed]);
}
