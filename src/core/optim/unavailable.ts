/**
 * The message a rule gives for a framework that lacks it (the same form as Lion's in PyTorch): the
 * framework's own package named, and the conventions that do have the rule.
 */
import type { Convention } from './types';

const FRAMEWORK: Record<Convention, string> = {
  pytorch: 'PyTorch core (torch.optim)',
  keras: 'Keras 3 (keras.optimizers)',
  optax: 'optax (optax and optax.contrib)',
};

const conventionList = (cs: readonly Convention[]): string =>
  cs.length === 1 ? `the ${cs[0]} convention` : `the ${cs.slice(0, -1).join(', ')} or ${cs[cs.length - 1]} convention`;

/** `{ pytorch: 'PyTorch core (torch.optim) has no Yogi optimizer; choose the optax convention.' , … }` for every convention not in `has`. */
export function unavailableIn(label: string, has: readonly Convention[], lacking: readonly Convention[]): Partial<Record<Convention, string>> {
  const out: Partial<Record<Convention, string>> = {};
  for (const c of lacking) out[c] = `${FRAMEWORK[c]} has no ${label} optimizer; choose ${conventionList(has)}.`;
  return out;
}
