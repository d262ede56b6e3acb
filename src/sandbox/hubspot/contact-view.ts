import type { ChangeSource, PersonRecord } from '../engine/index.js';
import { DEFAULT_PROPERTIES, type PortalProperty } from './property-map.js';

/** How HubSpot names who made a change (`sourceType` in property history). */
const SOURCE_TYPE: Record<ChangeSource, string> = {
  FORM: 'FORM',
  WORKFLOW: 'AUTOMATION_PLATFORM',
  ANALYTICS: 'ANALYTICS',
  IMPORT: 'IMPORT',
  API: 'API',
};

export interface ReadOptions {
  properties?: string[];
  propertiesWithHistory?: string[];
}

/** Value of one portal property on a record (computed ones included). */
export function propertyValue(rec: PersonRecord, prop: PortalProperty, fields = rec.fields): string | null {
  switch (prop.name) {
    case 'createdate':
      return new Date(rec.createdAt).toISOString();
    case 'lastmodifieddate':
      return new Date(rec.updatedAt).toISOString();
    case 'hs_object_id':
      return rec.id;
    default:
      return prop.field ? (fields[prop.field] ?? null) : null;
  }
}

/** A record as a `SimplePublicObject`. Unknown property names are left out, like HubSpot does. */
export function toContact(rec: PersonRecord, catalogue: Map<string, PortalProperty>, opts: ReadOptions, fields = rec.fields): Record<string, unknown> {
  const names = opts.properties && opts.properties.length > 0 ? opts.properties : DEFAULT_PROPERTIES;
  const properties: Record<string, string | null> = {};
  for (const name of new Set([...names, 'createdate', 'hs_object_id', 'lastmodifieddate'])) {
    const prop = catalogue.get(name);
    if (prop) properties[name] = propertyValue(rec, prop, fields);
  }
  const out: Record<string, unknown> = {
    id: rec.id,
    properties,
    createdAt: new Date(rec.createdAt).toISOString(),
    updatedAt: new Date(rec.updatedAt).toISOString(),
    archived: false,
  };
  if (opts.propertiesWithHistory && opts.propertiesWithHistory.length > 0) {
    const hist: Record<string, unknown[]> = {};
    for (const name of opts.propertiesWithHistory) {
      const prop = catalogue.get(name);
      if (!prop) continue;
      if (!prop.field) {
        hist[name] = [{ value: propertyValue(rec, prop), timestamp: new Date(rec.createdAt).toISOString(), sourceType: 'CRM_UI' }];
        continue;
      }
      hist[name] = [...(rec.history[prop.field] ?? [])].reverse().map((h) => ({
        value: h.value ?? '',
        timestamp: new Date(h.at).toISOString(),
        sourceType: SOURCE_TYPE[h.source],
        ...(h.sourceId ? { sourceId: h.sourceId } : {}),
      }));
    }
    out.propertiesWithHistory = hist;
  }
  return out;
}

/** Query-string array parameters arrive repeated (`?properties=a&properties=b`) or comma-joined. */
export function listParam(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
