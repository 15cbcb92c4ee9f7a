import './main.css';
// Placeholder view until the panel (issue 5) lands: proves the bundle loads under the CSP.
import { WebviewMessage } from '../core/protocol';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void };
const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const app = document.getElementById('app');
if (app) {
  const h = document.createElement('h1');
  h.id = 'placeholder';
  h.textContent = 'Optimizer Lab';
  app.append(h);
}
api?.postMessage({ type: 'ready' });
