export { BASELINE_KIND, type SourceBaseline } from './model.js';
export { establishBaseline, type BaselineOptions } from './establish.js';
export { summaryLines } from './summary.js';
