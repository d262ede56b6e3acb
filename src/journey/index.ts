export type { JourneyStep, JourneyVisit, PlannedTouch, TouchUtm } from './types.js';
export { journeySchema, MAX_WAIT_MS } from './schema.js';
export { journeyWaitMs, planTouches, visitUrl } from './plan.js';
