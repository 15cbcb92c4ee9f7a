/** Experiments as standalone PyTorch, Keras 3 and optax scripts (see script.ts). */
export { exportScript, optimizerCall, type ExportInput } from './script';
export { FRAMEWORKS, type Framework } from './frameworks';
