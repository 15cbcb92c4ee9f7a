/**
 * The webview's handle on its host. Inside VS Code `acquireVsCodeApi()` exists (and may be called
 * once); in the CLI's HTML report it does not, and the panel runs read-only: posting is a no-op and
 * state lives in memory.
 */
import type { WebviewMessage } from '../core/protocol';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export interface PanelApi {
  /** True inside VS Code (a host is listening). */
  readonly hosted: boolean;
  post(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function connect(): PanelApi {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeWebviewApi }).acquireVsCodeApi;
  if (typeof acquire === 'function') {
    const api = acquire();
    return {
      hosted: true,
      post: m => api.postMessage(m),
      getState: () => api.getState(),
      setState: s => api.setState(s),
    };
  }
  let memory: unknown;
  return {
    hosted: false,
    post: () => undefined,
    getState: () => memory,
    setState: s => {
      memory = s;
    },
  };
}
