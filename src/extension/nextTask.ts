/**
 * Lets other work in: resolves in a later task of the event loop (setImmediate in Node's extension
 * host; the web worker extension host has no setImmediate, so setTimeout 0 there).
 */
export const nextTask = (): Promise<void> =>
  new Promise(resolve => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
