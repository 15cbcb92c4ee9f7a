/** Playback icons as inline SVG built with the DOM (no icon font, no markup strings). */
const NS = 'http://www.w3.org/2000/svg';

export type IconName = 'restart' | 'back' | 'play' | 'pause' | 'forward' | 'end';

const SHAPES: Record<IconName, string[]> = {
  restart: ['M3 3h2v10H3z', 'M13 3v10L6 8z'],
  back: ['M11 3v10L4 8z', 'M12 3h2v10h-2z'],
  play: ['M4 2.5v11L13.5 8z'],
  pause: ['M4 3h3v10H4z', 'M9 3h3v10H9z'],
  forward: ['M2 3h2v10H2z', 'M5 3v10l7-5z'],
  end: ['M3 3v10l7-5z', 'M11 3h2v10h-2z'],
};

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'ol-icon');
  setIcon(svg, name);
  return svg;
}

export function setIcon(svg: SVGSVGElement, name: IconName): void {
  if (svg.dataset.icon === name) return;
  svg.dataset.icon = name;
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  for (const d of SHAPES[name]) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    p.setAttribute('fill', 'currentColor');
    svg.appendChild(p);
  }
}
