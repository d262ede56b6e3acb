/**
 * Flush: deletes the records of a run — and nothing else, ever. A record is deleted only when
 * (1) its email is in the ledger, (2) the CRM itself reports that email on the record, and
 * (3) that email carries the test identity (run id prefix on the test domain). Record ids the
 * ledger holds are used only to find records, never as proof on their own.
 */
import type { CrmAdapter } from '../crm/adapter.js';
import type { FlushSummary } from '../report/model.js';
import { carriesTestIdentity } from '../scenario/lead.js';
import { foldLedger, readLedger, type Ledger } from './ledger.js';

export async function flushRun(opts: { ledgerFile: string; ledger: Ledger; adapter: CrmAdapter; testDomain: string; runId: string }): Promise<FlushSummary> {
  const state = foldLedger(readLedger(opts.ledgerFile));
  const emails = [...state.emails];
  const summary: FlushSummary = { deleted: 0, failed: 0, refused: 0, skipped: false, details: [] };
  if (emails.length === 0) {
    opts.ledger.append({ type: 'flush-done', at: new Date().toISOString(), deleted: 0, failed: 0, refused: 0 });
    return summary;
  }
  // Both the direct read and the search: the direct read sees fresh records the search index
  // has not caught up with; the search sees duplicates the direct read folds into one.
  const found = new Map<string, string>();
  const direct = await opts.adapter.findByEmails(emails, [opts.adapter.coreFields.email], []);
  for (const [, recs] of direct) for (const r of recs) found.set(r.id, (r.properties[opts.adapter.coreFields.email] ?? r.email).toLowerCase());
  const searched = await opts.adapter.searchByEmails(emails);
  for (const [, recs] of searched) for (const r of recs) found.set(r.id, r.email.toLowerCase());

  const toDelete: string[] = [];
  for (const [id, email] of found) {
    const ok = state.emails.has(email) && carriesTestIdentity(email, opts.testDomain, opts.runId);
    if (ok) toDelete.push(id);
    else record(summary, opts.ledger, { recordId: id, email, outcome: 'refused', message: 'email is not a test email of this run' });
  }
  if (toDelete.length) {
    const result = await opts.adapter.deleteRecords(toDelete);
    for (const id of result.deleted) record(summary, opts.ledger, { recordId: id, email: found.get(id)!, outcome: 'deleted' });
    for (const f of result.failed) record(summary, opts.ledger, { recordId: f.id, email: found.get(f.id) ?? '', outcome: 'failed', message: f.message });
  }
  // A record that appears after this flush (a CRM that queues web leads, a slow workflow) must not
  // be forgotten: submitted emails and recorded ids with nothing found keep the ledger unflushed,
  // so `flush --orphans` comes back for them.
  const foundEmails = new Set(found.values());
  const gone = new Set([...state.deletedIds.values()]);
  const missing = new Set([...state.submitted].filter((e) => !foundEmails.has(e) && !gone.has(e)));
  for (const [id, email] of state.recordIds) if (!found.has(id) && !state.deletedIds.has(id)) missing.add(email);
  summary.unaccounted = missing.size;
  opts.ledger.append({ type: 'flush-done', at: new Date().toISOString(), deleted: summary.deleted, failed: summary.failed, refused: summary.refused, unaccounted: missing.size });
  return summary;
}


function record(summary: FlushSummary, ledger: Ledger, d: FlushSummary['details'][number]): void {
  summary.details.push(d);
  summary[d.outcome] += 1;
  ledger.append({ type: 'flushed', at: new Date().toISOString(), email: d.email, recordId: d.recordId, outcome: d.outcome, message: d.message });
}
