import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CrmAdapter, CrmRecord } from '../crm/adapter.js';
import { flushRun } from './flush.js';
import { foldLedger, Ledger, readLedger } from './ledger.js';

const RUN = '20261122-101010-abcd';
const TEST = `lp.${RUN}.1.anna@leadproof.test`;

function fakeCrm(records: { id: string; email: string }[]): CrmAdapter & { deleted: string[] } {
  const deleted: string[] = [];
  const rec = (r: { id: string; email: string }): CrmRecord => ({ id: r.id, email: r.email, properties: { email: r.email }, history: {}, createdAt: '' });
  return {
    kind: 'hubspot', account: 'fake', coreFields: { email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id' }, apiCalls: 0, deleted,
    findByEmails: async (emails) => new Map(emails.map((e) => [e, records.filter((r) => r.email === e).slice(0, 1).map(rec)])),
    // A sloppy search (as a fuzzy CRM search could be) also returns records of other emails.
    searchByEmails: async (emails) => new Map(emails.map((e) => [e, records.map((r) => ({ id: r.id, email: r.email, createdAt: '' }))])),
    resolveOwners: async () => new Map(), listOwners: async () => [], listProperties: async () => [],
    deleteRecords: async (ids) => (deleted.push(...ids), { deleted: ids, failed: [] }),
  };
}

function ledgerWith(emails: string[], at = 't'): Ledger {
  const l = new Ledger(mkdtempSync(path.join(tmpdir(), 'lp-flush-')));
  for (const email of emails) l.append({ type: 'intent', at, key: 'k', email, scenario: 's' });
  return l;
}

describe('flushRun', () => {
  it('deletes test records of the run, including duplicates only search shows', async () => {
    const crm = fakeCrm([{ id: '1', email: TEST }, { id: '2', email: TEST }]);
    const ledger = ledgerWith([TEST]);
    const s = await flushRun({ ledgerFile: ledger.file, ledger, adapter: crm, testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(crm.deleted.sort()).toEqual(['1', '2']);
    expect(s).toMatchObject({ deleted: 2, failed: 0, refused: 0 });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });

  it('never deletes a record whose email is not in the ledger or lacks the test identity', async () => {
    const foreign = 'ceo@globex.example';
    const otherRun = `lp.20261001-000000-ffff.1.bob@leadproof.test`;
    const crm = fakeCrm([{ id: '1', email: TEST }, { id: '7', email: foreign }, { id: '8', email: otherRun }]);
    // Even a ledger that lists a real person's email must not get it deleted.
    const ledger = ledgerWith([TEST, foreign]);
    const s = await flushRun({ ledgerFile: ledger.file, ledger, adapter: crm, testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(crm.deleted).toEqual(['1']);
    expect(s.refused).toBe(2);
    expect(s.details.filter((d) => d.outcome === 'refused').map((d) => d.recordId).sort()).toEqual(['7', '8']);
  });
});

describe('flushRun completeness', () => {
  it('does not wait for, nor keep the ledger open for, a lead whose every attempt the form endpoint refused (4xx)', async () => {
    const ledger = ledgerWith([TEST]);
    ledger.append({ type: 'submitted', at: new Date().toISOString(), key: 'k', email: TEST, attempt: 1, ok: false, error: 'the form endpoint answered 400', refused: 400 });
    const s = await flushRun({ ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), testDomain: 'leadproof.test', runId: RUN, waitMs: 60_000 });
    expect(s).toMatchObject({ unaccounted: 0, settled: 1 });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
    // A browser that failed before the endpoint answered (no status) is still in flight.
    const unsure = ledgerWith([TEST]);
    unsure.append({ type: 'submitted', at: new Date().toISOString(), key: 'k', email: TEST, attempt: 1, ok: false, error: 'timeout' });
    const t = await flushRun({ ledgerFile: unsure.file, ledger: unsure, adapter: fakeCrm([]), testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(t.unaccounted).toBe(1);
  });

  it('keeps the ledger unflushed while a submitted lead has no record yet, and settles once it is deleted', async () => {
    const ledger = ledgerWith([TEST]);
    ledger.append({ type: 'submitted', at: 't', key: 'k', email: TEST, attempt: 1, ok: true });
    const empty = fakeCrm([]);
    const first = await flushRun({ ledgerFile: ledger.file, ledger, adapter: empty, testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(first.unaccounted).toBe(1);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(false);
    // The CRM created the record late (queued web lead): the next flush finds and deletes it.
    const late = fakeCrm([{ id: '5', email: TEST }]);
    const second = await flushRun({ ledgerFile: ledger.file, ledger, adapter: late, testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(late.deleted).toEqual(['5']);
    expect(second.unaccounted).toBe(0);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
    // And a third flush, with the record gone, does not reopen the ledger.
    const third = await flushRun({ ledgerFile: ledger.file, ledger, adapter: empty, testDomain: 'leadproof.test', runId: RUN, waitMs: 0 });
    expect(third.unaccounted).toBe(0);
  });
});

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const MIN = 60_000;
const base = { testDomain: 'leadproof.test', runId: RUN, waitMs: 0, windowMs: 10 * MIN };

describe('flushRun and leads still in flight', () => {
  it('keeps the ledger open until a deadline for an intent without a submission, and deletes the record that lands later', async () => {
    const ledger = ledgerWith([TEST], new Date(T0).toISOString());
    const first = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), now: () => T0 + MIN });
    expect(first).toMatchObject({ deleted: 0, unaccounted: 1, pendingUntil: new Date(T0 + 10 * MIN).toISOString() });
    const entries = readLedger(ledger.file);
    expect(entries).toContainEqual(expect.objectContaining({ type: 'pending-until', email: TEST, until: new Date(T0 + 10 * MIN).toISOString() }));
    expect(foldLedger(entries).flushed).toBe(false);
    const late = fakeCrm([{ id: '9', email: TEST }]);
    const second = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: late, now: () => T0 + 3 * MIN });
    expect(late.deleted).toEqual(['9']);
    expect(second).toMatchObject({ deleted: 1, unaccounted: 0 });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });

  it('re-checks the CRM while it waits, and deletes a record that appears during the wait', async () => {
    const ledger = ledgerWith([TEST], new Date().toISOString());
    const crm = fakeCrm([]);
    let lookups = 0;
    const find = crm.findByEmails;
    crm.findByEmails = async (emails, p, h) => (++lookups === 3 ? fakeCrm([{ id: '4', email: TEST }]).findByEmails(emails, p, h) : find(emails, p, h));
    const s = await flushRun({ ...base, waitMs: 5_000, ledgerFile: ledger.file, ledger, adapter: crm });
    expect(crm.deleted).toEqual(['4']);
    expect(s.unaccounted).toBe(0);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });

  it('considers a lead settled once its deadline passed with nothing in the CRM', async () => {
    const ledger = ledgerWith([TEST], new Date(T0).toISOString());
    ledger.append({ type: 'submitted', at: new Date(T0).toISOString(), key: 'k', email: TEST, attempt: 1, ok: true });
    const s = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), now: () => T0 + 11 * MIN });
    expect(s).toMatchObject({ unaccounted: 0, settled: 1 });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });

  it('honours a later pending-until a caller recorded (a lead the CRM queued)', async () => {
    const ledger = ledgerWith([TEST], new Date(T0).toISOString());
    const until = new Date(T0 + 24 * 60 * MIN).toISOString();
    ledger.append({ type: 'pending-until', at: new Date(T0).toISOString(), email: TEST, until, reason: 'queued over the daily Web-to-Lead limit' });
    const s = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), now: () => T0 + 60 * MIN });
    expect(s).toMatchObject({ unaccounted: 1, pendingUntil: until });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(false);
  });

  it('a deadline learnt after a flush reopens the ledger', () => {
    const s = foldLedger([
      { type: 'flush-done', at: 't', deleted: 1, failed: 0, refused: 0 },
      { type: 'pending-until', at: 't', email: TEST, until: '2026-11-23T10:00:00.000Z', reason: 'queued' },
    ]);
    expect(s.flushed).toBe(false);
  });
});

describe('flushRun and record ids the CRM does not confirm', () => {
  it('refuses them, never counts more unaccounted leads than emails, and does not keep the ledger open for them', async () => {
    const ledger = ledgerWith([TEST], new Date(T0).toISOString());
    for (const id of ['101', '102', '103']) ledger.append({ type: 'record', at: 't', key: 'k', email: TEST, recordId: id });
    ledger.append({ type: 'record', at: 't', key: 'k', email: 'someone@else.example', recordId: '104' });
    const crm = fakeCrm([{ id: '5', email: TEST }]);
    const s = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: crm, now: () => T0 + MIN });
    expect(crm.deleted).toEqual(['5']);
    expect(s).toMatchObject({ deleted: 1, refused: 4, unaccounted: 0 });
    expect(s.details.filter((d) => d.outcome === 'refused').map((d) => d.recordId)).toEqual(['101', '102', '103', '104']);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });

  it('with nothing in the CRM at all: unaccounted is at most the number of emails, and the deadline still settles it', async () => {
    const ledger = ledgerWith([TEST], new Date(T0).toISOString());
    for (const id of ['101', '102', '103']) ledger.append({ type: 'record', at: 't', key: 'k', email: TEST, recordId: id });
    const first = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), now: () => T0 + MIN });
    expect(first).toMatchObject({ refused: 3, unaccounted: 1 });
    const later = await flushRun({ ...base, ledgerFile: ledger.file, ledger, adapter: fakeCrm([]), now: () => T0 + 11 * MIN });
    expect(later).toMatchObject({ refused: 3, unaccounted: 0, settled: 1 });
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
  });
});
