/**
 * The HTML report carries its experiment: the file's text in a
 * `<script type="application/json" id="optimizer-lab-experiment">` element, which the browser
 * ignores and "Optimizer Lab: Open Experiment" reads back from the report (so a report can be
 * opened again in VS Code). `<` is written `\u003c` so the text cannot close the element; it is
 * still the same JSON.
 */
export const EXPERIMENT_ELEMENT_ID = 'optimizer-lab-experiment';

const OPEN = `<script type="application/json" id="${EXPERIMENT_ELEMENT_ID}">`;

/** `html` with the experiment's text embedded before `</body>`. */
export function embedExperiment(html: string, experimentText: string): string {
  const element = `${OPEN}${experimentText.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}</script>\n`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + element : html.slice(0, at) + element + html.slice(at);
}

/** The experiment text embedded in a report, or undefined when there is none. */
export function experimentFromReport(html: string): string | undefined {
  const start = html.indexOf(OPEN);
  if (start < 0) return undefined;
  const end = html.indexOf('</script>', start + OPEN.length);
  return end < 0 ? undefined : html.slice(start + OPEN.length, end);
}
