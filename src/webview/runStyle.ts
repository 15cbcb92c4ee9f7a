/**
 * How each run is told apart (DOM-free, so Node tests can check it): a colour, a marker shape and a
 * line dash, chosen so that no two of the first 70 runs share both colour and shape, and no two of
 * the first 40 share all three — colour is never the only cue.
 *
 * Colours: Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008) without black, which
 * vanishes on the dark end of the colour map and on dark themes. Seven colours cycle; each block of
 * seven runs shifts the shape by three (3 is coprime with the ten shapes, so a colour meets every
 * shape once in ten blocks) and takes the next dash (solid, dashed, dotted, dash-dot). Paths and
 * markers are drawn over a halo (`Theme.halo`), which keeps the light colours (yellow, sky blue)
 * legible on light themes and every colour on high-contrast ones.
 */
export const RUN_COLOURS = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
] as const;

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'pentagon' | 'star' | 'hexagon' | 'plus' | 'cross';
export const RUN_SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'pentagon', 'star', 'hexagon', 'plus', 'cross'];

/** Line dashes in CSS pixels at weight 1 ([] = solid). */
export const RUN_DASHES: readonly (readonly number[])[] = [[], [7, 4], [1.5, 3.5], [8, 3, 1.5, 3]];
export const RUN_DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dot'] as const;

/** The block of seven runs that run i belongs to (0 for the first seven). */
const block = (i: number): number => Math.floor(i / RUN_COLOURS.length);

export function runColour(i: number): string {
  return RUN_COLOURS[i % RUN_COLOURS.length];
}
export function runShape(i: number): MarkerShape {
  return RUN_SHAPES[((i % RUN_COLOURS.length) + 3 * block(i)) % RUN_SHAPES.length];
}
export function runDash(i: number): readonly number[] {
  return RUN_DASHES[block(i) % RUN_DASHES.length];
}

export interface RunStyle {
  colour: string;
  shape: MarkerShape;
  dash: readonly number[];
  /** "orange circle, dashed": the style in words, for the legend's accessible name. */
  description: string;
}

const COLOUR_NAMES = ['orange', 'sky blue', 'bluish green', 'yellow', 'blue', 'vermillion', 'reddish purple'] as const;

export function runStyle(i: number): RunStyle {
  const dashName = RUN_DASH_NAMES[block(i) % RUN_DASHES.length];
  return {
    colour: runColour(i),
    shape: runShape(i),
    dash: runDash(i),
    description: `${COLOUR_NAMES[i % RUN_COLOURS.length]} ${runShape(i).replace('-', ' ')}, ${dashName} line`,
  };
}
