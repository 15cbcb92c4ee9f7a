import * as assert from 'node:assert/strict';
import { describeValue, formatPair } from '../../src/core/describe';

describe('describeValue: values in error messages say what they are', () => {
  const cases: [unknown, string][] = [
    [undefined, 'nothing'],
    [null, 'null'],
    [1, '1'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    [-0, '-0'],
    [true, 'true'],
    ['', 'an empty text'],
    ['5', 'the text "5"'],
    ['x'.repeat(50), `the text "${'x'.repeat(40)}…"`],
    [[], 'an empty list'],
    [[1], 'a list [1]'],
    [[0, 99], 'a list [0, 99]'],
    [[1, 'a', null, undefined, [2], {}], 'a list [1, "a", null, nothing, […], {…}]'],
    [[1, 2, 3, 4, 5, 6, 7], 'a list [1, 2, 3, 4, 5, 6, … (7 items)]'],
    [{}, 'an empty object'],
    [{ a: 1, b: 2 }, 'an object with a, b'],
    [() => 1, 'a function'],
    [new Float64Array(2), 'a typed array'],
  ];
  for (const [v, want] of cases) it(`${want}`, () => assert.equal(describeValue(v), want));
});

describe('formatPair: numbers printed so that their comparison reads true', () => {
  it('six significant digits when they tell the numbers apart, more when needed', () => {
    assert.deepEqual(formatPair(129.746337890625, 100), ['129.746', '100']);
    assert.deepEqual(formatPair(1000000.4, 1e6), ['1000000.4', '1000000']);
    assert.deepEqual(formatPair(0.30000000000000004, 0.3), ['0.30000000000000004', '0.3']);
    assert.deepEqual(formatPair(1e20 * (1 + 2 ** -52), 1e20), ['100000000000000020000', '100000000000000000000']);
    assert.deepEqual(formatPair(Infinity, 5), ['Infinity', '5']);
  });
});
