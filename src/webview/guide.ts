/**
 * "When to use which": one row per algorithm — what it fixes, what it costs, when to choose it —
 * and a demonstration that shows the point live (a run configuration the panel can start with one
 * click). Plain data and pure functions (no DOM), unit-tested in Node; the view is guideView.ts.
 *
 * Each demonstration names what to look at; its claims are checked on the real run loop by a unit
 * test (e.g. AMSGrad's effective rate stops rising once the bias correction settles; Adam's climbs).
 */
import type { RunConfig } from '../core/protocol';
import type { Convention, HyperparameterName, OptimizerId } from '../core/optim/types';

export interface GuideDemo {
  /** The button's label. */
  label: string;
  expression: string;
  start: number[];
  optimizers: OptimizerId[];
  convention: Convention;
  steps: number;
  hyperparameters: Partial<Record<OptimizerId, Partial<Record<HyperparameterName, number | boolean | string>>>>;
  /** Gaussian noise on the gradient (the stand-in for sampling when no dataset is open). */
  noise?: { sigma: number; seeds: number };
  /** On a dataset run: the batch size the demo sets instead of the noise (1, a minibatch, or 'full'). */
  batchSize?: number | 'full';
  /** What to look at once it runs. */
  look: string;
}

export interface GuideRow {
  /** The algorithm, as the rows name it (GD, SGD and minibatch are the same rule, `sgd`, fed differently). */
  name: string;
  optimizer: OptimizerId;
  fixes: string;
  costs: string;
  choose: string;
  demo: GuideDemo;
}

const RAVINE = '0.1*x^2 + 25*y^2';
const BOWL = 'x^2 + y^2';
const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';
const SPARSE = 'x^2 + 0.01*y^2';

export const GUIDE: readonly GuideRow[] = [
  {
    name: 'GD (full batch)',
    optimizer: 'sgd',
    fixes: 'The baseline: step against the exact gradient, x ← x − η∇f. Deterministic, and on a convex problem it converges for any η below 2/λmax.',
    costs: 'One full gradient per step (every row of a dataset). The step size is capped by the steepest direction, so flat directions crawl.',
    choose: 'Small problems, or as the reference the others are measured against.',
    demo: {
      label: 'GD in a narrow valley',
      expression: RAVINE, start: [-4, 1], optimizers: ['sgd'], convention: 'pytorch', steps: 200,
      hyperparameters: { sgd: { lr: 0.038 } }, batchSize: 'full',
      look: 'η = 0.038 is just under 2/λmax = 0.04 (λmax = 50): y flips sign every step, while x, with curvature 0.2, is still at ≈ −0.9 after 200 steps.',
    },
  },
  {
    name: 'SGD',
    optimizer: 'sgd',
    fixes: 'The cost of a full gradient: each step uses one sample, so a pass over N rows buys N steps instead of one.',
    costs: 'Every step is noisy; near the minimum the noise keeps it bouncing unless the learning rate decays.',
    choose: 'Large datasets, where many cheap noisy steps beat few exact ones (compare against gradient evaluations, not steps).',
    demo: {
      label: 'noisy steps',
      expression: BOWL, start: [1.5, 1.5], optimizers: ['sgd'], convention: 'pytorch', steps: 300,
      hyperparameters: { sgd: { lr: 0.05 } }, noise: { sigma: 2, seeds: 8 }, batchSize: 1,
      look: 'The loss band (8 noise draws) stays wide at the bottom: the steps keep jittering around the minimum.',
    },
  },
  {
    name: 'Minibatch',
    optimizer: 'sgd',
    fixes: 'SGD’s noise: averaging B samples divides the gradient noise’s standard deviation by √B, and vectorises well.',
    costs: 'B gradient evaluations per step; past a point a larger B only buys fewer, more expensive steps.',
    choose: 'The default for training on data: B from 16 to a few hundred.',
    demo: {
      label: 'less noise per step',
      expression: BOWL, start: [1.5, 1.5], optimizers: ['sgd'], convention: 'pytorch', steps: 300,
      hyperparameters: { sgd: { lr: 0.05 } }, noise: { sigma: 0.5, seeds: 8 }, batchSize: 32,
      look: 'σ = 0.5 stands for the same noise averaged over 16 samples (2/√16): the band is four times narrower than SGD’s.',
    },
  },
  {
    name: 'Momentum',
    optimizer: 'momentum',
    fixes: 'Slow progress along shallow directions and zig-zag across steep ones: a velocity that averages past gradients keeps the consistent part and cancels the oscillating part.',
    costs: 'One extra buffer and a second knob μ; with too much momentum it overshoots and circles.',
    choose: 'Ill-conditioned problems (long valleys); the usual choice with SGD in vision models.',
    demo: {
      label: 'momentum through a ravine',
      expression: RAVINE, start: [-4, 1], optimizers: ['sgd', 'momentum'], convention: 'pytorch', steps: 200,
      hyperparameters: { sgd: { lr: 0.02 }, momentum: { lr: 0.02, momentum: 0.9 } },
      look: 'Same η: plain GD is still at x ≈ −1.8 after 200 steps; momentum reaches the minimum.',
    },
  },
  {
    name: 'Nesterov',
    optimizer: 'nesterov',
    fixes: 'Momentum’s overshoot: the gradient is taken at the look-ahead point, so the velocity brakes before it passes the minimum.',
    costs: 'The same as momentum; a little less tolerant of a large η on steep directions.',
    choose: 'Wherever momentum works, when it circles or overshoots.',
    demo: {
      label: 'look-ahead brakes earlier',
      expression: RAVINE, start: [-4, 1], optimizers: ['momentum', 'nesterov'], convention: 'pytorch', steps: 200,
      hyperparameters: { momentum: { lr: 0.02, momentum: 0.95 }, nesterov: { lr: 0.02, momentum: 0.95 } },
      look: 'With μ = 0.95 momentum swings past the minimum in wide loops; Nesterov’s path is tighter and its loss lower.',
    },
  },
  {
    name: 'AdaGrad',
    optimizer: 'adagrad',
    fixes: 'One learning rate for all coordinates: each coordinate is divided by the root of its own summed squared gradients, so rare (sparse) features with small gradients get large steps.',
    costs: 'The sum only grows: the effective learning rate keeps falling and can stall a long run.',
    choose: 'Sparse features (text, recommendations), convex problems, short runs.',
    demo: {
      label: 'AdaGrad on sparse features',
      expression: SPARSE, start: [1.5, 1.5], optimizers: ['sgd', 'adagrad'], convention: 'pytorch', steps: 300,
      hyperparameters: { sgd: { lr: 0.1 }, adagrad: { lr: 0.5 } },
      look: 'y stands for a rare feature (gradient 100× smaller): SGD leaves y near 0.8, AdaGrad moves both coordinates at the same pace and reaches (0, 0).',
    },
  },
  {
    name: 'RMSprop',
    optimizer: 'rmsprop',
    fixes: 'AdaGrad’s ever-shrinking rate: an exponential moving average of squared gradients forgets old ones, so the rate recovers when the gradients become small.',
    costs: 'A decay ρ to choose; not guaranteed to converge on every convex problem (the rate can grow again).',
    choose: 'Non-stationary problems and long runs; recurrent networks were its first home.',
    demo: {
      label: 'RMSprop recovers where AdaGrad stalls',
      expression: ROSENBROCK, start: [-1.5, 2], optimizers: ['adagrad', 'rmsprop'], convention: 'pytorch', steps: 5000,
      hyperparameters: { adagrad: { lr: 0.3 }, rmsprop: { lr: 0.003 } },
      look: 'AdaGrad’s effective rate falls all the way along the valley and it ends ≈ 0.15 from (1, 1); RMSprop keeps its rate and ends ≈ 0.01 away.',
    },
  },
  {
    name: 'AdaDelta',
    optimizer: 'adadelta',
    fixes: 'Choosing a learning rate: the step is scaled by the ratio of running RMS of past updates to running RMS of gradients, so it has the units of x.',
    costs: 'Slow start (the update average begins at zero) and two averages to keep; frameworks still multiply by an lr.',
    choose: 'When no learning rate is known and a slow but hands-off start is acceptable.',
    demo: {
      label: 'no learning rate to tune',
      expression: BOWL, start: [1.5, 1.5], optimizers: ['sgd', 'adadelta'], convention: 'pytorch', steps: 500,
      hyperparameters: { sgd: { lr: 0.001 } },
      look: 'Both at their PyTorch defaults (SGD η = 0.001, AdaDelta η = 1): AdaDelta’s steps grow by themselves from a cautious start.',
    },
  },
  {
    name: 'Adam',
    optimizer: 'adam',
    fixes: 'Combines momentum (a mean of gradients) with RMSprop’s per-coordinate scaling, bias-corrected for the zero start: a robust default.',
    costs: 'Two buffers; its effective rate can rise when gradients shrink, and its default η = 0.001 is small for many toy problems.',
    choose: 'The first thing to try on most deep-learning problems.',
    demo: {
      label: 'Adam in the banana valley',
      expression: ROSENBROCK, start: [-1.5, 2], optimizers: ['momentum', 'rmsprop', 'adam'], convention: 'pytorch', steps: 3000,
      hyperparameters: { momentum: { lr: 0.0002 }, rmsprop: { lr: 0.003 }, adam: { lr: 0.02 } },
      look: 'Momentum alone needs a tiny η to survive the steep walls; Adam follows the curved valley with a much larger one.',
    },
  },
  {
    name: 'AMSGrad',
    optimizer: 'amsgrad',
    fixes: 'Adam’s rising rate: it keeps the maximum of the second moment, so once the bias correction of the first steps has settled the effective learning rate never increases (the fix for Adam’s non-convergence counter-example).',
    costs: 'One more buffer; the rate can stay small after an early large gradient.',
    choose: 'When Adam’s loss creeps up late in training or its steps grow near the minimum.',
    demo: {
      label: 'AMSGrad’s rate stops rising',
      expression: BOWL, start: [3, 3], optimizers: ['adam', 'amsgrad'], convention: 'pytorch', steps: 300,
      hyperparameters: { adam: { lr: 0.1, beta2: 0.9 }, amsgrad: { lr: 0.1, beta2: 0.9 } },
      look: 'On the effective-LR chart Adam’s rate climbs about a thousandfold as the gradients shrink; AMSGrad’s levels off at ≈ 0.025 once the bias correction has settled and never rises again (β₂ = 0.9 shows it within 300 steps).',
    },
  },
  {
    name: 'AdaMax',
    optimizer: 'adamax',
    fixes: 'Adam with the ∞-norm instead of the squared average: the denominator is the largest recent gradient, which is stable and needs no ε in practice.',
    costs: 'One large gradient holds the rate down until it decays out of the max.',
    choose: 'Embeddings and other sparse updates; when Adam’s second moment is noisy.',
    demo: {
      label: 'AdaMax beside Adam',
      expression: ROSENBROCK, start: [-1.5, 2], optimizers: ['adam', 'adamax'], convention: 'pytorch', steps: 3000,
      hyperparameters: { adam: { lr: 0.02 }, adamax: { lr: 0.02 } },
      look: 'Same η: compare the effective rates — AdaMax’s steps are set by the largest gradient seen recently.',
    },
  },
  {
    name: 'Nadam',
    optimizer: 'nadam',
    fixes: 'Adam’s momentum lags: Nesterov’s look-ahead applied to Adam’s first moment.',
    costs: 'As Adam, with a momentum schedule.',
    choose: 'Where Adam works and faster early progress matters.',
    demo: {
      label: 'Nesterov inside Adam',
      expression: ROSENBROCK, start: [-1.5, 2], optimizers: ['adam', 'nadam'], convention: 'pytorch', steps: 3000,
      hyperparameters: { adam: { lr: 0.02 }, nadam: { lr: 0.02 } },
      look: 'Same η: Nadam’s path turns into the valley sooner.',
    },
  },
  {
    name: 'AdamW',
    optimizer: 'adamw',
    fixes: 'Weight decay inside Adam is divided by the adaptive denominator and so barely acts on large-gradient coordinates; AdamW subtracts ηλx directly (decoupled).',
    costs: 'One more knob λ, whose best value depends on η.',
    choose: 'Any Adam run that needs regularisation; the standard for transformers.',
    demo: {
      label: 'decoupled weight decay',
      expression: '(x - 2)^2 + (y - 2)^2', start: [0, 0], optimizers: ['adam', 'adamw'], convention: 'pytorch', steps: 1000,
      hyperparameters: { adam: { lr: 0.05, weightDecay: 0.5 }, adamw: { lr: 0.05, weightDecay: 0.5 } },
      look: 'Same λ = 0.5: Adam’s L2 term (added to the gradient) and AdamW’s decoupled shrink end at different points short of (2, 2).',
    },
  },
  {
    name: 'Lion',
    optimizer: 'lion',
    fixes: 'Memory and tuning: only the sign of an interpolated momentum is used, so every coordinate moves by exactly η per step and only one buffer is kept.',
    costs: 'Steps never shrink with the gradient: near the minimum it oscillates by ±η unless η decays; needs a 3–10× smaller η than Adam.',
    choose: 'Large models where optimizer memory matters, with a decaying schedule.',
    demo: {
      label: 'sign steps of fixed size',
      expression: BOWL, start: [1.5, 1], optimizers: ['adam', 'lion'], convention: 'keras', steps: 400,
      hyperparameters: { adam: { lr: 0.05 }, lion: { lr: 0.01 } },
      look: 'Lion moves diagonally (both signs alike) at a constant speed, then rattles at ±η around the minimum.',
    },
  },
];

/**
 * The run a demonstration starts, from the panel's current configuration. On a dataset run the
 * GD/SGD/minibatch rows keep the data and set the batch size instead of the noise; every other
 * demonstration replaces the objective (and drops the data).
 */
export function demoConfig(demo: GuideDemo, current: RunConfig): RunConfig {
  if (current.data && demo.batchSize !== undefined) {
    return {
      ...current,
      optimizers: demo.optimizers,
      convention: demo.convention,
      hyperparameters: { ...current.hyperparameters, ...demo.hyperparameters },
      data: { ...current.data, batchSize: demo.batchSize },
    };
  }
  const config: RunConfig = {
    expression: demo.expression,
    start: [...demo.start],
    optimizers: [...demo.optimizers],
    convention: demo.convention,
    steps: demo.steps,
    hyperparameters: JSON.parse(JSON.stringify(demo.hyperparameters)) as RunConfig['hyperparameters'],
    schedule: { kind: 'constant' },
  };
  if (demo.noise) config.noise = { ...demo.noise };
  return config;
}
