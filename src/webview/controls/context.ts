/** What every section builder gets from the controls: the current model and draft, and how to edit. */
import type { PanelModel, RunConfig } from '../../core/protocol';
import type { FieldSet } from './fields';

export interface SectionContext {
  /** The host's latest model. */
  readonly model: PanelModel;
  /** The draft being edited (read it in getters: a new model may replace it). */
  readonly draft: RunConfig;
  /** Colour of each optimizer's swatch. */
  readonly colours: ReadonlyMap<string, string>;
  /** The fields of this render. */
  readonly fields: FieldSet;
  /** Remembered across renders: the last whole batch size and the last seed count. */
  readonly memory: { lastBatch: number; lastSeeds: number };
  /** Changes the draft and posts it after the debounce; `structural` re-renders the sections. */
  edit(fn: (c: RunConfig) => void, structural?: boolean): void;
  /** Posts a new start point after the debounce (the host re-runs from it). */
  postStart(start: number[]): void;
}
