/**
 * Bounds that keep every input finite in time and memory. Expressions may come from any open file
 * (the hover), so nothing a person can type may stall the extension host.
 * Figures behind the numbers, measured on mathjs 15 (parser overflow near 300 nested parentheses; compile
 * and derivative overflow the stack on a 2,000-term flat sum; derivative text can explode).
 */
export const LIMITS = {
  /** Longest accepted source, in characters (checked before the parser runs). */
  maxSourceChars: 10_000,
  /** Deepest bracket nesting, checked by scanning the text before the parser runs. */
  maxBracketDepth: 100,
  /** Deepest parsed tree (a left-deep 1,000-term sum is 1,000 deep; the derivative overflows near 2,000). */
  maxTreeDepth: 500,
  /** Largest derivative tree (nodes) accepted as symbolic; larger falls back to a finite difference. */
  maxDerivativeNodes: 200_000,
  /** Estimated derivative work (nodes × depth of the input) above which no symbolic derivative is tried. */
  maxDerivativeWork: 4_000_000,
  /** Larger derivatives are evaluated symbolically but not shown as text (a hover cannot show 1 MB). */
  maxDisplayNodes: 10_000,
  /** Cap on all symbolic differentiation of one parseObjective call (first derivatives), in steps (StepBudget). */
  derivativeSteps: 60_000,
  /** Same for the lazily built Hessian. */
  hessianSteps: 250_000,
  /** Derivative trees larger than this (nodes) are shown as evaluated, without the clean-up pass and its value check. */
  maxPolishNodes: 2_000,
} as const;

/** A wall-clock deadline. `Date.now()` only: src/core has no Node or DOM timers. */
export class Deadline {
  private readonly end: number;
  constructor(ms: number) {
    this.end = Date.now() + ms; // a negative budget is already spent (tests use it)
  }
  expired(): boolean {
    return Date.now() > this.end;
  }
  remainingMs(): number {
    return Math.max(0, this.end - Date.now());
  }
}

/** What a bounded computation asks, step after step: must it stop now? */
export interface Budget {
  expired(): boolean;
}

/**
 * A budget of steps: every `expired()` call is one step (one node differentiated, 1,024 nodes
 * tidied). Unlike a Deadline it gives the same outcome on any machine and under any load, so a
 * formula's derivative is symbolic, or not, every time.
 */
export class StepBudget implements Budget {
  private steps = 0;
  constructor(private readonly limit: number) {}
  expired(): boolean {
    return ++this.steps > this.limit;
  }
}

/** Thrown inside a time-boxed computation when its deadline passes; caught by the code that set it. */
export class BudgetExceeded extends Error {
  constructor(what: string) {
    super(`${what} took too long`);
  }
}
