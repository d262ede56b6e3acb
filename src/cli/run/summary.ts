/** The console summary: what a RevOps person reads first. */
import type { ChecklistVerdict } from '../../attest/predicates.js';
import { deriveChecklist } from '../../report/checklist.js';
import { checkLine } from '../../report/check-words.js';
import { describeGroup, groupFailures } from '../../report/failure-groups.js';
import type { LeadResult, RunReport } from '../../report/model.js';
import { formatDuration } from '../../scenario/duration.js';
import { volumeLines } from '../../volume-report/index.js';

export function printSummary(r: RunReport, extra: { reportHtml?: string; playwrightReport?: string; artifactsMessage?: string; runRef: string; requireComplete?: boolean }): void {
  const out: string[] = [''];
  out.push(`leadproof run ${r.runId} — ${r.crm.account}${r.crm.sandbox ? " (sandbox)" : ""}${r.stack ? ` — stack "${r.stack.name}"` : ''}`);
  if (r.volume) out.push(...volumeLines(r.volume, r.pools ?? []), '');
  out.push(...verdictLines(r, deriveChecklist(r), extra.requireComplete));
  out.push(...flushLines(r, extra.runRef));
  if (extra.reportHtml) out.push(`Report: ${extra.reportHtml}`);
  if (extra.playwrightReport) out.push(`Browser report: npx playwright show-report ${extra.playwrightReport}`);
  if (extra.artifactsMessage) out.push(extra.artifactsMessage);
  console.log(out.join('\n'));
}

/** Causes first (one line per fault), then every lead, pools, the checklist gaps and the banner. */
export function verdictLines(r: RunReport, checklist: ChecklistVerdict[], requireComplete = false): string[] {
  const out: string[] = [];
  const groups = r.failureGroups ?? groupFailures(r);
  if (groups.length) out.push('Failures by cause:', ...groups.map((g) => `  ✗ ${describeGroup(g)}`), '');
  // A volume run's passing leads are one line: the per-branch figures above say more than 1,000 ticks.
  const passedLeads = r.volumeRun ? r.leads.filter((l) => l.passed).length : 0;
  const passedReplayed = r.volumeRun ? r.leads.filter((l) => l.passed && l.via === 'replay').length : 0;
  if (passedLeads) out.push(`  ✓ ${passedLeads} lead(s) passed every check${passedReplayed ? ` (${passedReplayed} replayed)` : ''}`);
  for (const l of r.volumeRun ? r.leads.filter((x) => !x.passed) : r.leads) {
    out.push(`${l.passed ? '  ✓' : '  ✗'} ${l.scenario}${l.branch ? `  [${l.branch}]` : ''}${l.via === 'replay' ? '  (replayed)' : ''}${l.passed ? '' : leadFacts(l)}`);
    if (!l.passed) for (const c of l.checks.filter((x) => !x.passed)) out.push(`      ✗ ${checkLine(c)}`);
  }
  for (const p of r.pools ?? []) out.push(`${p.status === 'covered' ? '  ✓' : p.status === 'missed' ? '  ✗' : '  !'} ${p.message}`);
  const failedItems = checklist.filter((i) => i.status === 'failed');
  const open = checklist.filter((i) => i.status === 'not-covered');
  if (failedItems.length || open.length) {
    out.push('', 'Definition of done:');
    out.push(...failedItems.map((i) => `  ✗ ${i.label} — ${i.evidence}`));
    out.push(...open.map((i) => `  - not covered: ${i.label} — ${i.evidence}`));
  }
  const replayed = r.leads.filter((l) => l.via === 'replay');
  if (replayed.length) out.push('', `Replay: ${replayed.length} of ${r.leads.length} leads were sent over HTTP from their branch's captured browser request (via: replay); ${replayed.filter((l) => l.passed).length} of them passed.`);
  const s = r.summary;
  const items = `${checklist.length - open.length - failedItems.length} of ${checklist.length} definition-of-done items done`;
  // FAILED with every lead passing needs its reason on the banner line too.
  const runLevel = [
    (r.pools ?? []).some((p) => p.status === 'missed') ? 'a round-robin member received no lead' : '',
    ...failedItems.map((i) => `${i.label.toLowerCase()} failed`),
  ].filter(Boolean);
  const why =
    s.verdict === 'INCOMPLETE' ? `; ${open.length} not covered by any lead${requireComplete ? ' (--require-complete: exit 1)' : ''}`
    : s.verdict === 'FAILED' && s.failed === 0 ? `; ${runLevel.join(', ')}`
    : '';
  out.push('', `${s.verdict}: ${s.passed} of ${s.total} leads passed every check, ${s.failed} failed; ${items}${why} (${formatDuration(s.durationMs)}, ${r.figures.apiCalls} CRM API calls).`);
  return out;
}

/** What routing decided on, so a failed line can be read without opening the report. */
function leadFacts(l: LeadResult): string {
  const facts = [l.form ? `form ${l.form}` : '', l.country ?? '', l.employees !== undefined ? `${l.employees} employees` : ''].filter(Boolean);
  return facts.length ? `  (${facts.join(', ')})` : '';
}

function flushLines(r: RunReport, runRef: string): string[] {
  const f = r.flush;
  const again = `npx leadproof flush --run ${runRef}`;
  if (f.skipped) {
    return [r.crm.sandbox
      ? 'Flush skipped (--keep): the records lived in the embedded sandbox and ended with it.'
      : `Flush skipped (--keep): test records are still in the CRM; run \`${again}\` to remove them.`];
  }
  const extraBits = [
    f.failed ? `${f.failed} FAILED to delete (run \`${again}\` again)` : '',
    f.refused ? `${f.refused} refused (not test records)` : '',
    f.settled ? `${f.settled} lead(s) never appeared in the CRM by their deadline (settled)` : '',
  ].filter(Boolean);
  const out = [`Flush: ${f.deleted} test record(s) deleted${extraBits.length ? `, ${extraBits.join(', ')}` : ''}.`];
  if (f.unaccounted) out.push(`${f.unaccounted} lead(s) may still arrive until ${f.pendingUntil}; run \`npx leadproof flush --orphans\` after that.`);
  return out;
}
