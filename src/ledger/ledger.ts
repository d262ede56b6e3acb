/**
 * The run ledger: an append-only JSON-lines file, written BEFORE each submission. It is what lets
 * `leadproof flush` find every test record after a crash. Only the CLI process writes it (workers
 * ask the broker), so lines never interleave.
 *
 * Durability is group-committed: `append` writes the line to the file at once (a crash of this
 * process cannot lose it: it is in the kernel) and `durable()` resolves once an fsync that began
 * after that write is over (so a crash of the machine cannot lose it either). Every submission
 * waits for `durable()` on its `intent` before it is sent; all the intents written while one fsync
 * runs share the next one, so a volume run pays one fsync per batch instead of one per entry, and
 * the event loop never blocks on the disk. `close()` fsyncs whatever is left.
 */
import { appendFileSync, closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CrmKind } from '../crm/adapter.js';
import { LeadproofError } from '../errors.js';
import { LedgerRefusedError } from './errors.js';

export type LedgerEntry =
  | { type: 'run'; at: string; runId: string; crm: CrmKind; account: string; baseUrl?: string; sandbox: boolean; testDomain: string; pid?: number; host?: string }
  | { type: 'intent'; at: string; key: string; email: string; scenario: string }
  /** `refused`: the form endpoint's 4xx answer — a final outcome, no record can come of that attempt. */
  | { type: 'submitted'; at: string; key: string; email: string; attempt: number; ok: boolean; error?: string; refused?: number }
  | { type: 'record'; at: string; key: string; email: string; recordId: string }
  | { type: 'flushed'; at: string; email: string; recordId: string; outcome: 'deleted' | 'failed' | 'refused'; message?: string }
  | { type: 'flush-done'; at: string; deleted: number; failed: number; refused: number; unaccounted?: number; pendingUntil?: string }
  /**
   * A lead whose record may still appear until `until` (ISO time). Flush writes one for each
   * ledger email it could not account for (an `intent` with no `submitted`, or a submission with
   * nothing in the CRM yet): the ledger stays unflushed until then and `flush --orphans` comes
   * back. Anyone who learns of a later deadline (a CRM that queued the lead, e.g. a Web-to-Lead
   * post over the daily limit) appends another with that `until` and a `reason`; the latest
   * deadline per email wins. Once it has passed with nothing in the CRM, the lead is settled.
   */
  | { type: 'pending-until'; at: string; email: string; until: string; reason: string }
  /** Flush sealed a torn last line (a crash mid-write) before appending after it: `line` is its number. */
  | { type: 'torn'; at: string; line: number }
  | { type: 'end'; at: string; passed: number; failed: number };

export const LEDGER_FILE = 'ledger.jsonl';

export class Ledger {
  private readonly fd: number;
  readonly file: string;
  /** Lines written so far, and how many of them an fsync has covered. */
  private written = 0;
  private synced = 0;
  /** The fsync in flight covers lines up to this count; null when none runs. */
  private syncing: number | null = null;
  private waiters: { upTo: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private closed = false;
  /**
   * The first failed fsync, kept: Linux reports a failed writeback once and marks the pages clean,
   * so a later fsync "succeeding" says nothing about the lines of the failed batch. From then on
   * `durable()` rejects: no further lead is sent on a ledger that cannot be trusted (lines are
   * still written, best effort, for whatever of the run's record ids reach the kernel).
   */
  private broken: LeadproofError | null = null;
  /** fsyncs issued (for the bench and tests: group commit means far fewer than entries). */
  fsyncs = 0;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    this.file = path.join(outDir, LEDGER_FILE);
    this.fd = openSync(this.file, 'a');
  }

  /** Writes the entry (process-crash safe at once) and schedules the group fsync. */
  append(entry: LedgerEntry): void {
    if (this.closed) throw new Error(`ledger ${this.file} is closed`);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.written += 1;
    this.kick();
  }

  /** Resolves once every entry appended so far is on disk (fsync'd). */
  durable(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.synced >= this.written) return Promise.resolve();
    const upTo = this.written;
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.kick();
    });
  }

  /** Appends and resolves once the entry is on disk: for what must be durable before acting on it. */
  commit(entry: LedgerEntry): Promise<void> {
    this.append(entry);
    return this.durable();
  }

  /** One fsync at a time; what was written while it ran goes with the next. */
  private kick(): void {
    if (this.syncing !== null || this.closed || this.broken || this.synced >= this.written) return;
    const upTo = this.written;
    this.syncing = upTo;
    this.fsyncs += 1;
    fsync(this.fd, (err) => {
      this.syncing = null;
      if (this.closed) return this.finishClose(err);
      if (err) return this.fail(err);
      this.done(upTo);
      this.kick();
    });
  }

  private done(upTo: number): void {
    this.synced = Math.max(this.synced, upTo);
    const ready = this.waiters.filter((w) => w.upTo <= this.synced);
    this.waiters = this.waiters.filter((w) => w.upTo > this.synced);
    for (const w of ready) w.resolve();
  }

  private fail(err: Error): void {
    this.broken ??= new LeadproofError('LEDGER_UNSYNCED', [
      `could not write the run ledger ${this.file} to disk: ${err.message}`,
      '  No further lead is sent. Leads already sent are listed in it up to the failure; once the disk is fixed',
      '  (full? read-only? gone?), run `npx leadproof flush --orphans` to remove their test records.',
    ].join('\n'), { exitCode: 3, cause: err });
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(this.broken);
  }

  /** Fsyncs what is left and closes (after an fsync still in flight, which owns the fd till then). */
  close(): void {
    if (this.closed) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      // Called from `finally` blocks: throwing here would hide the error that ended the command.
      this.reportAtClose(err as Error);
    }
    this.fsyncs += 1;
    this.closed = true;
    this.done(this.written);
    if (this.syncing === null) closeSync(this.fd);
  }

  private finishClose(err: Error | null): void {
    closeSync(this.fd);
    if (err) this.reportAtClose(err);
  }

  /** Every waiter has been answered by then: say it where the user sees it, and fail the command. */
  private reportAtClose(err: Error): void {
    console.error(`leadproof: could not write the run ledger ${this.file} to disk at its close: ${err.message}. Its last lines may be lost; run \`npx leadproof flush --orphans\` once the disk is fixed.`);
    process.exitCode ||= 3;
  }
}

/**
 * Reads a ledger. A torn last line (a crash mid-write loses at most that line) is skipped, as is
 * one a flush sealed with a `torn` entry; any other line that does not parse refuses the whole
 * ledger with its line number — a ledger that was edited or damaged is not a list to delete by.
 */
export function readLedger(file: string): LedgerEntry[] {
  return readLedgerLines(file).map((l) => l.entry);
}

/** As readLedger, with each entry's 1-based line number in the file (for messages). */
export function readLedgerLines(file: string): { entry: LedgerEntry; line: number }[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const parsed = lines.map(parseLine);
  const lastNonEmpty = lines.map((l) => l.trim() !== '').lastIndexOf(true);
  const out: { entry: LedgerEntry; line: number }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i].trim()) continue;
    const entry = parsed[i];
    if (entry) {
      out.push({ entry, line: i + 1 });
      continue;
    }
    const sealed = parsed[i + 1];
    if (i === lastNonEmpty || (sealed?.type === 'torn' && sealed.line === i + 1)) continue;
    throw new LedgerRefusedError(file, i + 1, 'this line is not a ledger entry (the file was edited or damaged). Flush will not act on it; check the file, or delete the test records by hand.');
  }
  return out;
}

function parseLine(line: string): LedgerEntry | undefined {
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? (v as LedgerEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before appending to a ledger whose last line is torn, end that line and say so: otherwise the
 * next entry would be glued to the fragment and the ledger would no longer read.
 */
export function sealTornTail(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  if (text === '' || text.endsWith('\n')) return;
  const line = text.split('\n').length;
  const torn = parseLine(text.slice(text.lastIndexOf('\n') + 1)) === undefined;
  appendFileSync(file, torn ? `\n${JSON.stringify({ type: 'torn', at: new Date().toISOString(), line })}\n` : '\n');
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
  /** Email → epoch ms of its latest intent or submission (when the form may last have been sent). */
  lastSent: Map<string, number>;
  /**
   * Emails whose every attempt the form endpoint refused with a 4xx, and none accepted: a final
   * outcome, so flush need not wait for a record that cannot come.
   */
  refused: Set<string>;
  /** Email → the latest `pending-until` deadline recorded for it (epoch ms). */
  pendingUntil: Map<string, number>;
  flushed: boolean;
  /** The run wrote its closing entry (it did not crash or is not still running). */
  ended: boolean;
}

export function foldLedger(entries: LedgerEntry[]): LedgerState {
  const state: LedgerState = { emails: new Set(), recordIds: new Map(), submitted: new Set(), deletedIds: new Map(), lastSent: new Map(), pendingUntil: new Map(), refused: new Set(), flushed: false, ended: false };
  const intents = new Map<string, number>();
  const refusals = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const later = (m: Map<string, number>, email: string, iso: string) => {
    const t = Date.parse(iso);
    if (Number.isFinite(t)) m.set(email, Math.max(m.get(email) ?? t, t));
  };
  for (const e of entries) {
    if (e.type === 'run') state.run = e;
    else if (e.type === 'intent') {
      state.emails.add(e.email.toLowerCase());
      later(state.lastSent, e.email.toLowerCase(), e.at);
      bump(intents, e.email.toLowerCase());
    } else if (e.type === 'record') state.recordIds.set(e.recordId, e.email.toLowerCase());
    else if (e.type === 'submitted') {
      if (e.ok) state.submitted.add(e.email.toLowerCase());
      else if (e.refused !== undefined && e.refused >= 400 && e.refused < 500) bump(refusals, e.email.toLowerCase());
      later(state.lastSent, e.email.toLowerCase(), e.at);
    } else if (e.type === 'flushed' && e.outcome === 'deleted') state.deletedIds.set(e.recordId, e.email.toLowerCase());
    else if (e.type === 'pending-until') {
      later(state.pendingUntil, e.email.toLowerCase(), e.until);
      // A deadline learnt after a flush (a queued web lead) reopens the ledger for `flush --orphans`.
      state.flushed = false;
    } else if (e.type === 'flush-done') state.flushed = e.failed === 0 && !e.unaccounted;
    else if (e.type === 'end') state.ended = true;
  }
  for (const [email, n] of refusals) if (n >= (intents.get(email) ?? 0) && !state.submitted.has(email)) state.refused.add(email);
  return state;
}
