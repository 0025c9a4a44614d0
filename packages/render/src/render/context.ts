import type { FileTree, Fleet } from '@platter/model';

/** What a renderer reads: the model, and the files as they are (to write onto). */
export interface RenderContext {
  readonly fleet: Fleet;
  readonly previous: FileTree;
}

/** Desired content per path; `null` deletes the file. */
export type RenderedFiles = Map<string, string | null>;
