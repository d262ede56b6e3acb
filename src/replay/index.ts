/** Protocol replay for volume runs (`leadproof run --volume --replay`). */
export { ReplaySession, branchOf, type RunBrowser, type Via } from './session.js';
export { buildTemplate, type ReplayTemplate } from './template.js';
export { replayRequest, sendReplay } from './send.js';
