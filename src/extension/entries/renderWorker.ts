// Bundle entry of dist/hover-render-worker.js: the Node extension host's render worker thread
// (renderHost.ts starts it). It loads dist/hover-render.js (MathJax) through the extension's
// bundle loader and its code cache, says whether that worked, typesets a warm-up line, then one
// equation per message.
import { parentPort, workerData } from 'worker_threads';
import { bundleLoader } from '../bundleLoader';
import { equationUri, RenderModule, RenderReply, RenderRequest, RenderWorkerData } from '../mathRenderer';

/** A ∂f line with the constructs hovers show most: fraction, powers, a parenthesised sum, a root, a function. */
const WARM_UP = ['\\frac{\\partial f}{\\partial x}', '2 (x-1)-400 x\\cdot(y-x^{2})+\\frac{\\sqrt{x}}{2} \\exp(-x)'] as const;

const port = parentPort;
if (port) {
  const data = workerData as RenderWorkerData;
  const reply = (r: RenderReply) => port.postMessage(r);
  let render: RenderModule | undefined;
  try {
    const load = bundleLoader({ extensionPath: data.extensionPath, globalStorageUri: data.storage ? { fsPath: data.storage } : undefined }, {
      onLoad: (file, cache, ms) => reply({ loaded: file, cache, ms }),
      onCacheWritten: file => reply({ cacheWritten: file }),
    });
    render = load('hover-render.js') as RenderModule;
  } catch (e) {
    reply({ failed: e instanceof Error ? e.message : String(e) });
  }
  if (render) {
    const r = render;
    port.on('message', (m: RenderRequest) => reply({ id: m.id, uri: equationUri(r, m.lhs, m.rhs, m.color) }));
    reply({ ready: true });
    // One typical line before the first request is read: the first typesets run MathJax's code for
    // the first time (~50 ms for this line alone), and the worker usually starts before a hover.
    equationUri(r, WARM_UP[0], WARM_UP[1], '#000000');
  }
}
