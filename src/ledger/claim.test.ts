import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIM_FILE, claimRunDir, takeOver } from './claim.js';
import { LEDGER_FILE } from './ledger.js';
import { ConfigError } from '../errors.js';

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'lp-claim-')), 'out');

describe('claimRunDir', () => {
  it('a second claim on a held folder is refused, naming the run and its process', () => {
    const dir = fresh();
    const a = claimRunDir(dir, 'run-a', 'out');
    expect(() => claimRunDir(dir, 'run-b', 'out')).toThrow(`out: --out: is being used by run run-a (pid ${process.pid} on ${hostname()}`);
    a.release();
    const b = claimRunDir(dir, 'run-b', 'out');
    expect(JSON.parse(readFileSync(path.join(dir, CLAIM_FILE), 'utf8'))).toMatchObject({ runId: 'run-b', pid: process.pid });
    b.release();
  });

  it('a run that ends before creating anything leaves no folder behind', () => {
    const dir = fresh();
    claimRunDir(dir, 'run-a', 'out').release();
    expect(existsSync(dir)).toBe(false);
  });

  it('a lock left by a process that is gone is taken over', () => {
    const dir = fresh();
    claimRunDir(dir, 'run-a', 'out'); // never released, as after a SIGKILL ...
    const lock = path.join(dir, CLAIM_FILE);
    // ... by a process that no longer exists (pid numbers this high are not handed out).
    writeFileSync(lock, JSON.stringify({ runId: 'run-a', pid: 2 ** 22 + 12345, host: hostname(), at: new Date().toISOString() }));
    const b = claimRunDir(dir, 'run-b', 'out');
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ runId: 'run-b' });
    b.release();
  });

  it('a folder that holds a run ledger is refused, and the claim is given back', () => {
    const dir = fresh();
    claimRunDir(dir, 'run-a', 'out');
    writeFileSync(path.join(dir, LEDGER_FILE), '{"type":"run"}\n');
    writeFileSync(path.join(dir, CLAIM_FILE), JSON.stringify({ runId: 'run-a', pid: 2 ** 22 + 12345, host: hostname(), at: '' }));
    expect(() => claimRunDir(dir, 'run-b', 'out')).toThrow('ledger.jsonl: --out: already holds a run ledger');
    expect(existsSync(path.join(dir, CLAIM_FILE))).toBe(false);
  });
  it('of two runs that both saw the same stale lock, only the first takes the folder over', () => {
    const dir = fresh();
    const lock = path.join(dir, CLAIM_FILE);
    claimRunDir(dir, 'run-dead', 'out');
    const stale = { runId: 'run-dead', pid: 2 ** 22 + 12345, host: hostname(), at: new Date().toISOString() };
    writeFileSync(lock, JSON.stringify(stale)); // its process is gone
    const a = claimRunDir(dir, 'run-a', 'out'); // A takes it over ...
    // ... while B, which judged the same dead holder a moment earlier, tries too: A's lock stays.
    expect(takeOver(lock, stale, { runId: 'run-b', pid: process.pid + 1, host: hostname(), at: new Date().toISOString() })).toBe(false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ runId: 'run-a' });
    a.release();
  });

  it('an --out under a regular file or that is a file is exit 2 naming --out, not an fs stack trace', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-claim-')), 'notes.txt');
    writeFileSync(file, 'x');
    const under = () => claimRunDir(path.join(file, 'out'), 'run-a', 'notes.txt/out');
    expect(under).toThrow(ConfigError);
    expect(under).toThrow('notes.txt/out: --out: lies under a regular file, not a folder (ENOTDIR); pass --out <a folder you can write>');
    expect(() => claimRunDir(file, 'run-a', 'notes.txt')).toThrow(/notes\.txt: --out: (is a regular file|lies under a regular file)/);
  });
});
