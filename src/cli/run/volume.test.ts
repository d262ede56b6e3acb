import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CrmAdapter, WebToLeadAllowance } from '../../crm/adapter.js';
import { ConfigError } from '../../errors.js';
import type { LedgerEntry } from '../../ledger/ledger.js';
import type { PlannedLead } from '../../scenario/plan.js';
import { checkWebToLeadVolume, mayStillArriveLine, webToLeadMayStillArrive } from './volume.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const account = 'Salesforce org 00D000000000001';
const adapter = (a: Partial<WebToLeadAllowance>) => ({ kind: 'salesforce', account, webToLeadRemaining: async () => ({ max: 500, used: 0, remaining: 500, windowMs: 24 * HOUR, ...a }) }) as unknown as CrmAdapter;
const plan = (n: number) => Array.from({ length: n }, () => ({ submissions: 1 })) as PlannedLead[];

function ledger(dir: string, name: string, posts: { email: string; ago: number; seen?: boolean }[], acct = account, sandbox = false): string {
  const at = (ago: number) => new Date(NOW - ago).toISOString();
  const entries: LedgerEntry[] = [{ type: 'run', at: at(25 * HOUR), runId: name, crm: 'salesforce', account: acct, baseUrl: 'https://acme.my.salesforce.com', sandbox, testDomain: 't.test' }];
  for (const p of posts) {
    entries.push({ type: 'submitted', at: at(p.ago), key: p.email, email: p.email, attempt: 1, ok: true });
    if (p.seen) entries.push({ type: 'record', at: at(p.ago), key: p.email, email: p.email, recordId: `00Q${p.email}` });
  }
  mkdirSync(path.join(dir, name), { recursive: true });
  const file = path.join(dir, name, 'ledger.jsonl');
  writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return file;
}

describe('checkWebToLeadVolume', () => {
  it('subtracts unseen posts of this org\'s ledgers from the last window, and refuses a plan beyond what is left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-vol-'));
    ledger(dir, 'a', [{ email: 'seen@t.test', ago: HOUR, seen: true }, { email: 'queued@t.test', ago: HOUR }, { email: 'old@t.test', ago: 25 * HOUR }]);
    ledger(dir, 'b', [{ email: 'other-org@t.test', ago: HOUR }], 'Salesforce org 00D000000000002');
    ledger(dir, 'c', [{ email: 'embedded@t.test', ago: HOUR }], account, true);
    const a = adapter({ used: 490, remaining: 10 });
    const est = await checkWebToLeadVolume(a, plan(5), { reportsDirs: [dir], now: NOW });
    expect(est).toMatchObject({ usedInCrm: 490, unseenInLedgers: 1, remaining: 9, planned: 5, mayQueue: false });
    const err = await checkWebToLeadVolume(a, plan(10), { reportsDirs: [dir], now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('plans 10 Web-to-Lead submissions but Salesforce org 00D000000000001 has 9 of 500 left today (490 web leads created in the last 24 h (deleted ones included) and 1 posted by earlier runs not yet visible)');
  });

  it('lets shard i/n plan only its part of what is left, since every shard sees the whole allowance', async () => {
    const a = adapter({ used: 200, remaining: 300 });
    expect(await checkWebToLeadVolume(a, plan(90), { reportsDirs: [], now: NOW, share: 1 / 3 })).toMatchObject({ remaining: 100, planned: 90 });
    const err = await checkWebToLeadVolume(a, plan(120), { reportsDirs: [], now: NOW, share: 1 / 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain("has 100 (this shard's 1/3 of the 300) of 500 left today");
    expect((err as Error).message).toContain('set LEADPROOF_SHARD_BUDGET_SHARE to this shard');
    // The same plan fits a run that is not sharded.
    expect(await checkWebToLeadVolume(a, plan(120), { reportsDirs: [], now: NOW })).toMatchObject({ remaining: 300 });
  });

  it('warns when the plan uses the last of the allowance', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await checkWebToLeadVolume(adapter({ used: 497, remaining: 3 }), plan(3), { reportsDirs: [], now: NOW })).toMatchObject({ mayQueue: true });
    expect(warn.mock.calls[0]![0]).toContain('use the last 3 of 500 left today');
    warn.mockRestore();
  });
});

describe('webToLeadMayStillArrive', () => {
  it('names the unseen emails and a window after the last post, when the org\'s window is full', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-vol-'));
    const file = ledger(dir, 'run', [{ email: 'a@t.test', ago: 2 * HOUR, seen: true }, { email: 'b@t.test', ago: 2 * HOUR }, { email: 'c@t.test', ago: HOUR }]);
    const r = await webToLeadMayStillArrive(adapter({ used: 500, remaining: 0 }), file, NOW);
    expect(r).toEqual({ emails: ['b@t.test', 'c@t.test'], until: new Date(NOW - HOUR + 24 * HOUR) });
    expect(mayStillArriveLine(r!)).toBe('2 queued Web-to-Lead leads may still arrive until 2026-11-24T11:00:00.000Z; run flush again after that');
    expect(await webToLeadMayStillArrive(adapter({ used: 100, remaining: 400 }), file, NOW)).toBeNull();
    expect(await webToLeadMayStillArrive({ kind: 'hubspot', account: 'x' } as unknown as CrmAdapter, file, NOW)).toBeNull();
  });
});
