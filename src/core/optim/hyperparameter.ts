/**
 * One hyperparameter value checked against its spec (`ParamSpec`): the registry uses it for every
 * run request, and the panel's controls for every edit, so both accept exactly the same values.
 * No rule is imported here, so the webview can use it without bundling the update rules.
 */
import { parseDecimal } from '../data/csv';
import { describeValue } from '../describe';
import { Result, fail, ok } from '../result';
import type { ParamSpec } from './types';

/** A spec's range as messages say it: "in [0, 1)", "> 0", ">= 0"; undefined when unbounded. */
export function rangeText(p: ParamSpec): string | undefined {
  if (p.min !== undefined && p.max !== undefined) {
    return `in ${p.minExclusive ? '(' : '['}${p.min}, ${p.max}${p.maxExclusive ? ')' : ']'}`;
  }
  if (p.min !== undefined) return `${p.minExclusive ? '>' : '>='} ${p.min}`;
  if (p.max !== undefined) return `${p.maxExclusive ? '<' : '<='} ${p.max}`;
  return undefined;
}

/** Checks one value against its spec; numbers and booleans may arrive as strings (CLI `--set`). */
export function coerceHyperparameter(p: ParamSpec, raw: unknown): Result<number | boolean | string> {
  const spec: unknown = p;
  if (typeof spec !== 'object' || spec === null) return fail(`a hyperparameter schema must be an object { name, kind, … }, got ${describeValue(spec)}`);
  switch (p.kind) {
    case 'number': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'string' && Number.isFinite(parseDecimal(raw.trim()))) v = parseDecimal(raw.trim()); // decimals only, as in CSV files: not 0x10
      else return fail(`${p.name} must be a number, got ${describeValue(raw)}`);
      if (!Number.isFinite(v)) return fail(`${p.name} must be a finite number, got ${describeValue(raw)}`);
      const below = p.min !== undefined && (p.minExclusive ? v <= p.min : v < p.min);
      const above = p.max !== undefined && (p.maxExclusive ? v >= p.max : v > p.max);
      if (below || above) return fail(`${p.name} must be ${rangeText(p) ?? 'in range'}, got ${describeValue(raw)}`);
      return ok(v);
    }
    case 'boolean':
      if (typeof raw === 'boolean') return ok(raw);
      if (raw === 'true' || raw === 'false') return ok(raw === 'true');
      return fail(`${p.name} must be true or false, got ${describeValue(raw)}`);
    case 'enum': {
      const options = p.options ?? [];
      if (typeof raw === 'string' && options.includes(raw)) return ok(raw);
      return fail(`${p.name} must be one of ${options.join(', ')}, got ${describeValue(raw)}`);
    }
    default:
      return fail(`the kind of a hyperparameter schema must be number, boolean or enum, got ${describeValue((p as { kind: unknown }).kind)}`);
  }
}

