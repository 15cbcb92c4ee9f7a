/** The Keras 3 / optax rules that torch 1.13 lacks: registered, grouped by family, each convention present or explained. */
import * as assert from 'node:assert/strict';
import { familyOf } from '../../../src/core/optim/families';
import { RULES, resolveHyperparameters } from '../../../src/core/optim/registry';
import { FRAMEWORK_CONVENTIONS, OPTIMIZER_IDS, OptimizerId } from '../../../src/core/optim/types';

/** Which frameworks ship each rule (their source trees), and the list group it belongs to. */
const RULES_13: Record<string, { frameworks: string[]; family: string }> = {
  yogi: { frameworks: ['optax'], family: 'adam' },
  adabelief: { frameworks: ['optax'], family: 'adam' },
  lamb: { frameworks: ['keras', 'optax'], family: 'adam' },
  signsgd: { frameworks: ['optax'], family: 'sign' },
  signum: { frameworks: ['optax'], family: 'sign' },
  adan: { frameworks: ['optax'], family: 'adam' },
  ftrl: { frameworks: ['keras'], family: 'adaptive' },
  adafactor: { frameworks: ['pytorch', 'keras', 'optax'], family: 'adaptive' },
  adopt: { frameworks: ['optax'], family: 'adam' },
  ademamix: { frameworks: ['optax'], family: 'adam' },
  prodigy: { frameworks: ['optax'], family: 'adam' },
  'schedulefree-adamw': { frameworks: ['keras', 'optax'], family: 'schedule-free' },
  'schedulefree-sgd': { frameworks: ['optax'], family: 'schedule-free' },
};

describe('optim: the Keras 3 / optax rules', () => {
  it('each is registered with its family; a framework that lacks it answers with a message naming the alternatives', () => {
    for (const [id, want] of Object.entries(RULES_13)) {
      assert.ok((OPTIMIZER_IDS as readonly string[]).includes(id), id);
      const rule = RULES[id as OptimizerId];
      assert.equal(familyOf(rule), want.family, id);
      for (const c of FRAMEWORK_CONVENTIONS) {
        const r = resolveHyperparameters(id as OptimizerId, c);
        if (want.frameworks.includes(c)) assert.ok(r.ok, `${id}/${c}`);
        else assert.ok(!r.ok && r.error.message.includes(`has no ${rule.label} optimizer; choose the ${want.frameworks[0]}`), `${id}/${c}: ${r.ok ? 'ok' : r.error.message}`);
      }
    }
  });

  it('only Schedule-Free keeps a second point (its average x)', () => {
    for (const id of Object.keys(RULES_13)) assert.equal(RULES[id as OptimizerId].extraPoint !== undefined, id.startsWith('schedulefree'), id);
  });
});
