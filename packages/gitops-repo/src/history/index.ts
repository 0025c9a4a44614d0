export { readHistory, kindOfTitle } from './readHistory';
export type { HistoryEntry, ReadHistoryOptions } from './readHistory';
export { historyPaths } from './historyPaths';
export type { HistorySubject } from './historyPaths';
export { pinnedSince } from './pinnedSince';
export type { PinnedSince, PinnedSubject } from './pinnedSince';
