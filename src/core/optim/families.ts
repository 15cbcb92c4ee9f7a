/**
 * Optimizer families, for grouping the optimizer list: the order the panel shows them in and their
 * names. A rule names its family (`UpdateRule.family`); a rule without one is listed under "Other".
 */
import type { OptimizerFamily, OptimizerId, UpdateRule } from './types';

export const OPTIMIZER_FAMILIES: readonly { id: OptimizerFamily; label: string }[] = [
  { id: 'gradient-descent', label: 'Plain gradient descent' },
  { id: 'momentum', label: 'Momentum' },
  { id: 'adaptive', label: 'Adaptive per parameter' },
  { id: 'adam', label: 'Adam family' },
  { id: 'sign', label: 'Sign-based' },
  { id: 'second-order', label: 'Second-order (quasi-Newton)' },
  { id: 'schedule-free', label: 'Schedule-free' },
  { id: 'other', label: 'Other' },
];
export const OPTIMIZER_FAMILY_IDS: readonly OptimizerFamily[] = OPTIMIZER_FAMILIES.map(f => f.id);

export function familyOf(rule: Pick<UpdateRule, 'family'>): OptimizerFamily {
  return rule.family ?? 'other';
}

/**
 * The optimizers grouped by family, in `OPTIMIZER_FAMILIES` order, each group in the given order;
 * families without an optimizer are left out. A family the list does not know counts as "other".
 */
export function groupByFamily<T extends { id: OptimizerId; family?: string }>(items: readonly T[]): { family: OptimizerFamily; label: string; items: T[] }[] {
  const known = (f: string | undefined): OptimizerFamily => (OPTIMIZER_FAMILY_IDS as readonly string[]).includes(f ?? '') ? (f as OptimizerFamily) : 'other';
  return OPTIMIZER_FAMILIES.map(f => ({ family: f.id, label: f.label, items: items.filter(i => known(i.family) === f.id) })).filter(g => g.items.length > 0);
}
