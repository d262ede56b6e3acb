/**
 * The run ledger: an append-only JSON-lines file, fsync'd after every entry, written BEFORE each
 * submission. It is what lets `leadproof flush` find every test record after a crash. Only the
 * CLI process writes it (workers ask the broker), so lines never interleave.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CrmKind } from '../crm/adapter.js';

export type LedgerEntry =
  | { type: 'run'; at: string; runId: string; crm: CrmKind; account: string; baseUrl?: string; sandbox: boolean; testDomain: string; pid?: number; host?: string }
  | { type: 'intent'; at: string; key: string; email: string; scenario: string }
  | { type: 'submitted'; at: string; key: string; email: string; attempt: number; ok: boolean; error?: string }
  | { type: 'record'; at: string; key: string; email: string; recordId: string }
  | { type: 'flushed'; at: string; email: string; recordId: string; outcome: 'deleted' | 'failed' | 'refused'; message?: string }
  | { type: 'flush-done'; at: string; deleted: number; failed: number; refused: number; unaccounted?: number }
  | { type: 'end'; at: string; passed: number; failed: number };

export const LEDGER_FILE = 'ledger.jsonl';

export class Ledger {
  private readonly fd: number;
  readonly file: string;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    this.file = path.join(outDir, LEDGER_FILE);
    this.fd = openSync(this.file, 'a');
  }

  append(entry: LedgerEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Reads a ledger, tolerating a torn last line (a crash mid-write loses at most that line). */
export function readLedger(file: string): LedgerEntry[] {
  if (!existsSync(file)) return [];
  const out: LedgerEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as LedgerEntry);
    } catch {
      // torn write at crash time; everything before it is intact
    }
  }
  return out;
}

/** What a ledger says about a run, folded. */
export interface LedgerState {
  run?: Extract<LedgerEntry, { type: 'run' }>;
  emails: Set<string>;
  recordIds: Map<string, string>;
  /** Emails whose submission the browser saw accepted. */
  submitted: Set<string>;
  /** Record ids a flush already deleted → their email. */
  deletedIds: Map<string, string>;
  flushed: boolean;
  /** The run wrote its closing entry (it did not crash or is not still running). */
  ended: boolean;
}

export function foldLedger(entries: LedgerEntry[]): LedgerState {
  const state: LedgerState = { emails: new Set(), recordIds: new Map(), submitted: new Set(), deletedIds: new Map(), flushed: false, ended: false };
  for (const e of entries) {
    if (e.type === 'run') state.run = e;
    else if (e.type === 'intent') state.emails.add(e.email.toLowerCase());
    else if (e.type === 'record') state.recordIds.set(e.recordId, e.email.toLowerCase());
    else if (e.type === 'submitted' && e.ok) state.submitted.add(e.email.toLowerCase());
    else if (e.type === 'flushed' && e.outcome === 'deleted') state.deletedIds.set(e.recordId, e.email.toLowerCase());
    else if (e.type === 'flush-done') state.flushed = e.failed === 0 && !e.unaccounted;
    else if (e.type === 'end') state.ended = true;
  }
  return state;
}
