/**
 * Classic optimization test functions (pure data; no mathjs). Expressions are in mathjs syntax and
 * go through src/core/expr like anything a person types.
 *
 * Minima and minimum values are the textbook ones (Surjanovic & Bingham, "Virtual Library of
 * Simulation Experiments", sfu.ca/~ssurjano; Jamil & Yang 2013, "A literature survey of benchmark
 * functions for global optimization problems"). Where the literature gives 6 decimals (Himmelblau,
 * Styblinski–Tang, the 1-D quartic), the points here are the same roots refined with Newton's method
 * to double precision (mpmath, 40 digits), so the gradient there is zero to rounding.
 * `minima` lists the global minima only; local ones are mentioned in the description.
 */
import { distanceToNearest } from './distance';
import type { Convention, Hyperparameters, OptimizerId } from './optim/types';
import type { ScheduleSpec } from './schedule';

/** A run a preset reproduces exactly: one optimizer, its convention and settings, a step count. */
export interface PresetReplay {
  optimizer: OptimizerId;
  convention: Convention;
  hyperparameters: Hyperparameters;
  steps: number;
  /** Constant when absent. */
  schedule?: ScheduleSpec;
  /** Where the replayed run comes from and what it ends at. */
  about: string;
}

export interface Preset {
  id: string;
  name: string;
  expression: string;
  variables: string[];
  start: number[];
  bounds: [number, number][];
  /** Global minimizers; [] when there is none (the saddle). */
  minima: number[][];
  minimumValue?: number;
  description: string;
  /** A plain-SGD learning rate that makes progress without diverging from `start`. */
  suggestedLr?: number;
  /** A published run this preset replays (the CLI runs it when no optimizer settings are given). */
  replay?: PresetReplay;
}

const square = (lo: number, hi: number, n = 2): [number, number][] => Array.from({ length: n }, () => [lo, hi] as [number, number]);

export const PRESETS: readonly Preset[] = Object.freeze([
  {
    id: 'bowl',
    name: 'Bowl',
    expression: 'x^2 + y^2',
    variables: ['x', 'y'],
    start: [-1.5, 1.8],
    bounds: square(-2, 2),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'A round convex bowl: every optimizer should walk straight to the origin.',
    suggestedLr: 0.1,
  },
  {
    id: 'rosenbrock',
    name: 'Rosenbrock',
    expression: '(1 - x)^2 + 100*(y - x^2)^2',
    variables: ['x', 'y'],
    start: [-1.5, 2],
    bounds: [[-2, 2], [-1, 3]],
    minima: [[1, 1]],
    minimumValue: 0,
    description: 'A long, curved, flat-bottomed valley: easy to find, slow to follow to the minimum at (1, 1).',
    suggestedLr: 0.001,
  },
  {
    id: 'himmelblau',
    name: 'Himmelblau',
    expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    variables: ['x', 'y'],
    start: [0, 0],
    bounds: square(-5, 5),
    minima: [
      [3, 2],
      [-2.8051180869527448, 3.131312518250573],
      [-3.779310253377747, -3.2831859912861694],
      [3.5844283403304917, -1.8481265269644036],
    ],
    minimumValue: 0,
    description: 'Four equal minima (value 0): which one an optimizer finds depends on where it starts.',
    suggestedLr: 0.01,
  },
  {
    id: 'beale',
    name: 'Beale',
    expression: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    variables: ['x', 'y'],
    start: [1, 1.5],
    bounds: square(-4.5, 4.5),
    minima: [[3, 0.5]],
    minimumValue: 0,
    description: 'Flat plateaus and sharp ridges around a minimum at (3, 0.5).',
    suggestedLr: 0.001,
  },
  {
    id: 'booth',
    name: 'Booth',
    expression: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
    variables: ['x', 'y'],
    start: [-5, -5],
    bounds: square(-10, 10),
    minima: [[1, 3]],
    minimumValue: 0,
    description: 'A tilted convex quadratic with its minimum at (1, 3).',
    suggestedLr: 0.01,
  },
  {
    id: 'matyas',
    name: 'Matyas',
    expression: '0.26*(x^2 + y^2) - 0.48*x*y',
    variables: ['x', 'y'],
    start: [-7, 9],
    bounds: square(-10, 10),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'A nearly flat convex valley along y = x: gradients are small far from the minimum.',
    suggestedLr: 0.5,
  },
  {
    id: 'three-hump-camel',
    name: 'Three-hump camel',
    expression: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
    variables: ['x', 'y'],
    start: [-1.5, -1],
    bounds: square(-2.5, 2.5),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'Global minimum at the origin between two local minima near (±1.7476, ∓0.8738), value 0.2986.',
    suggestedLr: 0.01,
  },
  {
    id: 'rastrigin',
    name: 'Rastrigin',
    expression: '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
    variables: ['x', 'y'],
    start: [2.3, -3.1],
    bounds: square(-5.12, 5.12),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'A bowl covered in a regular grid of local minima: gradient methods get trapped near the start.',
    suggestedLr: 0.002,
  },
  {
    id: 'ackley',
    name: 'Ackley',
    expression: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
    variables: ['x', 'y'],
    start: [3.2, -2.7],
    bounds: square(-5, 5),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'Many local minima around a deep funnel at the origin; not differentiable at the minimum itself (a cone tip).',
    suggestedLr: 0.01,
  },
  {
    id: 'styblinski-tang',
    name: 'Styblinski–Tang',
    expression: '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y) / 2',
    variables: ['x', 'y'],
    start: [0.5, 4],
    bounds: square(-5, 5),
    minima: [[-2.903534027771177, -2.903534027771177]],
    minimumValue: -78.33233140754283,
    description: 'Four basins; the global minimum is at x = y ≈ −2.9035 with value ≈ −78.3323 (−39.1662 per dimension).',
    suggestedLr: 0.01,
  },
  {
    id: 'goldstein-price',
    name: 'Goldstein–Price',
    expression:
      '(1 + (x + y + 1)^2 * (19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x - 3*y)^2 * (18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    variables: ['x', 'y'],
    start: [-0.5, 1],
    bounds: square(-2, 2),
    minima: [[0, -1]],
    minimumValue: 3,
    description: 'Values span six orders of magnitude; global minimum 3 at (0, −1), with several local minima.',
    suggestedLr: 0.00001,
  },
  {
    id: 'saddle',
    name: 'Saddle',
    expression: 'x^2 - y^2',
    variables: ['x', 'y'],
    start: [-1.5, 0.01],
    bounds: square(-2, 2),
    minima: [],
    description: 'No minimum: unbounded below along y. The origin is a saddle point where the gradient vanishes; watch who escapes it.',
    suggestedLr: 0.05,
  },
  {
    id: 'ill-conditioned',
    name: 'Ill-conditioned quadratic',
    expression: 'x^2 + 25*y^2',
    variables: ['x', 'y'],
    start: [-1.8, 1.2],
    bounds: square(-2, 2),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'An elongated bowl (condition number 25): plain gradient descent zig-zags; momentum and adaptive methods do better.',
    suggestedLr: 0.03,
  },
  {
    id: 'quartic-1d',
    name: 'Quartic (1-D)',
    expression: 'x^4 - 3*x^2 + x',
    variables: ['x'],
    start: [2],
    bounds: [[-2.2, 2.2]],
    minima: [[-1.3008395659415772]],
    minimumValue: -3.513905038934789,
    description: 'One variable, two basins: global minimum at x ≈ −1.3008 (−3.5139), local minimum at x ≈ 1.1309 (−1.0702).',
    suggestedLr: 0.01,
  },
  {
    // The from-scratch AMSGrad tutorial's example: its objective written as its code writes it
    // (x**2.0 + y**2.0), its random start (numpy seed 1), and its run of Reddi et al.'s Algorithm 2.
    id: 'amsgrad-tutorial',
    name: 'AMSGrad tutorial',
    expression: 'x^2.0 + y^2.0',
    variables: ['x', 'y'],
    start: [-0.165955990594852, 0.4406489868843162],
    bounds: square(-1, 1),
    minima: [[0, 0]],
    minimumValue: 0,
    description: 'The from-scratch AMSGrad tutorial\'s bowl and start; replays its run: Reddi et al.\'s Algorithm 2 (paper convention), α = 0.007, β₁,t = 0.9ᵗ, β₂ = 0.99, 100 steps, ending at (−6.78e-12, 1.279e-3).',
    suggestedLr: 0.1,
    replay: {
      optimizer: 'amsgrad',
      convention: 'paper',
      hyperparameters: { lr: 0.007, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, beta1Decay: 'power' },
      steps: 100,
      about: 'The from-scratch AMSGrad tutorial: no bias correction, β₁,t = β₁ᵗ, v̂ = max(v̂, v), x ← x − α·m/(√v̂ + 1e-8); it ends at (−6.78e-12, 1.279e-3).',
    },
  },
  {
    id: 'quadratic-3d',
    name: 'Quadratic (3-D)',
    expression: 'x^2 + 2*y^2 + 3*z^2 + x*y',
    variables: ['x', 'y', 'z'],
    start: [1.5, -1, 1],
    bounds: square(-2, 2, 3),
    minima: [[0, 0, 0]],
    minimumValue: 0,
    description: 'Three variables, a coupled positive-definite quadratic with its minimum at the origin.',
    suggestedLr: 0.05,
  },
]);

/** 'Three-hump camel', 'three_hump camel' and 'THREE-HUMP-CAMEL' are the same preset. */
const normalize = (s: string): string => s.toLowerCase().replace(/[\s\-_–—()]+/g, '');

export function findPreset(idOrName: string): Preset | undefined {
  const key = normalize(idOrName);
  if (key === '') return undefined;
  return PRESETS.find(p => normalize(p.id) === key || normalize(p.name) === key);
}

/** Euclidean distance from x to the nearest listed minimum; undefined when there is none (or the size differs). */
export function nearestMinimumDistance(p: Preset, x: ArrayLike<number>): number | undefined {
  return distanceToNearest(x, p.minima);
}
