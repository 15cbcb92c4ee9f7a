/**
 * Loads a heavy module (a separate bundle: the expression engine, the hover's math renderer, the
 * formula detection, the panel) on first use instead of at activation.
 *
 * - The load runs at most once: every caller, concurrent or later, shares one promise.
 * - A failed load (e.g. a bundle missing from a broken install) is reported once through
 *   `onError` and stays failed: later callers get the same rejection without a new attempt or a
 *   new message, and the rest of the extension keeps working.
 *
 * No `vscode` import here, so the unit tests run it in plain Node.
 */
export class LazyModule<T> {
  private promise: Promise<T> | undefined;
  private value: T | undefined;
  private state: 'idle' | 'loading' | 'loaded' | 'failed' = 'idle';

  /**
   * @param name what the module is, for messages ("expression engine").
   * @param load loads it: typically `() => require(absolutePathOfBundle)`; may throw or reject.
   * @param onError told once, on the first failure.
   */
  constructor(
    readonly name: string,
    private readonly load: () => T | Promise<T>,
    private readonly onError: (name: string, error: unknown) => void,
  ) {}

  /** The module, loading it on the first call. Rejects (always with the first error) when the load failed. */
  get(): Promise<T> {
    if (!this.promise) {
      this.state = 'loading';
      this.promise = (async () => this.load())().then(
        v => {
          this.value = v;
          this.state = 'loaded';
          return v;
        },
        (e: unknown) => {
          this.state = 'failed';
          this.onError(this.name, e);
          throw e;
        },
      );
      // The failure is reported through onError; callers that ignore the rejection must not
      // produce an "unhandled rejection" on top.
      this.promise.catch(() => undefined);
    }
    return this.promise;
  }

  /** The module when it has already loaded, without triggering a load. */
  peek(): T | undefined {
    return this.value;
  }

  get loaded(): boolean {
    return this.state === 'loaded';
  }

  get failed(): boolean {
    return this.state === 'failed';
  }
}

/** Message for a module that could not be loaded: what failed, why, and what to do. */
export function loadFailureMessage(name: string, error: unknown): string {
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `Optimizer Lab could not load its ${name} (${why}). The installation looks incomplete: reinstall the extension. The rest of Optimizer Lab keeps working.`;
}
