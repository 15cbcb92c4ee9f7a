import * as assert from 'assert';
import { formulaClauses, generalClauses, toClauses } from '../../../src/core/optim/clauses';
import { RULES } from '../../../src/core/optim/registry';
import type { Convention, Hyperparameters, UpdateRule } from '../../../src/core/optim/types';

/** Whether braces, parentheses and brackets pair up (an escaped one, `\{`, does not count). */
function balanced(tex: string): boolean {
  const open: string[] = [];
  const pair: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') open.push(c);
    else if (c in pair && open.pop() !== pair[c]) return false;
  }
  return open.length === 0;
}

/** Every switch of a rule one at a time, then all of them on. */
function configurations(rule: UpdateRule): Hyperparameters[] {
  const out: Hyperparameters[] = [{}];
  const all: Hyperparameters = {};
  for (const p of rule.params) {
    if (p.kind === 'boolean') {
      out.push({ [p.name]: true });
      all[p.name] = true;
    } else if (p.kind === 'enum') for (const o of p.options ?? []) out.push({ [p.name]: o });
    else if (p.name !== 'lr') {
      out.push({ [p.name]: 0 }, { [p.name]: 0.3 });
      all[p.name] = 0.3;
    }
  }
  return [...out, all];
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('optim/clauses', () => {
  it('cuts at ;\\quad and ;\\ only, keeping each clause’s ;', () => {
    assert.deepStrictEqual(toClauses(String.raw`a \leftarrow b;\quad c \leftarrow d;\ x \leftarrow x - c`), ['a \\leftarrow b;', 'c \\leftarrow d;', 'x \\leftarrow x - c']);
    assert.deepStrictEqual(toClauses(String.raw`\frac{a}{b}, c`), [String.raw`\frac{a}{b}, c`], 'no separator: one clause');
    assert.deepStrictEqual(toClauses([' m \\leftarrow g; ', 'x \\leftarrow x - m', '']), ['m \\leftarrow g;', 'x \\leftarrow x - m'], 'a list passes through, trimmed');
  });

  it('the cut is exact for every rule, convention and switch: each clause is a balanced group and together they are the formula', () => {
    let checked = 0;
    for (const rule of Object.values(RULES)) {
      for (const c of Object.keys(rule.formula) as Convention[]) {
        const texts: string[] = [rule.formula[c] as string];
        const lists: (string[] | undefined)[] = [generalClauses(rule)[c]];
        for (const hp of configurations(rule)) {
          lists.push(formulaClauses(rule, c, hp));
          texts.push(String(rule.formulaFor ? rule.formulaFor(c, { ...rule.defaults[c], ...hp }) : rule.formula[c]));
        }
        texts.forEach((tex, i) => {
          const clauses = lists[i];
          assert.ok(clauses && clauses.length >= 1, `${rule.id}/${c}: clauses`);
          for (const k of clauses) assert.ok(balanced(k), `${rule.id}/${c}: unbalanced clause ${k} of ${tex}`);
          assert.strictEqual(squash(clauses.join('')), squash(tex.replace(/;\\quad |;\\ /g, ';')), `${rule.id}/${c}`);
          checked++;
        });
      }
    }
    assert.ok(checked > 100, `checked ${checked} formulas`);
  });

  it('multi-clause rules come out as several clauses (Adam under PyTorch: moments, then the step)', () => {
    const adam = generalClauses(RULES.adam).pytorch ?? [];
    assert.ok(adam.length >= 3, adam.join(' | '));
    assert.ok(adam.slice(0, -1).every(c => c.endsWith(';')) && !adam[adam.length - 1].endsWith(';'));
  });
});
