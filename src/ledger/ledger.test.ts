import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerRefusedError } from './errors.js';
import { foldLedger, Ledger, readLedger, sealTornTail, type LedgerEntry } from './ledger.js';
import { checkSameTarget, trustedHeader } from './trust.js';

describe('Ledger', () => {
  it('appends one JSON line per entry and folds emails, records and flush state', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    l.append({ type: 'run', at: 't', runId: 'r1', crm: 'hubspot', account: 'a', sandbox: true, testDomain: 'leadproof.test' });
    l.append({ type: 'intent', at: 't', key: 'k', email: 'LP.r1.1.a@leadproof.test', scenario: 's' });
    l.append({ type: 'record', at: 't', key: 'k', email: 'lp.r1.1.a@leadproof.test', recordId: '42' });
    l.close();
    expect(readFileSync(l.file, 'utf8').trim().split('\n')).toHaveLength(3);
    const s = foldLedger(readLedger(l.file));
    expect(s.run?.runId).toBe('r1');
    expect([...s.emails]).toEqual(['lp.r1.1.a@leadproof.test']);
    expect(s.recordIds.get('42')).toBe('lp.r1.1.a@leadproof.test');
    expect(s.flushed).toBe(false);
  });

  it('survives a torn last line, as after a crash mid-write', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    l.append({ type: 'intent', at: 't', key: 'k', email: 'lp.r1.1.a@leadproof.test', scenario: 's' });
    l.close();
    appendFileSync(l.file, '{"type":"record","at":"t","ke');
    const entries = readLedger(l.file);
    expect(entries).toHaveLength(1);
    expect(foldLedger(entries).emails.size).toBe(1);
  });

  it('is only marked flushed when the flush had no failures', () => {
    const s1 = foldLedger([{ type: 'flush-done', at: 't', deleted: 3, failed: 1, refused: 0 }]);
    const s2 = foldLedger([{ type: 'flush-done', at: 't', deleted: 3, failed: 0, refused: 0 }]);
    expect(s1.flushed).toBe(false);
    expect(s2.flushed).toBe(true);
  });
});

describe('readLedger refuses what it cannot trust', () => {
  it('names the file and line of a line that does not parse, unless it is the torn last one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    l.append({ type: 'intent', at: 't', key: 'k', email: 'lp.r1.1.a@leadproof.test', scenario: 's' });
    l.close();
    appendFileSync(l.file, 'not json\n{"type":"intent","at":"t","key":"k","email":"lp.r1.2.b@leadproof.test","scenario":"s"}\n');
    expect(() => readLedger(l.file)).toThrow(LedgerRefusedError);
    expect(() => readLedger(l.file)).toThrow(`${l.file}:2:`);
  });

  it('reads on after flush sealed a torn last line and appended behind it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    l.append({ type: 'intent', at: 't', key: 'k', email: 'lp.r1.1.a@leadproof.test', scenario: 's' });
    l.close();
    appendFileSync(l.file, '{"type":"record","at":"t","ke');
    sealTornTail(l.file);
    const again = new Ledger(dir);
    again.append({ type: 'flush-done', at: 't', deleted: 0, failed: 0, refused: 0 });
    again.close();
    const entries = readLedger(l.file);
    expect(entries.map((e) => e.type)).toEqual(['intent', 'torn', 'flush-done']);
    expect(foldLedger(entries).flushed).toBe(true);
  });
});

describe('trustedHeader and checkSameTarget', () => {
  const header = { type: 'run', at: 't', runId: '20261122-101010-abcd', crm: 'hubspot', account: 'HubSpot portal 1', baseUrl: 'https://api.hubapi.com', sandbox: false, testDomain: 'leadproof.test' } as const;
  const lines = (...entries: object[]) => entries.map((entry, i) => ({ entry: entry as LedgerEntry, line: i + 1 }));
  const intent = { type: 'intent', at: 't', key: 'k', email: 'lp.x.1.a@leadproof.test', scenario: 's' };

  it('refuses a header without a run id or test domain, naming line 1', () => {
    const { runId: _r, ...noRunId } = header;
    const { testDomain: _t, ...noDomain } = header;
    expect(() => trustedHeader('l.jsonl', lines(noRunId, intent))).toThrow('l.jsonl:1: the run header has no valid runId');
    expect(() => trustedHeader('l.jsonl', lines(noDomain, intent))).toThrow('l.jsonl:1: the run header has no valid testDomain');
    expect(() => trustedHeader('l.jsonl', lines(intent))).toThrow('l.jsonl:1: the first line is not the run header');
    expect(trustedHeader('l.jsonl', lines(header, intent))?.runId).toBe(header.runId);
  });

  it('refuses a ledger written for another account or address, naming both', () => {
    expect(() => checkSameTarget('l.jsonl', header, { account: 'HubSpot portal 1', baseUrl: 'https://api.hubapi.com/', setting: 'HUBSPOT_BASE_URL' })).not.toThrow();
    const evil = { ...header, baseUrl: 'http://127.0.0.1:9/' };
    expect(() => checkSameTarget('l.jsonl', evil, { account: 'HubSpot portal 1', baseUrl: 'https://api.hubapi.com', setting: 'HUBSPOT_BASE_URL' }))
      .toThrow(/l\.jsonl: written for address http:\/\/127\.0\.0\.1:9\/ \(configured: https:\/\/api\.hubapi\.com\).*set HUBSPOT_BASE_URL/);
    expect(() => checkSameTarget('l.jsonl', header, { account: 'HubSpot portal 2', baseUrl: 'https://api.hubapi.com', setting: 'HUBSPOT_PORTAL_ID' })).toThrow('account "HubSpot portal 1"');
  });
});

describe('Ledger group commit', () => {
  it('writes every entry at once, makes it durable before commit resolves, and shares fsyncs between entries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    const n = 200;
    const commits = Array.from({ length: n }, (_, i) => {
      const p = l.commit({ type: 'intent', at: 't', key: `k${i}`, email: `lp.r1.${i}.a@leadproof.test`, scenario: 's' });
      // Written before the commit resolves: a crash of the process cannot lose it.
      expect(readFileSync(l.file, 'utf8').trim().split('\n')).toHaveLength(i + 1);
      return p;
    });
    await Promise.all(commits);
    expect(l.fsyncs).toBeGreaterThan(0);
    expect(l.fsyncs).toBeLessThan(n);
    await expect(l.durable()).resolves.toBeUndefined();
    l.append({ type: 'end', at: 't', passed: n, failed: 0 });
    l.close();
    expect(readLedger(l.file)).toHaveLength(n + 1);
    expect(() => l.append({ type: 'end', at: 't', passed: 0, failed: 0 })).toThrow(/closed/);
  });

  it('resolves what waits for durability when closed with an fsync still in flight', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-'));
    const l = new Ledger(dir);
    const p = l.commit({ type: 'intent', at: 't', key: 'k', email: 'lp.r1.1.a@leadproof.test', scenario: 's' });
    l.close();
    await expect(p).resolves.toBeUndefined();
    expect(readLedger(l.file)).toHaveLength(1);
  });
});
