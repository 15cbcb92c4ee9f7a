/**
 * The one CSV layout of recorded runs, written by the CLI (`run --csv`) and the panel's "Export CSV":
 *
 *   optimizer,convention,step,<v…>,loss,lr,effective_lr_<v>…,delta_<v>…
 *
 * one row per record (thinned runs skip steps), `<v>` the objective's variables in order. `step` is
 * the number of updates applied; `lr` the scheduled learning rate of that update; `effective_lr_<v>`
 * the rule's effective rate per parameter; `delta_<v>` the step actually taken. A non-finite value
 * (a diverged run) is an empty cell.
 */
import type { NumOrNull, PanelModel } from './protocol';

/** One run's records, from the run loop (`Trace`) or the panel model (`TraceData`). */
export interface CsvRun {
  optimizer: string;
  convention: string;
  dim: number;
  steps: ArrayLike<number>;
  path: ArrayLike<NumOrNull>;
  loss: ArrayLike<NumOrNull>;
  lr: ArrayLike<NumOrNull>;
  effectiveLr: ArrayLike<NumOrNull>;
  delta: ArrayLike<NumOrNull>;
}

export function traceCsvHeader(variables: readonly string[]): string[] {
  return ['optimizer', 'convention', 'step', ...variables, 'loss', 'lr', ...variables.map(v => `effective_lr_${v}`), ...variables.map(v => `delta_${v}`)];
}

export function tracesToCsv(variables: readonly string[], runs: readonly CsvRun[]): string {
  const lines = [traceCsvHeader(variables).join(',')];
  const cell = (v: NumOrNull | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));
  for (const run of runs) {
    const d = run.dim;
    for (let k = 0; k < run.steps.length; k++) {
      const row: string[] = [run.optimizer, run.convention, String(run.steps[k])];
      for (let i = 0; i < d; i++) row.push(cell(run.path[k * d + i]));
      row.push(cell(run.loss[k]), cell(run.lr[k]));
      for (let i = 0; i < d; i++) row.push(cell(run.effectiveLr[k * d + i]));
      for (let i = 0; i < d; i++) row.push(cell(run.delta[k * d + i]));
      lines.push(row.join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** The panel's "Export JSON": the objective, the configuration, the reference and every run as recorded. */
export function panelRunsJson(model: PanelModel): string {
  return JSON.stringify(
    {
      objective: { expression: model.objective.text, variables: model.objective.variables, gradient: model.objective.gradient.map(g => g.text) },
      config: model.config,
      reference: model.reference,
      runs: model.runs,
    },
    null,
    1,
  );
}
