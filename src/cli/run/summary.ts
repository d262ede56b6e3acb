/** The console summary: what a RevOps person reads first. */
import type { RunReport } from '../../report/model.js';
import { formatDuration } from '../../scenario/duration.js';

export function printSummary(r: RunReport, extra: { reportHtml?: string; playwrightReport?: string; artifactsMessage?: string; runRef: string }): void {
  const out: string[] = [''];
  out.push(`leadproof run ${r.runId} — ${r.crm.account}${r.crm.sandbox ? " (sandbox)" : ""}${r.stack ? ` — stack "${r.stack.name}"` : ''}`);
  for (const l of r.leads) {
    out.push(`${l.passed ? '  ✓' : '  ✗'} ${l.scenario}${l.branch ? `  [${l.branch}]` : ''}`);
    if (!l.passed) for (const c of l.checks.filter((x) => !x.passed)) out.push(`      ✗ ${c.name}: ${c.message}`);
  }
  const s = r.summary;
  out.push('');
  out.push(`${s.failed === 0 ? 'PASSED' : 'FAILED'}: ${s.passed} of ${s.total} leads passed every check, ${s.failed} failed (${formatDuration(s.durationMs)}, ${r.figures.apiCalls} CRM API calls).`);
  const f = r.flush;
  const again = `npx leadproof flush --run ${extra.runRef}`;
  if (f.skipped) {
    out.push(r.crm.sandbox
      ? 'Flush skipped (--keep): the records lived in the embedded sandbox and ended with it.'
      : `Flush skipped (--keep): test records are still in the CRM; run \`${again}\` to remove them.`);
  } else {
    const extraBits = [
      f.failed ? `${f.failed} FAILED to delete (run \`${again}\` again)` : '',
      f.refused ? `${f.refused} refused (not test records)` : '',
      f.settled ? `${f.settled} lead(s) never appeared in the CRM by their deadline (settled)` : '',
    ].filter(Boolean);
    out.push(`Flush: ${f.deleted} test record(s) deleted${extraBits.length ? `, ${extraBits.join(', ')}` : ''}.`);
    if (f.unaccounted) out.push(`${f.unaccounted} lead(s) may still arrive until ${f.pendingUntil}; run \`npx leadproof flush --orphans\` after that.`);
  }
  if (extra.reportHtml) out.push(`Report: ${extra.reportHtml}`);
  if (extra.playwrightReport) out.push(`Browser report: npx playwright show-report ${extra.playwrightReport}`);
  if (extra.artifactsMessage) out.push(extra.artifactsMessage);
  console.log(out.join('\n'));
}
