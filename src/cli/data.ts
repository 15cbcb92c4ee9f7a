/** Dataset runs for the CLI (`--data FILE.csv --params w,b …`): wired to src/core/data. */
import { CompiledObjective } from '../core/expr';
import { PanelModel, DataConfig } from '../core/protocol';
import { GradientSource, Trace } from '../core/run';
import type { CliValues, Io } from './main';
import { UsageError } from './main';

export interface DataRun {
  objective: CompiledObjective;
  source: GradientSource;
  start: number[];
  config: DataConfig;
  reference?: PanelModel['reference'];
  json(traces: Trace[]): unknown;
  tableNotes(traces: Trace[]): string;
}

export async function prepareDataRun(_loss: string, _values: CliValues, _io: Io): Promise<DataRun> {
  throw new UsageError('--data is not wired yet');
}
