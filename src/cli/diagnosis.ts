/** The diagnosis of each run for `optimizer-lab run`: sentences for the table and the JSON. */
import { curvatureOf, CurvatureObjective, HessianFn, numericHessian } from '../core/hessian';
import { diagnoseRun } from '../core/diagnose';
import type { GradientSource, Trace } from '../core/run';
import type { DiagnosisSentence } from '../core/sweep';

export interface DiagnosisInput {
  objective: CurvatureObjective;
  source: GradientSource;
  /** Datasets: the Hessian is the mean loss's, by central differences of the full-batch gradient. */
  dataset: boolean;
  minima?: readonly (readonly number[])[];
}

function hessianOf(input: DiagnosisInput): HessianFn {
  const full = (input.source as { fullGradient?: (x: Float64Array, out: Float64Array) => void }).fullGradient;
  const dim = input.objective.variables.length;
  if (input.dataset && full) return numericHessian((x, out) => full(Float64Array.from(x), out), dim);
  return curvatureOf(input.objective).hessian;
}

/** One list of sentences per trace (a failed diagnosis gives one sentence saying so). */
export function diagnoseTraces(input: DiagnosisInput, traces: readonly Trace[]): DiagnosisSentence[][] {
  const hessian = hessianOf(input);
  return traces.map(t => {
    const r = diagnoseRun(t, { variables: input.objective.variables, hessian, ...(input.minima ? { minima: input.minima } : {}) });
    return r.ok ? r.value : [];
  });
}

/** The sentences under the run table: one line per sentence, prefixed by the optimizer. */
export function diagnosisLines(traces: readonly Trace[], diagnoses: readonly DiagnosisSentence[][]): string {
  const lines = traces.flatMap((t, i) => diagnoses[i].map(s => `${t.optimizer.padEnd(9)} ${s.text}`));
  return lines.length ? `\ndiagnosis:\n${lines.join('\n')}\n` : '';
}
