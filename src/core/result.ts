/**
 * Errors a person can fix (a bad expression, hyperparameter, CSV row) are values, not exceptions.
 * `position` is a 0-based character offset into the text the person wrote, when one applies.
 */
export interface UserError {
  message: string;
  position?: number;
  /** For data files: 1-based line and column. */
  line?: number;
  column?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(message: string, where?: Omit<UserError, 'message'>): Result<T> => ({
  ok: false,
  error: { message, ...where },
});
