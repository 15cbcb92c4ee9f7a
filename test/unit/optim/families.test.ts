/** Optimizer families: the original rules' groups, and grouping with the "other" fallback. */
import * as assert from 'node:assert/strict';
import { familyOf, groupByFamily, OPTIMIZER_FAMILIES } from '../../../src/core/optim/families';
import { RULES } from '../../../src/core/optim/registry';
import { registryInfo } from '../../../src/core/model';
import type { OptimizerId } from '../../../src/core/optim/types';

describe('optim/families', () => {
  it('the original twelve rules by family', () => {
    const want: Record<string, string[]> = {
      'gradient-descent': ['sgd'],
      momentum: ['momentum', 'nesterov'],
      adaptive: ['adagrad', 'rmsprop', 'adadelta'],
      adam: ['adam', 'amsgrad', 'adamax', 'nadam', 'adamw'],
      sign: ['lion'],
    };
    for (const [family, ids] of Object.entries(want)) {
      for (const id of ids) assert.equal(familyOf(RULES[id as OptimizerId]), family, id);
    }
  });

  it('every registered rule names a known family (none falls into "other" by omission)', () => {
    const known = OPTIMIZER_FAMILIES.map(f => f.id);
    for (const [id, rule] of Object.entries(RULES)) assert.ok(rule.family !== undefined && known.includes(rule.family), `${id}: family ${String(rule.family)}`);
  });

  it('a rule without a family is "other"; groups follow the family order and skip empty families', () => {
    assert.equal(familyOf({}), 'other');
    const items = [
      { id: 'lion' as OptimizerId, family: 'sign' },
      { id: 'adam' as OptimizerId, family: 'adam' },
      { id: 'radam' as OptimizerId },
      { id: 'sgd' as OptimizerId, family: 'gradient-descent' },
      { id: 'amsgrad' as OptimizerId, family: 'adam' },
      { id: 'yogi' as OptimizerId, family: 'no-such-family' },
    ];
    const groups = groupByFamily(items);
    assert.deepEqual(groups.map(g => g.family), ['gradient-descent', 'adam', 'sign', 'other']);
    assert.deepEqual(groups.map(g => g.items.map(i => i.id)), [['sgd'], ['adam', 'amsgrad'], ['lion'], ['radam', 'yogi']]);
    assert.equal(groups[1].label, 'Adam family');
    assert.equal(OPTIMIZER_FAMILIES[OPTIMIZER_FAMILIES.length - 1].id, 'other');
  });

  it('the panel model carries each optimizer\'s family', () => {
    const info = registryInfo();
    assert.equal(info.find(i => i.id === 'nesterov')?.family, 'momentum');
    assert.ok(info.every(i => OPTIMIZER_FAMILIES.some(f => f.id === i.family)));
  });
});
