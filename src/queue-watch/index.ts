/** queue-watch: real leads parked with the fallback owner / default queue, counted read-only. */
export { queueWatchSchema, toSettings, parseWatchDuration, type QueueWatchConfig, type QueueWatchInput, type WatchSettings } from './config.js';
export { resolveWatchedOwners, type ResolvedOwners } from './resolve.js';
export { watchQueue, passesLimit, isTestEmail, type WatchResult, type ParkedLead } from './watch.js';
export { queueAlert, summaryLines, oldestLines, type QueueAlert } from './alert.js';
