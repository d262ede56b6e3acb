/**
 * Flush: deletes the records of a run — and nothing else, ever. A record is deleted only when
 * (1) its email is in the ledger, (2) the CRM itself reports that email on the record, and
 * (3) that email carries the test identity (run id prefix on the test domain). Record ids the
 * ledger holds are used only to find records, never as proof on their own: one the CRM does not
 * confirm under a ledger email is refused.
 *
 * A ledger is marked flushed only when every test email in it is accounted for: its record was
 * deleted, or its deadline (see `pending-until` in ledger.ts) passed with nothing in the CRM.
 */
import type { CrmAdapter } from '../crm/adapter.js';
import { SafetyError } from '../errors.js';
import type { FlushSummary } from '../report/model.js';
import { carriesTestIdentity } from '../scenario/lead.js';
import { inFlightTimes, type InFlightTimes } from './in-flight.js';
import { foldLedger, readLedger, type Ledger, type LedgerState } from './ledger.js';

export interface FlushOptions extends Partial<InFlightTimes> {
  ledgerFile: string;
  ledger: Ledger;
  adapter: CrmAdapter;
  testDomain: string;
  runId: string;
  /** Clock, for tests. */
  now?: () => number;
}

export async function flushRun(opts: FlushOptions): Promise<FlushSummary> {
  if (!opts.runId) throw new SafetyError('Refusing to flush without a run id: any test email on the test domain would match.');
  const now = opts.now ?? Date.now;
  const state = foldLedger(readLedger(opts.ledgerFile));
  const emails = [...state.emails];
  const summary: FlushSummary = { deleted: 0, failed: 0, refused: 0, skipped: false, details: [] };
  if (emails.length === 0) {
    opts.ledger.append({ type: 'flush-done', at: new Date(now()).toISOString(), deleted: 0, failed: 0, refused: 0 });
    return summary;
  }
  const times = { ...inFlightTimes(opts.adapter), ...definedOnly({ waitMs: opts.waitMs, windowMs: opts.windowMs }) };
  const isTest = (email: string) => carriesTestIdentity(email, opts.testDomain, opts.runId);
  // A lead may land until its deadline; tampered or future timestamps cannot push it past now + window.
  const deadlineOf = (email: string) => Math.max(Math.min(state.lastSent.get(email) ?? now(), now()) + times.windowMs, state.pendingUntil.get(email) ?? 0);
  // An in-process sandbox ended with its run: nothing still in flight can land in it.
  const embedded = state.run?.sandbox === true;

  let found = await lookup(opts.adapter, emails);
  const waitEnd = now() + times.waitMs;
  for (;;) {
    // A lead with a recorded deadline (queued by the CRM, or already waited for by an earlier
    // flush) is not worth re-checking for now: its deadline keeps the ledger open instead.
    const waiting = notFound(state, found, isTest).filter((e) => !embedded && !state.refused.has(e) && !state.pendingUntil.has(e) && deadlineOf(e) > now());
    const left = waitEnd - now();
    if (waiting.length === 0 || left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(left, Math.max(100, Math.min(5_000, times.waitMs / 5)))));
    found = await lookup(opts.adapter, emails);
  }

  const toDelete: string[] = [];
  for (const [id, email] of found) {
    if (state.emails.has(email) && isTest(email)) toDelete.push(id);
    else record(summary, opts.ledger, { recordId: id, email, outcome: 'refused', message: 'email is not a test email of this run' });
  }
  // A record id the CRM does not show under a ledger email proves nothing (edited ledger, or a
  // record merged/deleted since): refused, so it neither gets deleted nor keeps the ledger open.
  for (const [id, email] of state.recordIds) {
    if (!found.has(id) && !state.deletedIds.has(id)) {
      record(summary, opts.ledger, { recordId: id, email, outcome: 'refused', message: 'the CRM does not show this record id under a ledger email (edited ledger, or merged/deleted since); not deleted' });
    }
  }
  if (toDelete.length) {
    const result = await opts.adapter.deleteRecords(toDelete);
    for (const id of result.deleted) record(summary, opts.ledger, { recordId: id, email: found.get(id)!, outcome: 'deleted' });
    for (const f of result.failed) record(summary, opts.ledger, { recordId: f.id, email: found.get(f.id) ?? '', outcome: 'failed', message: f.message });
  }

  const missing = notFound(state, found, isTest);
  // A lead the form endpoint refused (4xx) is settled: its record cannot come.
  const pending = missing.filter((e) => !embedded && !state.refused.has(e) && deadlineOf(e) > now());
  summary.settled = missing.length - pending.length;
  summary.unaccounted = pending.length;
  const at = new Date(now()).toISOString();
  for (const email of pending) {
    const until = deadlineOf(email);
    if (until === state.pendingUntil.get(email)) continue;
    const reason = state.submitted.has(email) ? 'submitted; not in the CRM yet' : 'no submission recorded: the form may have been in flight';
    opts.ledger.append({ type: 'pending-until', at, email, until: new Date(until).toISOString(), reason });
  }
  if (pending.length) summary.pendingUntil = new Date(Math.max(...pending.map(deadlineOf))).toISOString();
  opts.ledger.append({ type: 'flush-done', at, deleted: summary.deleted, failed: summary.failed, refused: summary.refused, unaccounted: pending.length, pendingUntil: summary.pendingUntil });
  return summary;
}

/** Record id → email (lower case) the CRM reports on it, for every record of these emails. */
async function lookup(adapter: CrmAdapter, emails: string[]): Promise<Map<string, string>> {
  // Both the direct read and the search: the direct read sees fresh records the search index
  // has not caught up with; the search sees duplicates the direct read folds into one.
  const found = new Map<string, string>();
  const direct = await adapter.findByEmails(emails, [adapter.coreFields.email], []);
  for (const [, recs] of direct) for (const r of recs) found.set(r.id, (r.properties[adapter.coreFields.email] ?? r.email).toLowerCase());
  const searched = await adapter.searchByEmails(emails);
  for (const [, recs] of searched) for (const r of recs) found.set(r.id, r.email.toLowerCase());
  return found;
}

/** Test emails of the ledger with no record in the CRM now and none deleted before. */
function notFound(state: LedgerState, found: Map<string, string>, isTest: (e: string) => boolean): string[] {
  const seen = new Set([...found.values(), ...state.deletedIds.values()]);
  return [...state.emails].filter((e) => isTest(e) && !seen.has(e));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function record(summary: FlushSummary, ledger: Ledger, d: FlushSummary['details'][number]): void {
  summary.details.push(d);
  summary[d.outcome] += 1;
  ledger.append({ type: 'flushed', at: new Date().toISOString(), email: d.email, recordId: d.recordId, outcome: d.outcome, message: d.message });
}
