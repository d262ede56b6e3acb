/** Maps the logical names scenarios use to the native names of the CRM in use. */
import type { CoreFields, CrmKind } from '../crm/adapter.js';
import type { ProjectConfig } from '../scenario/types.js';

export interface FieldResolver {
  /** Native field name for a logical or native name. */
  field(name: string): string;
  /** Native lifecycle value for a logical stage. */
  stage(name: string): string;
  /** The logical stage names of lifecycleMap (for "did you mean"). */
  stages?: string[];
  /**
   * The CRM's lifecycle values in its own order (HubSpot's option displayOrder, the Lead Status
   * picklist order), so "never MQL" can forbid every later stage too. Filled by preflight from
   * the lifecycle field's options; unset when the field is free text.
   */
  stageOrder?: string[];
  core: CoreFields;
}

export function fieldResolver(config: ProjectConfig, crm: CrmKind, core: CoreFields): FieldResolver {
  return {
    field: (name) => config.fieldMap?.[name]?.[crm] ?? name,
    stage: (name) => config.lifecycleMap?.[name]?.[crm] ?? name,
    stages: Object.keys(config.lifecycleMap ?? {}),
    core,
  };
}
