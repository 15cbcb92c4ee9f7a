/** Identifiers shared by the activation bundle and the lazily loaded ones (package.json uses the same). */

/** The panel's webview type (onWebviewPanel activation event, serializer). */
export const PANEL_VIEW_TYPE = 'optimizerLab.panel';
/** The Gradient view in the Explorer. */
export const GRADIENT_VIEW_ID = 'optimizerLab.gradient';

/**
 * Language ids in which hovering a formula shows its gradient, unless `optimizerLab.hover.languages`
 * says otherwise. package.json repeats them as the setting's default and as one `onLanguage:`
 * activation event each (a unit test keeps the three lists equal).
 */
export const DEFAULT_HOVER_LANGUAGES = [
  'markdown', 'plaintext', 'python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact',
  'julia', 'r', 'latex', 'tex', 'matlab', 'octave', 'c', 'cpp', 'rust', 'go',
];
