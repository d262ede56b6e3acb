/** The routing document: per branch its conditions, owner, SLA, fallback, deciding rule and last proof, as Markdown. */
export { writeRoutingDoc, type DocsOptions } from './write.js';
export { buildRoutingDoc, type RoutingDoc, type BranchDoc } from './model.js';
export { renderRoutingMarkdown } from './markdown.js';
