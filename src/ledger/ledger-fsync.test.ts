import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Every background fsync of this file's ledgers fails, as on a disk that went read-only or full.
let failNext = true;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fsync: (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      if (failNext) return setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })));
      return fs.fsync(fd, cb);
    },
  };
});

const { Ledger } = await import('./ledger.js');

describe('a ledger whose fsync failed', () => {
  it('refuses durability from then on, even after a later fsync succeeds, so no further lead is sent', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-ledger-eio-'));
    const l = new Ledger(dir);
    const first = l.commit({ type: 'intent', at: new Date().toISOString(), key: 'a#0', email: 'a@t.example', scenario: 'a' });
    await expect(first).rejects.toMatchObject({ code: 'LEDGER_UNSYNCED', exitCode: 3 });
    await expect(first).rejects.toThrow(/flush --orphans/);
    // Linux reports a failed writeback once: the next fsync would pass, and must not count.
    failNext = false;
    await expect(l.commit({ type: 'intent', at: new Date().toISOString(), key: 'b#0', email: 'b@t.example', scenario: 'b' })).rejects.toMatchObject({ code: 'LEDGER_UNSYNCED' });
    await expect(l.durable()).rejects.toMatchObject({ code: 'LEDGER_UNSYNCED' });
    l.close();
    // Lines were still written (best effort) for flush to find.
    expect(readFileSync(l.file, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
