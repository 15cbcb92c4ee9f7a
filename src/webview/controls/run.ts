/** "Run": the step count (not for dataset runs, whose steps follow from the epochs) and the start point. */
import type { SectionContext } from './context';
import { numberField, section } from './fields';
import { checkCoordinate, checkSteps } from './values';

export function runSection(ctx: SectionContext): HTMLElement {
  const steps = ctx.draft.data
    ? null
    : ctx.fields.add(
        numberField({
          key: 'steps',
          field: 'steps',
          label: 'Steps',
          title: 'Number of updates per optimizer',
          integer: true,
          get: () => ctx.draft.steps,
          set: v => ctx.edit(c => (c.steps = v as number)),
          validate: checkSteps,
        }),
      ).row;
  const start = ctx.model.objective.variables.map((name, i) =>
    ctx.fields.add(
      numberField({
        key: `start:${i}`,
        field: `start.${i}`,
        label: `start ${name}`,
        title: `Start value of ${name} (or click the map)`,
        get: () => ctx.draft.start[i],
        set: v => {
          if (v === undefined) return;
          ctx.draft.start[i] = v;
          ctx.postStart([...ctx.draft.start]);
        },
        validate: checkCoordinate(`start ${name}`),
      }),
    ).row,
  );
  return section('Run', [steps, ...start]);
}
