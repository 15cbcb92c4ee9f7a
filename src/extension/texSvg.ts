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

type Doc = ReturnType<typeof mathjax.document>;
let doc: Doc | undefined;
let adaptor: ReturnType<typeof liteAdaptor> | undefined;

function document(): { doc: Doc; adaptor: ReturnType<typeof liteAdaptor> } {
  if (!doc || !adaptor) {
    adaptor = liteAdaptor();
    RegisterHTMLHandler(adaptor);
    const packages = ['base', 'ams'];
    doc = mathjax.document('', {
      InputJax: new TeX({ packages }),
      OutputJax: new SVG({ fontCache: 'local' }),
    });
  }
  return { doc, adaptor };
}

/** Renders TeX to a standalone SVG string in the given CSS colour; undefined when TeX is invalid. */
export function texToSvg(tex: string, color: string, scale = 1.15): string | undefined {
  const { doc: d, adaptor: a } = document();
  const node = d.convert(tex, { display: false, em: 16, ex: 8, containerWidth: 80 * 16 });
  let svg = a.innerHTML(node);
  if (/data-mjx-error|merror/.test(svg)) return undefined;
  // Absolute sizes (the hover's <img> has no font context) and the theme's foreground colour.
  svg = svg.replace(/(width|height)="([\d.]+)ex"/g, (_m, k: string, v: string) => `${k}="${(Number(v) * 8 * scale).toFixed(2)}px"`);
  svg = svg.replace(/currentColor/g, color);
  return svg;
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
