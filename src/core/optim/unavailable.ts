/**
 * The message a rule gives for a convention that lacks it (the same form as Lion's in PyTorch): the
 * framework's own package named, and the conventions that do have the rule. Conventions that are
 * not a framework (the papers' own algorithms) get a message of their own.
 */
import { CONVENTIONS, type Convention } from './types';

const FRAMEWORK: Readonly<Record<string, string>> = {
  pytorch: 'PyTorch core (torch.optim)',
  keras: 'Keras 3 (keras.optimizers)',
  optax: 'optax (optax and optax.contrib)',
};

const conventionList = (cs: readonly Convention[]): string =>
  cs.length === 1 ? `the ${cs[0]} convention` : `the ${cs.slice(0, -1).join(', ')} or ${cs[cs.length - 1]} convention`;

/**
 * For every convention not in `has`: "PyTorch core (torch.optim) has no Yogi optimizer; choose the
 * optax convention." (a framework), or "Yogi is not offered in the paper convention; …" (otherwise).
 */
export function unavailableIn(label: string, has: readonly Convention[]): Partial<Record<Convention, string>> {
  const out: Partial<Record<Convention, string>> = {};
  for (const c of CONVENTIONS) {
    if (has.includes(c)) continue;
    const framework = FRAMEWORK[c];
    out[c] = framework
      ? `${framework} has no ${label} optimizer; choose ${conventionList(has)}.`
      : `${label} is not offered in the ${c} convention; choose ${conventionList(has)}.`;
  }
  return out;
}
