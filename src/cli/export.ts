/**
 * `optimizer-lab export <FILE.optlab.json | expression> --framework pytorch|keras|optax [run flags]`:
 * the runs as a standalone Python script on stdout (src/core/export). An experiment file holds
 * the run; an expression takes the flags of `run` (without --framework's convention given, the
 * framework's own convention is used).
 */
import { exportScript, FRAMEWORKS, Framework } from '../core/export';
import { isExperimentFile, loadData, loadExperiment } from './experiment';
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { prepare } from './run';

const usage = (m: string): never => { throw new UsageError(m); };

export async function exportCommand(target: string, values: CliValues, io: Io): Promise<void> {
  const framework = values.framework?.trim() as Framework | undefined;
  if (framework === undefined) usage(`export needs --framework ${FRAMEWORKS.join('|')}`);
  if (!FRAMEWORKS.includes(framework as Framework)) usage(`--framework must be one of ${FRAMEWORKS.join(', ')}, got '${values.framework}'`);
  let input: Parameters<typeof exportScript>[0];
  if (isExperimentFile(target)) {
    const extra = Object.keys(values).find(k => values[k as keyof CliValues] !== undefined && k !== 'framework' && k !== 'help');
    if (extra) usage(`--${extra} does not apply to an experiment file: the file holds the run (export takes only --framework)`);
    const loaded = await loadExperiment(target, io);
    input = { config: loaded.config, ...(loaded.data && loaded.dataset ? { data: { prepared: loaded.data, dataset: loaded.dataset } } : {}) };
  } else {
    const p = await prepare(target, { ...values, convention: values.convention ?? framework }, io);
    const config = { ...p.config, ...(p.tolGrad !== undefined ? { tolerance: { gradNorm: p.tolGrad } } : {}) };
    const loaded = await loadData(config);
    input = { config: loaded.config, ...(loaded.data && loaded.dataset ? { data: { prepared: loaded.data, dataset: loaded.dataset } } : {}) };
  }
  const script = exportScript(input, framework as Framework);
  if (!script.ok) usage(script.error.message);
  io.out((script as { ok: true; value: string }).value);
}
