/**
 * An experiment's view in the panel. The file's `view.bounds` is the map's zoom: opening the file
 * sets the panel's zoom to it (or clears a zoom the panel had, when the file has none), and "Save"
 * writes the zoom the panel shows, so a file opened and saved unchanged is byte-identical and a
 * zoom saved is the zoom the file opens with. The map's axes (`view.mapVariables`, `sliceMode`,
 * `fixedValues`) travel in the RunConfig itself.
 */
import type { ViewState } from '../protocol';

export type MapBounds = { x: [number, number]; y: [number, number] };

/**
 * The playback view of a panel that has not shown anything yet: the first step, playing, at the
 * animation speed of the settings, log loss, no smoothing, the surface's own bounds (as the
 * webview's first view).
 */
export function initialViewState(animationSpeed: number): ViewState {
  return { position: 0, playing: true, speed: animationSpeed, lossScale: 'log', smoothing: 0 };
}

/**
 * The view a panel shows when it opens an experiment: playing from the first step, as a new panel
 * does, with the file's bounds as the zoom. A panel already open keeps the person's display choices
 * (speed, loss scale, smoothing). `current` is undefined for a panel that has no view yet; then
 * the initial view, or undefined when the file has no bounds either (the webview's own first view
 * applies).
 */
export function openingView(current: ViewState | undefined, bounds: MapBounds | undefined, animationSpeed: number): ViewState | undefined {
  if (!bounds && !current) return undefined;
  const view: ViewState = { ...(current ?? initialViewState(animationSpeed)), position: 0, playing: true };
  delete view.zoom;
  return bounds ? { ...view, zoom: { x: [bounds.x[0], bounds.x[1]], y: [bounds.y[0], bounds.y[1]] } } : view;
}

/**
 * The bounds "Save" writes: the zoom the panel's view has (none after the map was reset), or,
 * before the panel has a view, the bounds the file was opened with.
 */
export function boundsToSave(view: ViewState | undefined, opened: MapBounds | undefined): MapBounds | undefined {
  return view ? view.zoom : opened;
}
