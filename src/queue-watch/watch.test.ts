import { describe, expect, it } from 'vitest';
import type { CrmAdapter, OwnerInfo, ParkedQuery, ParkedResult } from '../crm/adapter.js';
import { queueAlert, summaryLines } from './alert.js';
import { parseWatchDuration, queueWatchSchema, toSettings } from './config.js';
import { resolveWatchedOwners } from './resolve.js';
import { passesLimit, watchQueue } from './watch.js';

const NOW = Date.parse('2026-11-23T20:00:00Z');
const settings = toSettings(queueWatchSchema.parse({ owners: ['noah@acme.example'], olderThan: '30m', lookback: '7d', limit: 2, show: 2 }));

function stubAdapter(result: ParkedResult, seen: ParkedQuery[] = []): CrmAdapter {
  return { account: 'CRM account 1', findParked: async (q: ParkedQuery) => (seen.push(q), result) } as unknown as CrmAdapter;
}
const rec = (id: string, minutesAgo: number, email: string | null) => ({ id, createdAt: new Date(NOW - minutesAgo * 60_000).toISOString(), source: 'PAID_SEARCH', ownerId: '112', email });
const labels = new Map([['112', 'Noah Fischer <noah@acme.example>']]);

describe('threshold', () => {
  it('the limit is tolerated; only more than it alerts', () => {
    expect(passesLimit(0, 0)).toBe(false);
    expect(passesLimit(1, 0)).toBe(true);
    expect(passesLimit(5, 5)).toBe(false);
    expect(passesLimit(6, 5)).toBe(true);
  });
});

describe('watchQueue', () => {
  it('asks for records created between lookback and olderThan ago, excluding the test domain, and decides on the count', async () => {
    const seen: ParkedQuery[] = [];
    const r = await watchQueue({ adapter: stubAdapter({ total: 3, oldest: [rec('1', 240, 'a@x.example'), rec('2', 200, null)] }, seen), settings, ownerIds: ['112'], labels, testDomain: 'leadproof.test', now: NOW });
    expect(seen[0]).toEqual({ ownerIds: ['112'], unassigned: false, createdBefore: '2026-11-23T19:30:00.000Z', createdAfter: '2026-11-16T20:00:00.000Z', excludeEmailDomain: 'leadproof.test', limit: 2 });
    expect(r).toMatchObject({ count: 3, limit: 2, alert: true, testRecordsIgnored: 0 });
    expect(r.oldest.map((o) => o.owner)).toEqual(['Noah Fischer <noah@acme.example>', 'Noah Fischer <noah@acme.example>']);
  });

  it('drops a test record the CRM let through, from the list and from the count', async () => {
    const r = await watchQueue({ adapter: stubAdapter({ total: 3, oldest: [rec('1', 240, 'lp.r1.1.greta@LeadProof.test'), rec('2', 200, 'b@x.example')] }), settings, ownerIds: ['112'], labels, testDomain: 'leadproof.test', now: NOW });
    expect(r.oldest.map((o) => o.id)).toEqual(['2']);
    expect(r).toMatchObject({ count: 2, alert: false, testRecordsIgnored: 1 });
  });
});

describe('queueAlert and the console', () => {
  it('names the count, the limit, the oldest (id, created, source) and how many more', async () => {
    const r = await watchQueue({ adapter: stubAdapter({ total: 12, oldest: [rec('1301', 240, 'a@x.example'), rec('1302', 222, 'b@x.example')] }), settings, ownerIds: ['112'], labels, testDomain: 'leadproof.test', now: NOW });
    const a = queueAlert(r);
    expect(a.kind).toBe('queue-accumulation');
    expect(a.title).toMatch(/12 real leads parked .* over 30m \(limit 2\) — CRM account 1/);
    expect(a.lines[0]).toBe('1301 — created 2026-11-23 16:00:00 UTC (4 h 00 m ago) — source PAID_SEARCH — Noah Fischer <noah@acme.example>');
    expect(a.lines).toContain('… and 10 more');
    expect(a.details).toMatchObject({ count: 12, limit: 2, oldest: [{ id: '1301' }, { id: '1302' }] });
    expect(summaryLines(r)[1]).toMatch(/^ALERT: 12 real lead\(s\)/);
  });
});

describe('config and names', () => {
  it('durations take m/h/d; a bad one is named', () => {
    expect(parseWatchDuration('7d')).toBe(7 * 86_400_000);
    expect(parseWatchDuration('30m')).toBe(1_800_000);
    const bad = queueWatchSchema.safeParse({ olderThan: 'soon', limit: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['limit', 'olderThan']);
  });

  it('resolves owners by email, queues by name, teams to their members; unknown names are issues with what the CRM knows', () => {
    const owners: OwnerInfo[] = [
      { id: '112', kind: 'user', name: 'Noah Fischer', email: 'noah@acme.example', teams: ['Lead Desk'], active: true },
      { id: '113', kind: 'user', name: 'Ina Old', email: 'ina@acme.example', teams: ['Lead Desk'], active: false },
      { id: '00G1', kind: 'queue', name: 'Lead Desk Queue', teams: [], active: true },
    ];
    const r = resolveWatchedOwners({ owners: ['NOAH@acme.example'], queues: ['lead desk queue'], teams: ['Lead Desk'] }, owners, 'cfg.yaml');
    expect(r.ids).toEqual(['112', '00G1', '113']);
    expect(r.labels.get('113')).toBe('Ina Old <ina@acme.example> (deactivated)');
    expect(r.issues).toEqual([]);
    const bad = resolveWatchedOwners({ owners: ['x@acme.example'], queues: ['Nope'], teams: ['Ghosts'] }, owners, 'cfg.yaml');
    expect(bad.issues.map((i) => i.field)).toEqual(['queueWatch.owners.0', 'queueWatch.queues.0', 'queueWatch.teams.0']);
    expect(bad.issues[1].message).toMatch(/known: Lead Desk Queue/);
    const noQueues = resolveWatchedOwners({ owners: [], queues: ['Lead Desk Queue'], teams: [] }, owners.filter((o) => o.kind === 'user'), 'cfg.yaml');
    expect(noQueues.issues).toEqual([]);
    expect(noQueues.notes[0]).toMatch(/no queues/);
  });
});
