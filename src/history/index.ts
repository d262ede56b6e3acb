/** The history stage's public surface: what the `history` command calls. */
export { writeHistory, type HistoryOptions, type HistoryResult } from './write.js';
export { parseSince } from './options.js';
export { HISTORY_SCHEMA, type History } from './model.js';
export { collectRuns, readReport, type LoadedRun } from './collect.js';
export { scenarioFolders } from './aggregate.js';
