/** `optimizer-lab gradient "<expr>" [--at x=1,y=2] [--hessian] [--json]` */
import { parseObjective } from '../core/expr';
import { finiteOrNull } from '../core/protocol';
import { fmtNum, parsePoint } from './format';
import type { CliValues, Io } from './options';
import { UsageError } from './options';

export function positionText(message: string, position?: number): string {
  return position !== undefined && !/ at \d+/.test(message) ? `${message} (at ${position})` : message;
}

export function gradientCommand(expression: string, values: CliValues, io: Io): void {
  const parsed = parseObjective(expression);
  if (!parsed.ok) throw new UsageError(positionText(parsed.error.message, parsed.error.position));
  const o = parsed.value;
  let at: number[] | undefined;
  if (values.at !== undefined) {
    try { at = parsePoint(values.at, o.variables, '--at'); } catch (e) { throw new UsageError((e as Error).message); }
  }
  const g = new Float64Array(o.variables.length);
  if (at) o.grad(at, g);
  let hessian: { text: string[][]; tex: string[][]; values?: number[][] } | undefined;
  if (values.hessian) {
    const h = o.hessian();
    if (!h.ok) throw new UsageError(`Hessian: ${h.error.message}`);
    const n = o.variables.length;
    let hv: number[][] | undefined;
    if (at) {
      const flat = new Float64Array(n * n);
      h.value.evaluate(at, flat);
      hv = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
    }
    hessian = { text: h.value.text, tex: h.value.tex, ...(hv ? { values: hv } : {}) };
  }
  const num = finiteOrNull;

  if (values.json) {
    const json = {
      variables: o.variables,
      f: { text: o.text, tex: o.tex, ...(at ? { value: num(o.f(at)) } : {}) },
      gradient: o.gradient.map((p, i) => ({
        variable: p.variable, text: p.text, tex: p.tex, symbolic: p.symbolic,
        ...(p.note ? { note: p.note } : {}),
        ...(at ? { value: num(g[i]) } : {}),
      })),
      ...(hessian
        ? { hessian: hessian.text.map((row, i) => row.map((text, j) => ({ text, tex: hessian!.tex[i][j], ...(hessian!.values ? { value: num(hessian!.values[i][j]) } : {}) }))) }
        : {}),
    };
    io.out(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  const point = at ? ` at (${o.variables.map((v, i) => `${v}=${at![i]}`).join(', ')})` : '';
  io.out(`f(${o.variables.join(', ')}) = ${o.text}\n`);
  if (at) io.out(`  value${point}: ${fmtNum(o.f(at), 10)}\n`);
  io.out('\n');
  o.gradient.forEach((p, i) => {
    io.out(`∂f/∂${p.variable} = ${p.text}\n`);
    io.out(`  TeX: ${p.tex}\n`);
    io.out(`  ${p.symbolic ? 'symbolic' : `numeric (central finite difference)${p.note ? `: ${p.note}` : ''}`}\n`);
    if (at) io.out(`  value${point}: ${fmtNum(g[i], 10)}\n`);
  });
  if (hessian) {
    io.out('\nHessian:\n');
    hessian.text.forEach((row, i) => row.forEach((t, j) => {
      io.out(`  ∂²f/∂${o.variables[i]}∂${o.variables[j]} = ${t}${hessian!.values ? `   = ${fmtNum(hessian!.values[i][j], 10)}` : ''}\n`);
    }));
  }
}
