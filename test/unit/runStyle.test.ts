/** Run styles: colour + marker shape + dash tell every run apart (src/webview/runStyle.ts, DOM-free). */
import * as assert from 'node:assert/strict';
import { RUN_COLOURS, RUN_DASHES, runColour, runDash, runShape, runStyle } from '../../src/webview/runStyle';

describe('run styles', () => {
  it('the colours are Okabe & Ito\'s colour-blind-safe set without black', () => {
    // Okabe & Ito 2008, "Color Universal Design": orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
    assert.deepEqual([...RUN_COLOURS], ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']);
  });

  it('no two of the first 40 runs share colour, shape and dash; no two of the first 70 share colour and shape', () => {
    const triples = new Set<string>();
    for (let i = 0; i < 40; i++) triples.add(`${runColour(i)}|${runShape(i)}|${runDash(i).join(',')}`);
    assert.equal(triples.size, 40);
    const pairs = new Set<string>();
    for (let i = 0; i < 70; i++) pairs.add(`${runColour(i)}|${runShape(i)}`);
    assert.equal(pairs.size, 70);
  });

  it('neighbouring runs always differ in colour, and the first seven are solid with seven shapes', () => {
    for (let i = 0; i + 1 < 40; i++) assert.notEqual(runColour(i), runColour(i + 1), `runs ${i}, ${i + 1}`);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(runShape), ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'pentagon', 'star']);
    for (let i = 0; i < 7; i++) assert.deepEqual(runDash(i), []);
  });

  it('hand values: block b = ⌊i/7⌋ shifts the shape by 3b and takes dash b mod 4', () => {
    // i = 7: colour 0 (orange), shape (0 + 3) mod 10 = diamond, dash 1 (dashed)
    assert.deepEqual([runColour(7), runShape(7), runDash(7)], ['#E69F00', 'diamond', RUN_DASHES[1]]);
    // i = 12: colour 5 (vermillion), shape (5 + 3) mod 10 = plus, dashed
    assert.deepEqual([runColour(12), runShape(12), runDash(12)], ['#D55E00', 'plus', RUN_DASHES[1]]);
    // i = 39: colour 4 (blue), block 5: shape (4 + 15) mod 10 = cross, dash 5 mod 4 = 1
    assert.deepEqual([runColour(39), runShape(39), runDash(39)], ['#0072B2', 'cross', RUN_DASHES[1]]);
    // i = 28: colour 0, block 4: shape (0 + 12) mod 10 = triangle, dash 0 (solid again, but a new shape)
    assert.deepEqual([runColour(28), runShape(28), runDash(28)], ['#E69F00', 'triangle', RUN_DASHES[0]]);
    assert.equal(runStyle(12).description, 'vermillion plus, dashed line');
    assert.equal(runStyle(4).description, 'blue triangle down, solid line');
  });
});
