/**
 * The watch itself: one read-only question to the CRM ("how many real records sit with these
 * owners, created between lookback and olderThan ago, and which are the oldest?") and the
 * threshold decision. Nothing here writes to the CRM.
 */
import type { CrmAdapter, ParkedRecord } from '../crm/adapter.js';
import { LeadproofError } from '../errors.js';
import type { WatchSettings } from './config.js';

export interface ParkedLead extends ParkedRecord {
  /** The owner as a person reads it, or "no owner". */
  owner: string;
}

export interface WatchResult {
  account: string;
  checkedAt: string;
  /** Parked real records: the CRM's count minus any test record that slipped through its filter. */
  count: number;
  limit: number;
  /** count > limit: someone should look. */
  alert: boolean;
  /** The oldest few, oldest first, test records removed. */
  oldest: ParkedLead[];
  /** Who counts as the default queue, as people read them. */
  watched: string[];
  unassigned: boolean;
  olderThan: string;
  lookback: string;
  /** Test records the CRM's query returned anyway (left out of count and list). */
  testRecordsIgnored: number;
}

/** The threshold: the limit is how many parked records are tolerated, so only more than that alerts. */
export function passesLimit(count: number, limit: number): boolean {
  return count > limit;
}

/** A test record by the identity flush uses: an email on the test domain. */
export function isTestEmail(email: string | null, testDomain: string): boolean {
  return !!email && email.trim().toLowerCase().endsWith(`@${testDomain.toLowerCase()}`);
}

export async function watchQueue(opts: {
  adapter: CrmAdapter;
  settings: WatchSettings;
  ownerIds: string[];
  labels: Map<string, string>;
  testDomain: string;
  now?: number;
}): Promise<WatchResult> {
  const { adapter, settings: s } = opts;
  if (!adapter.findParked) throw new LeadproofError('QUEUE_WATCH_UNSUPPORTED', `${adapter.account}: this CRM adapter cannot list parked records; queue-watch needs HubSpot or Salesforce.`);
  const now = opts.now ?? Date.now();
  const found = await adapter.findParked({
    ownerIds: opts.ownerIds,
    unassigned: s.unassigned,
    createdBefore: new Date(now - s.olderThanMs).toISOString(),
    createdAfter: new Date(now - s.lookbackMs).toISOString(),
    excludeEmailDomain: opts.testDomain,
    limit: s.show,
  });
  // The query already leaves test records out where the CRM can; this is the second lock.
  const real = found.oldest.filter((r) => !isTestEmail(r.email, opts.testDomain));
  const testRecordsIgnored = found.oldest.length - real.length;
  const count = Math.max(0, found.total - testRecordsIgnored);
  return {
    account: adapter.account,
    checkedAt: new Date(now).toISOString(),
    count,
    limit: s.limit,
    alert: passesLimit(count, s.limit),
    oldest: real.map((r) => ({ ...r, owner: r.ownerId ? (opts.labels.get(r.ownerId) ?? `owner ${r.ownerId}`) : 'no owner' })),
    watched: [...opts.labels.values(), ...(s.unassigned ? ['no owner'] : [])],
    unassigned: s.unassigned,
    olderThan: s.olderThan,
    lookback: s.lookback,
    testRecordsIgnored,
  };
}
