// Bundle entry of dist/panel.js: the commands that open the panel, the panel host and datasets,
// loaded on the first command or panel restore.
export { Commands } from '../commands';
export { OptimizerPanel } from '../panel';
