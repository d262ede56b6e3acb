/**
 * The sandbox CRM engine: CRM-neutral behaviour behind both the HubSpot portal view
 * (src/sandbox/hubspot) and the Salesforce org view (src/sandbox/salesforce).
 *
 * For the Salesforce view:
 *   const engine = createCrmEngine(stack, { flavor: 'salesforce' });   // startSandbox does this
 *   engine.submit({ formId: 'demo-request', fields: { email, firstName, ... } })  // Web-to-Lead
 *   engine.get(id) / engine.list() / engine.byEmail(email) / engine.archive(id)
 *   engine.on('created' | 'updated' | 'routed' | 'stage', (record, ...) => ...)
 *
 * One engine per CRM: same stack file, separate records, ids, round-robin cursors and timers.
 * Ids are numeric strings (HubSpot from 1001, Salesforce from 5001); a view turns them into its
 * own format (e.g. 00Q... lead ids).
 *
 * Canonical field names on `record.fields` (map them to your CRM's names):
 *   email, firstName, lastName, company, website, country (ISO alpha-2), employees, title, phone,
 *   consent ('true'|'false'), utm_source, utm_medium, utm_campaign, utm_term, utm_content,
 *   source, sourceData1, sourceData2, latestSource, latestSourceData1, latestSourceData2
 *   (HubSpot analytics source values, see attribution.ts),
 *   lifecycle (HubSpot internal stage values: lead, marketingqualifiedlead, ...),
 *   owner (stack owner id like "101", or "queue:<name>" — queues only on the salesforce flavor).
 *
 * `record.history[field]` lists every change oldest first with `{ value, at, source, sourceId }`:
 * source FORM (sourceId = form id), WORKFLOW (sourceId = the routing or lifecycle workflow's numeric id,
 * see routing.ts and lifecycle rules),
 * ANALYTICS, IMPORT (seeded data). Workflows fire on unref'd timers that `stop()` clears.
 * Records flagged `seeded` are pre-existing CRM data, never test records.
 */
import { CrmEngine, type CrmFlavor } from './engine.js';
import type { Stack } from './stack-schema.js';

export { CrmEngine, type CrmFlavor, type Submission, type SubmitResult, type EngineEvent } from './engine.js';
export { loadStack, parseStack, type LoadedStack } from './load-stack.js';
export type { Stack, StackOwner, StackForm, RoutingRule } from './stack-schema.js';
export type { PersonRecord, FieldChange, ChangeSource } from './store.js';
export { attribute, type AnalyticsSource, type Attribution } from './attribution.js';
export { stackAutomations, type StackAutomation } from './automations.js';
export { territoryOf, segmentOf, normalizeDomain, type OwnerRef, type RoutingDecision } from './routing.js';

export function createCrmEngine(stack: Stack, opts: { flavor: CrmFlavor; now?: () => number }): CrmEngine {
  return new CrmEngine(stack, opts.flavor, opts.now);
}
