// Bundle entry of dist/detect.js: finding the formula under the cursor in its host language
// (tree-sitter grammars, TeX), loaded on the first hover. Its .wasm files are copied into dist/
// by scripts/build.mjs and read through the extension's AssetLoader.
export { detectFormula } from '../../core/hover';
export { HOVER_WARM_UP_FORMULAS } from '../../core/hover/warmUp';
