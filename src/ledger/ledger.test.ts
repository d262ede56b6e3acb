import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldLedger, Ledger, readLedger } from './ledger.js';

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
