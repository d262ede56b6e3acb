/** leadproof's public API: the helpers and types a scenario author needs, the adapter interface, the errors. */
export { defineConfig, defineScenario } from './scenario/types.js';
export type * from './scenario/types.js';
export type { JourneyStep, JourneyVisit } from './journey/index.js';
export type { CoreFields, CrmAdapter, CrmKind, CrmRecord, DeleteResult, HistoryEntry, OwnerInfo, PropertyInfo } from './crm/adapter.js';
export type { RunReport, LeadResult, CheckResult } from './report/model.js';
export { ConfigError, CrmAuthError, CrmRequestError, LeadproofError, SafetyError } from './errors.js';
