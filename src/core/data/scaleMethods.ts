/** The rescalings a dataset run offers (kept apart from scale.ts so the webview contract can name them without the loss code). */
export type ScaleMethod = 'none' | 'minmax' | 'minmax-symmetric' | 'standard';
export const SCALE_METHODS: readonly ScaleMethod[] = ['none', 'minmax', 'minmax-symmetric', 'standard'];
