/**
 * The standalone HTML report: the panel's own webview bundle and stylesheet inlined next to the
 * PanelModel as JSON, so the file opens anywhere with no network and shows the very same view
 * (readonly: there is no host to re-run anything). The runs keep the records the panel would be
 * sent (thinned for the map and charts, src/core/records.ts), their series as base64 bytes (embedModelJson),
 * and the stability chart's data (λmax and η·λmax at those records, src/core/stability.ts) as JSON.
 */
import * as fs from 'fs';
import * as path from 'path';
import { embedExperiment } from '../core/experiment/embed';
import { embedModelJson, PanelModel } from '../core/protocol';
import { thinPanelModel } from '../core/records';
import { htmlShell, REPORT_CSP } from '../core/shell';
import { curvatureForRun, MeanLossSource, stabilityAlongSync } from '../core/stability';
import type { Io } from './options';
import { UsageError } from './options';

/** `data`: a dataset run's source (the Hessian of the mean loss); without it a dataset run's report has no stability numbers, only the reason. */
export function reportHtml(model: PanelModel, script: string, style: string, data?: MeanLossSource): string {
  const thinned = thinPanelModel(model);
  // the panel computes the chart from the records it sends (the thinned ones): so does the report
  const stability = stabilityAlongSync(thinned.runs, curvatureForRun(model.config, data));
  return htmlShell({
    title: `Optimizer Lab report: ${model.config.expression.slice(0, 80)}`,
    csp: REPORT_CSP,
    style: { inline: style },
    script: { inline: script },
    modelJson: embedModelJson(thinned),
    stabilityJson: JSON.stringify(stability),
  });
}

/**
 * `distDir` holds webview.js and webview.css (the CLI ships next to them in dist/). `experimentText`
 * (an experiment file's text) is embedded, so "Open Experiment" in VS Code reopens the report's runs.
 */
export function writeReport(file: string, model: PanelModel, io: Io, distDir: string, experimentText?: string, data?: MeanLossSource): void {
  let script: string;
  let style: string;
  try {
    script = io.readFile(path.join(distDir, 'webview.js'));
    style = io.readFile(path.join(distDir, 'webview.css'));
  } catch {
    throw new UsageError(`cannot write a report: the webview bundle is missing from ${distDir} (run npm run build)`);
  }
  if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new UsageError(`--report: folder ${path.dirname(file)} does not exist`);
  const html = reportHtml(model, script, style, data);
  io.writeFile(file, experimentText !== undefined ? embedExperiment(html, experimentText) : html);
}
