/**
 * Tiny DOM builder: the panel is built from elements, never from markup strings (CSP-friendly and
 * safe against any text that reaches it). `el('div', { class: 'x', on: { click } }, [children])`.
 */
type Child = Node | string | number | null | undefined | false;
type Listener = (ev: Event) => void;
export interface Attrs {
  class?: string;
  text?: string;
  on?: Record<string, Listener>;
  [name: string]: unknown;
}

/** Keys set as DOM properties (so `checked: false` unchecks) rather than attributes. */
const PROPS = new Set(['checked', 'disabled', 'hidden', 'value', 'selected', 'open', 'indeterminate']);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (key === 'class') node.className = String(v);
    else if (key === 'text') node.textContent = String(v);
    else if (key === 'on') for (const [type, fn] of Object.entries(v as Record<string, Listener>)) node.addEventListener(type, fn);
    else if (PROPS.has(key)) (node as unknown as Record<string, unknown>)[key] = v;
    else if (v === false) continue;
    else node.setAttribute(key, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Replaces a node's children. */
export function setChildren(node: Node, children: Child[]): void {
  clear(node);
  append(node, children);
}

let idCounter = 0;
/** A unique element id (labels point at inputs by id). */
export function uid(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}

export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): ((...a: A) => void) & { flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const run = (...a: A) => {
    last = a;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...(last as A));
    }, ms);
  };
  run.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    fn(...(last as A));
  };
  run.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return run;
}

/** Leading + trailing throttle: at most one call per `ms`, and the last call always lands. */
export function throttle<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let lastRun = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  return (...a: A) => {
    pending = a;
    const now = Date.now();
    if (timer !== undefined) return;
    const wait = Math.max(0, lastRun + ms - now);
    timer = setTimeout(() => {
      timer = undefined;
      lastRun = Date.now();
      const args = pending as A;
      pending = undefined;
      fn(...args);
    }, wait);
  };
}
