/**
 * Entry point of src/crm: build the adapter for a CRM by name. Name-keyed option types make
 * `createAdapter('hubspot', {...})` type-checked per CRM.
 */
import type { CrmAdapter, CrmKind } from './adapter.js';
import { LeadproofError } from '../errors.js';
import { createHubSpotAdapter, type HubSpotAdapterOptions } from './hubspot/adapter.js';
import { createSalesforceAdapter, type SalesforceAdapterOptions } from './salesforce/adapter.js';

export type { CoreFields, CrmAdapter, CrmKind, CrmRecord, DeleteResult, HistoryEntry, OwnerInfo, PropertyInfo } from './adapter.js';
export { RateBudget, RollingWindow, systemClock } from './budget.js';
export type { BudgetStats, Clock, ErrorClassifier, FailureClass, RateBudgetOptions, WindowLimit } from './budget.js';
export { createHubSpotAdapter, HUBSPOT_CORE_FIELDS } from './hubspot/adapter.js';
export type { HubSpotAdapterOptions } from './hubspot/adapter.js';
export { createHubSpotBudget } from './hubspot/client.js';
export type { HubSpotBudgetOptions } from './hubspot/client.js';
export { createSalesforceAdapter, SALESFORCE_CORE_FIELDS } from './salesforce/adapter.js';
export type { SalesforceAdapterOptions } from './salesforce/adapter.js';
export { createSalesforceBudget } from './salesforce/client.js';
export { salesforceSession, type SalesforceSession } from './salesforce/login.js';

/** Options per CRM kind. */
export interface AdapterOptionsMap {
  hubspot: HubSpotAdapterOptions;
  salesforce: SalesforceAdapterOptions;
}

export function createAdapter<K extends CrmKind>(kind: K, opts: AdapterOptionsMap[K]): CrmAdapter {
  switch (kind) {
    case 'hubspot':
      return createHubSpotAdapter(opts as HubSpotAdapterOptions);
    case 'salesforce':
      return createSalesforceAdapter(opts as SalesforceAdapterOptions);
    default:
      throw new LeadproofError('CRM_UNSUPPORTED', `CRM "${kind}" has no adapter in this build yet; use --crm hubspot (or the sandbox default).`);
  }
}
