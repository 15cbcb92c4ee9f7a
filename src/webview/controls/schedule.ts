/** "Learning-rate schedule": the kind, then the kind's fields, all built from core's `SCHEDULE_SPECS`. */
import { SCHEDULE_KINDS, SCHEDULE_SPECS, type ScheduleSpec } from '../../core/schedule';
import type { SectionContext } from './context';
import { numberField, section, selectField } from './fields';
import { checkScheduleField, scheduleFieldValue, scheduleOfKind, withScheduleField } from './values';

export function scheduleSection(ctx: SectionContext): HTMLElement {
  const kind = ctx.fields.add(
    selectField<ScheduleSpec['kind']>({
      key: 'schedule',
      field: 'schedule',
      label: 'kind',
      options: SCHEDULE_KINDS.map(k => ({ value: k, text: SCHEDULE_SPECS[k].label })),
      get: () => ctx.draft.schedule.kind,
      set: k => ctx.edit(c => (c.schedule = scheduleOfKind(k)), true),
    }),
  );
  const spec = SCHEDULE_SPECS[ctx.draft.schedule.kind] ?? SCHEDULE_SPECS.constant;
  const fields = spec.fields.map(
    f =>
      ctx.fields.add(
        numberField({
          key: `schedule:${f.name}`,
          field: `schedule.${f.name}`,
          label: f.label,
          integer: f.integer,
          optional: f.optional,
          get: () => scheduleFieldValue(ctx.draft.schedule, f),
          set: v => ctx.edit(c => (c.schedule = withScheduleField(c.schedule, f.name, v))),
          validate: checkScheduleField(f),
        }),
      ).row,
  );
  return section('Learning-rate schedule', [kind.row, ...fields]);
}
