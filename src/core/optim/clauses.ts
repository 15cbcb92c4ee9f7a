/**
 * A rule's TeX as the list of clauses the panel lays out one by one (each wraps as a unit). This is
 * the one place that turns a rule's TeX into clauses: a rule writes its formula either as a list of
 * clauses or as one string whose clauses are joined by `TEX.wide` (`;\quad `) or `TEX.narrow`
 * (`;\ `), which are cut here at exactly those separators (test/unit/optim/clauses.test.ts checks,
 * for every rule, convention and switch, that no separator sits inside a group, so the cut is exact).
 * Each clause but the last keeps its `;`.
 */
import { formulaFor } from './registry';
import { TEX, type Convention, type Hyperparameters, type UpdateRule } from './types';

export type RuleTex = string | readonly string[];

export function toClauses(tex: RuleTex): string[] {
  if (typeof tex !== 'string') return tex.filter(c => c.trim() !== '').map(c => c.trim());
  const out: string[] = [];
  for (const wide of tex.split(TEX.wide)) for (const part of wide.split(TEX.narrow)) out.push(part.trim());
  const clauses = out.filter(c => c !== '');
  return clauses.map((c, i) => (i < clauses.length - 1 ? `${c};` : c));
}

/** The general form of every convention the rule has, as clauses. */
export function generalClauses(rule: UpdateRule): Partial<Record<Convention, string[]>> {
  const out: Partial<Record<Convention, string[]>> = {};
  for (const [c, tex] of Object.entries(rule.formula) as [Convention, RuleTex | undefined][]) if (tex !== undefined) out[c] = toClauses(tex);
  return out;
}

/** `formulaFor` (only the terms `hp` switches on) as clauses; undefined where the framework lacks the rule. */
export function formulaClauses(rule: UpdateRule, convention: Convention, hp: Hyperparameters): string[] | undefined {
  const tex = formulaFor(rule, convention, hp);
  return tex === undefined ? undefined : toClauses(tex);
}
