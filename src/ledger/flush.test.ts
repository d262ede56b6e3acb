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

function ledgerWith(emails: string[]): Ledger {
  const l = new Ledger(mkdtempSync(path.join(tmpdir(), 'lp-flush-')));
  for (const email of emails) l.append({ type: 'intent', at: 't', key: 'k', email, scenario: 's' });
  return l;
}

describe('flushRun', () => {
  it('deletes test records of the run, including duplicates only search shows', async () => {
    const crm = fakeCrm([{ id: '1', email: TEST }, { id: '2', email: TEST }]);
    const ledger = ledgerWith([TEST]);
    const s = await flushRun({ ledgerFile: ledger.file, ledger, adapter: crm, testDomain: 'leadproof.test', runId: RUN });
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
    const s = await flushRun({ ledgerFile: ledger.file, ledger, adapter: crm, testDomain: 'leadproof.test', runId: RUN });
    expect(crm.deleted).toEqual(['1']);
    expect(s.refused).toBe(2);
    expect(s.details.filter((d) => d.outcome === 'refused').map((d) => d.recordId).sort()).toEqual(['7', '8']);
  });
});

describe('flushRun completeness', () => {
  it('keeps the ledger unflushed while a submitted lead has no record yet, and settles once it is deleted', async () => {
    const ledger = ledgerWith([TEST]);
    ledger.append({ type: 'submitted', at: 't', key: 'k', email: TEST, attempt: 1, ok: true });
    const empty = fakeCrm([]);
    const first = await flushRun({ ledgerFile: ledger.file, ledger, adapter: empty, testDomain: 'leadproof.test', runId: RUN });
    expect(first.unaccounted).toBe(1);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(false);
    // The CRM created the record late (queued web lead): the next flush finds and deletes it.
    const late = fakeCrm([{ id: '5', email: TEST }]);
    const second = await flushRun({ ledgerFile: ledger.file, ledger, adapter: late, testDomain: 'leadproof.test', runId: RUN });
    expect(late.deleted).toEqual(['5']);
    expect(second.unaccounted).toBe(0);
    expect(foldLedger(readLedger(ledger.file)).flushed).toBe(true);
    // And a third flush, with the record gone, does not reopen the ledger.
    const third = await flushRun({ ledgerFile: ledger.file, ledger, adapter: empty, testDomain: 'leadproof.test', runId: RUN });
    expect(third.unaccounted).toBe(0);
  });
});
