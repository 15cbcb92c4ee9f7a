/**
 * TeX → SVG for hovers. Hovers are Markdown and cannot run KaTeX, so — like LaTeX Workshop — we
 * typeset with MathJax's SVG output in the extension host and embed the result as a data: image.
 * MathJax (not KaTeX) because it produces self-contained SVG with no fonts to load.
 */
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';

import { useFasterMathJax } from './mathjaxSpeed';

type Doc = ReturnType<typeof mathjax.document>;
type Adaptor = ReturnType<typeof liteAdaptor>;
/** A MathJax document with its DOM adaptor: TeX in, SVG out. */
export interface Typesetter { doc: Doc; adaptor: Adaptor }
let typesetter: Typesetter | undefined;
/** The one DOM adaptor (MathJax picks a document's handler by its registration). */
let adaptor: Adaptor | undefined;

/** A new MathJax document for TeX → SVG (with the replacements in mathjaxSpeed.ts unless they were switched off). */
export function newTypesetter(): Typesetter {
  if (!adaptor) RegisterHTMLHandler((adaptor = liteAdaptor()));
  const doc = mathjax.document('', {
    InputJax: new TeX({ packages: ['base', 'ams'] }),
    OutputJax: new SVG({ fontCache: 'local' }),
  });
  return { doc, adaptor };
}

function document(): Typesetter {
  if (!typesetter) {
    useFasterMathJax(true);
    typesetter = newTypesetter();
  }
  return typesetter;
}

/** MathJax's SVG of TeX as it writes it (sizes in ex, colour currentColor), or undefined when the TeX is invalid. */
export function typeset(t: Typesetter, tex: string): string | undefined {
  const svg = t.adaptor.innerHTML(t.doc.convert(tex, { display: false, em: 16, ex: 8, containerWidth: 80 * 16 }));
  return /data-mjx-error|merror/.test(svg) ? undefined : svg;
}

/** Renders TeX to a standalone SVG string in the given CSS colour; undefined when TeX is invalid. */
export function texToSvg(tex: string, color: string, scale = 1.15): string | undefined {
  const svg = typeset(document(), tex);
  // Absolute sizes (the hover's <img> has no font context) and the theme's foreground colour.
  return svg
    ?.replace(/(width|height)="([\d.]+)ex"/g, (_m, k: string, v: string) => `${k}="${(Number(v) * 8 * scale).toFixed(2)}px"`)
    .replace(/currentColor/g, color);
}

/** MathJax's SVG units per em (its viewBox), and the space TeX puts after a relation (\\thickmuskip, 5/18 em). */
const UNITS_PER_EM = 1000;
const RELATION_SPACE = (5 / 18) * UNITS_PER_EM;

interface Box {
  /** viewBox: left, top (−height above the baseline), width, height + depth; the baseline is y = 0. */
  x: number;
  top: number;
  width: number;
  height: number;
  /** px per viewBox unit of the width attribute. */
  scale: number;
  /** Everything between the outer <svg …> and </svg>. */
  inner: string;
}

function box(svg: string): Box | undefined {
  const head = /^<svg[^>]*>/.exec(svg)?.[0];
  const vb = head && /viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/.exec(head);
  const width = head && /width="([\d.]+)px"/.exec(head);
  if (!head || !vb || !width || !svg.endsWith('</svg>')) return undefined;
  const [x, top, w, h] = vb.slice(1).map(Number);
  return { x, top, width: w, height: h, scale: Number(width[1]) / w, inner: svg.slice(head.length, -'</svg>'.length) };
}

/** Left-hand sides typeset once per colour: `\\frac{\\partial f}{\\partial x}` is a third of a ∂f line's work. */
const sides = new Map<string, Box | null>();
/** Left sides kept (variables × theme colours in use; the oldest is dropped past it). */
const SIDES_KEPT = 64;

/**
 * `lhs = rhs` as one SVG, the same picture as texToSvg(`lhs = rhs`): the left side and its `=`
 * (typeset once and kept), then the right side typeset alone and set after it at TeX's relation
 * spacing, on the same baseline. Undefined when either side is invalid TeX.
 */
export function equationToSvg(lhs: string, rhs: string, color: string, scale = 1.15): string | undefined {
  const key = `${color}\u0000${scale}\u0000${lhs}`;
  let left = sides.get(key);
  if (left === undefined) {
    const svg = texToSvg(`${lhs} =`, color, scale);
    if (sides.size >= SIDES_KEPT) sides.delete(sides.keys().next().value as string);
    sides.set(key, (left = (svg ? box(svg) : undefined) ?? null));
  }
  const svg = texToSvg(rhs, color, scale);
  const right = svg ? box(svg) : undefined;
  if (!left || !right) return undefined;
  const shift = left.x + left.width + RELATION_SPACE - right.x;
  const top = Math.min(left.top, right.top);
  const bottom = Math.max(left.top + left.height, right.top + right.height);
  const width = shift + right.x + right.width - left.x;
  const px = (units: number): string => (units * left.scale).toFixed(2);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${px(width)}px" height="${px(bottom - top)}px" ` +
    `role="img" focusable="false" viewBox="${left.x} ${top} ${width} ${bottom - top}">${left.inner}<g transform="translate(${shift},0)">${right.inner}</g></svg>`;
}

export function svgDataUri(svg: string): string {
  // btoa and TextEncoder: in both the Node and the web worker extension hosts (no Buffer on the web).
  // MathJax's SVG is ASCII (glyphs are paths, characters are named by hex codes), and btoa takes
  // it as it is: about 100× cheaper than building the UTF-8 bytes as a string first (~1 ms a line).
  if (/^[\x00-\x7f]*$/.test(svg)) return `data:image/svg+xml;base64,${btoa(svg)}`;
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
