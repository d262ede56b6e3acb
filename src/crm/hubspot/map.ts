/** HubSpot SDK objects → the CRM-agnostic shapes of src/crm/adapter.ts. */
import type { ChangeAuthor, CrmRecord, HistoryEntry, OwnerInfo, PropertyInfo } from '../adapter.js';

/** The SDK deserialises timestamps to Date; be tolerant of strings too. */
export function toIso(value: Date | string | undefined | null): string {
  if (value === undefined || value === null) return '';
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

interface SdkHistoryEntry {
  value: string;
  timestamp: Date | string;
  sourceType: string;
  sourceId?: string;
  sourceLabel?: string;
  updatedByUserId?: number;
}

/**
 * HubSpot's `sourceType` values (property history) by what they mean to a reader. AUTOMATION_PLATFORM
 * is a workflow (sourceId = its id); CRM_UI a person in HubSpot (updatedByUserId); FORM a form
 * submission (sourceId = form guid); INTEGRATION/API an app or private-app token.
 */
const HUBSPOT_SOURCE_KIND: Record<string, ChangeAuthor['kind']> = {
  AUTOMATION_PLATFORM: 'workflow',
  WORKFLOWS: 'workflow',
  FORM: 'form',
  CRM_UI: 'user',
  MOBILE_IOS: 'user',
  MOBILE_ANDROID: 'user',
  INTEGRATION: 'integration',
  API: 'integration',
  IMPORT: 'import',
};

function changeAuthor(h: SdkHistoryEntry): ChangeAuthor | undefined {
  if (!h.sourceType) return undefined;
  const kind = HUBSPOT_SOURCE_KIND[h.sourceType] ?? 'system';
  const id = kind === 'user' && h.updatedByUserId !== undefined ? String(h.updatedByUserId) : h.sourceId;
  return { kind, ...(id ? { id } : {}), ...(h.sourceLabel ? { name: h.sourceLabel } : {}) };
}

/** HubSpot lists history newest first; the contract wants oldest first. */
export function toHistory(entries: SdkHistoryEntry[] | undefined): HistoryEntry[] {
  const list = [...(entries ?? [])].reverse().map((h) => ({
    value: h.value ?? null,
    timestamp: toIso(h.timestamp),
    source: h.sourceType ? (h.sourceId ? `${h.sourceType}:${h.sourceId}` : h.sourceType) : undefined,
    by: changeAuthor(h),
  }));
  // Stable sort: entries with equal timestamps keep HubSpot's (reversed) order.
  return list.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

interface SdkObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, SdkHistoryEntry[]>;
  createdAt: Date | string;
  updatedAt?: Date | string;
}

export function toRecord(o: SdkObject, email: string, properties: string[], historyOf: string[]): CrmRecord {
  const props: Record<string, string | null> = {};
  for (const name of properties) props[name] = o.properties?.[name] ?? null;
  const history: Record<string, HistoryEntry[]> = {};
  for (const name of historyOf) history[name] = toHistory(o.propertiesWithHistory?.[name]);
  return {
    id: String(o.id),
    email,
    properties: props,
    history,
    createdAt: toIso(o.createdAt),
    updatedAt: o.updatedAt ? toIso(o.updatedAt) : undefined,
  };
}

interface SdkOwner {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  type?: string;
  archived?: boolean;
  teams?: { name: string; primary?: boolean }[];
}

export function toOwner(o: SdkOwner): OwnerInfo {
  const name = [o.firstName, o.lastName].filter(Boolean).join(' ').trim();
  // Primary team first: reports name an owner's team by it.
  const teams = [...(o.teams ?? [])].sort((a, b) => Number(!!b.primary) - Number(!!a.primary)).map((t) => t.name);
  return {
    id: String(o.id),
    kind: o.type === 'QUEUE' ? 'queue' : 'user',
    name: name || o.email || `owner ${o.id}`,
    email: o.email || undefined,
    teams,
    active: !o.archived,
  };
}

interface SdkProperty {
  name: string;
  label: string;
  type: string;
  options?: { value: string; displayOrder?: number }[];
}

export function toProperty(p: SdkProperty): PropertyInfo {
  // Options in the portal's own order (the lifecycle stage order verdicts rely on): lowest
  // displayOrder first, -1 ("unordered") after the ordered ones, ties as listed.
  const rank = (o: { displayOrder?: number }) => (o.displayOrder === undefined || o.displayOrder < 0 ? Infinity : o.displayOrder);
  const options = [...(p.options ?? [])].sort((a, b) => rank(a) - rank(b)).map((o) => o.value);
  return { name: p.name, label: p.label, type: p.type, ...(options.length > 0 ? { options } : {}) };
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Lower-cased, de-duplicated emails: HubSpot stores and matches emails case-insensitively. */
export function uniqueEmails(emails: string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
}
