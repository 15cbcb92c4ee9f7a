/** "Run": the step count (not for dataset runs, whose steps follow from the epochs) and the start point. */
import type { SectionContext } from './context';
import { numberField, section, selectField } from './fields';
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
  // Fair starts: the learning rates not set here, tuned on this objective or the frameworks' defaults.
  const tuning = ctx.fields.add(
    selectField<'given' | 'tuned' | 'defaults'>({
      key: 'tuning',
      field: 'tuning',
      label: 'learning rates',
      title: 'Rates you have not set: tuned by a quick sweep on this objective (best of 12 from 1e-4 to 1), or each framework’s default; each run’s card says where its rate came from',
      options: [
        { value: 'given', text: 'as given' },
        { value: 'tuned', text: 'tuned (quick sweep)' },
        { value: 'defaults', text: 'framework defaults' },
      ],
      get: () => ctx.draft.tuning ?? 'given',
      set: v =>
        ctx.edit(c => {
          if (v === 'given') delete c.tuning;
          else c.tuning = v;
        }),
    }),
  );
  return section('Run', [steps, ...start, tuning.row]);
}
