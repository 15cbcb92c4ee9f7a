// Bundle entry of dist/engine.js: the expression engine (mathjs), loaded on first use. The other
// lazily loaded bundles import src/core/expr from here at run time instead of bundling a copy.
export * from '../../core/expr';
export * from '../../core/expr/print';
