/**
 * "Data" (dataset runs): the file and parameters (read-only), batch size (a number, or "full
 * batch"), epochs, shuffle, rescaling and seed. When the host has sent a `model.data` summary, the
 * section also shows the rows, the updates per epoch (and the steps they make), and why the
 * parameters cannot be shown on the original scale when rescaling cannot be undone.
 */
import type { DataConfig, DataSummary } from '../../core/protocol';
import { el } from '../dom';
import type { SectionContext } from './context';
import { checkField, numberField, readonlyRow, section, selectField } from './fields';
import { checkBatch, checkEpochs, checkSeed, fileName, RESCALE, scaleNote } from './values';

export function dataSection(ctx: SectionContext): HTMLElement | null {
  const data = ctx.draft.data;
  if (!data) return null;
  const mem = ctx.memory;
  const editData = (fn: (x: DataConfig) => void, structural = false) =>
    ctx.edit(c => {
      if (c.data) fn(c.data);
    }, structural);
  const full = data.batchSize === 'full';
  if (typeof data.batchSize === 'number') mem.lastBatch = data.batchSize;

  const batch = ctx.fields.add(
    numberField({
      key: 'data:batchSize',
      field: 'data.batchSize',
      label: 'batch size',
      title: 'Rows per gradient: 1 = SGD, all rows (full batch) = gradient descent, in between = minibatch',
      integer: true,
      // Full batch: the (disabled) field shows how many rows that is, when the host has said.
      get: () => {
        const b = ctx.draft.data?.batchSize;
        return typeof b === 'number' ? b : (ctx.model.data?.batchSize ?? mem.lastBatch);
      },
      set: v =>
        editData(x => {
          if (v === undefined) return;
          x.batchSize = v;
          mem.lastBatch = v;
        }),
      validate: checkBatch,
    }),
  );
  batch.setDisabled(full);
  const fullBox = ctx.fields.add(
    checkField({
      key: 'data:full',
      label: 'full batch',
      title: 'Every row in every step: gradient descent',
      get: () => ctx.draft.data?.batchSize === 'full',
      set: on => editData(x => (x.batchSize = on ? 'full' : mem.lastBatch), true),
    }),
  );
  const epochs = ctx.fields.add(
    numberField({
      key: 'data:epochs',
      field: 'data.epochs',
      label: 'epochs',
      title: 'Passes over the data; the steps follow from the epochs and the batch size',
      integer: true,
      get: () => ctx.draft.data?.epochs,
      set: v => editData(x => (x.epochs = v as number)),
      validate: checkEpochs,
    }),
  );
  const shuffle = ctx.fields.add(
    checkField({
      key: 'data:shuffle',
      field: 'data.shuffle',
      label: 'shuffle every epoch',
      get: () => ctx.draft.data?.shuffle === true,
      set: on => editData(x => (x.shuffle = on)),
    }),
  );
  const rescale = ctx.fields.add(
    selectField<DataConfig['rescale']>({
      key: 'data:rescale',
      field: 'data.rescale',
      label: 'rescale inputs',
      title: 'Rescale the input columns before fitting; the parameters are reported on both scales',
      options: (Object.keys(RESCALE) as DataConfig['rescale'][]).map(k => ({ value: k, text: RESCALE[k].label, title: RESCALE[k].title })),
      get: () => ctx.draft.data?.rescale ?? 'none',
      set: v => editData(x => (x.rescale = v)),
    }),
  );
  const seed = ctx.fields.add(
    numberField({
      key: 'data:seed',
      field: 'data.seed',
      label: 'seed',
      title: 'Seed of the shuffles: the same seed gives the same run',
      integer: true,
      get: () => ctx.draft.data?.seed,
      set: v => editData(x => (x.seed = v as number)),
      validate: checkSeed,
    }),
  );
  // What the host made of the data (model.data): refreshed with every model, hidden until there is one.
  const summaryRow = (label: string, field: string, describe: (s: DataSummary) => { text: string; title: string }) => {
    const out = el('output', { class: 'ol-readonly', 'data-field': field });
    const row = el('div', { class: 'ol-row ol-readonly-row ol-data-summary' }, [el('span', { class: 'ol-row-label', text: label }), out]);
    ctx.fields.onSync(() => {
      const s = ctx.model.data;
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
    const steps = ctx.model.config.steps;
    return {
      text: steps ? `${perEpochText} (${steps.toLocaleString('en-US')} steps)` : perEpochText,
      title: `⌈${s.rows} rows / ${s.batchSize} per batch⌉ = ${s.stepsPerEpoch} updates per epoch; the steps are epochs × updates per epoch`,
    };
  });
  const note = el('p', { class: 'ol-hint ol-data-note', 'data-field': 'data.note', role: 'note' });
  ctx.fields.onSync(() => {
    const text = scaleNote(ctx.model.data);
    note.hidden = !text;
    note.textContent = text ?? '';
  });
  return section(
    'Data',
    [
      readonlyRow('file', fileName(data.file), data.file, 'data.file'),
      readonlyRow('parameters', data.parameters.join(', '), 'The parameters being fitted (the map shows the first two)', 'data.parameters'),
      rows,
      batch.row,
      fullBox.row,
      el('p', {
        class: 'ol-hint ol-data-hint',
        text: 'batch size 1 = SGD, full = gradient descent',
        title: 'In between: minibatch gradient descent. The steps follow: epochs × batches per epoch.',
      }),
      epochs.row,
      perEpoch,
      shuffle.row,
      rescale.row,
      note,
      seed.row,
    ],
    'ol-data',
  );
}
