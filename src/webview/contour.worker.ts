/**
 * The contour Web Worker (bundled to a string by scripts/build.mjs and started from a Blob URL by
 * contourWorker.ts): receives grid samples, answers with the field and its isolines.
 * Request `{ id, samples }` → response `{ id, result }`, typed arrays transferred both ways.
 */
import { computeContour, transferables, type ContourResult, type Samples } from './contourField';

export interface ContourRequest {
  id: number;
  samples: Samples;
}
export interface ContourResponse {
  id: number;
  result: ContourResult;
}

/** The worker's global scope, typed through the DOM lib's shapes (the webview compiles without the WebWorker lib). */
interface WorkerScope {
  addEventListener(type: 'message', fn: (e: MessageEvent<ContourRequest>) => void): void;
  postMessage(message: ContourResponse, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
scope.addEventListener('message', e => {
  const { id, samples } = e.data;
  let result: ContourResult;
  try {
    result = computeContour(samples);
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err), computeMs: 0 };
  }
  scope.postMessage({ id, result }, transferables(result));
});
