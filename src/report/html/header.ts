/**
 * The top of report.html, what someone deciding a go-live reads first: which CRM the run touched
 * (sandbox or production), the verdict, whether the page is signed and approved, and what failed.
 */
import type { ChecklistVerdict } from '../../attest/predicates.js';
import type { RunReport } from '../model.js';
import { escapeXml as x } from '../xml.js';
import type { FailureGroup } from '../model.js';

export type Verdict = NonNullable<RunReport['summary']['verdict']>;
export type ItemStatus = NonNullable<ChecklistVerdict['status']>;

/** The run's verdict; reports written before the three-state verdict have only pass/fail counts. */
export function verdictOf(report: RunReport): Verdict {
  const s = report.summary;
  return s.verdict ?? (s.failed || s.total === 0 ? 'FAILED' : 'PASSED');
}

export function statusOf(item: ChecklistVerdict): ItemStatus {
  return item.status ?? (item.done ? 'done' : 'failed');
}

/** "HubSpot portal 424242": the adapter's account label already names the CRM; older labels may not. */
export function crmName(crm: RunReport['crm']): string {
  return crm.account.toLowerCase().includes(crm.kind) ? crm.account : `${crm.kind} ${crm.account}`;
}

export function renderEnvironment(report: RunReport): string {
  const { crm, stack } = report;
  const parts = [crmName(crm), ...(crm.baseUrl ? [crm.baseUrl] : [])];
  if (crm.sandbox) {
    if (stack) parts.push(`stack ${stack.name} (${stack.file})`);
    return `<section id="environment" class="env sandbox" data-env="sandbox"><strong>Sandbox</strong> ${x(parts.join(' · '))}` +
      '<span class="why">leadproof\'s embedded CRM, not your live portal or org: these results prove the scenarios and the harness, not your production routing.</span></section>';
  }
  const flushed = report.flush.skipped ? 'and left there (flush was skipped)' : 'and flushed afterwards (see "Test records flushed")';
  return `<section id="environment" class="env production" data-env="production"><strong>Production CRM</strong> ${x(parts.join(' · '))}` +
    `<span class="why">Test leads were created in this live CRM ${flushed}.</span></section>`;
}

export function renderVerdict(report: RunReport, all: ChecklistVerdict[]): string {
  // The banner counts the items that decide the verdict; the four parts below show the rest.
  const checklist = all.filter((i) => i.inVerdict !== false);
  const s = report.summary;
  const verdict = verdictOf(report);
  const count = (st: ItemStatus) => checklist.filter((i) => statusOf(i) === st).length;
  const notCovered = count('not-covered');
  const sub = `${s.passed} of ${s.total} synthetic leads passed · ${count('done')} of ${checklist.length} definition-of-done items met` +
    (notCovered ? ` · ${notCovered} not covered` : '');
  const why = verdict === 'INCOMPLETE'
    ? `<span class="why">Every check passed, but ${notCovered || 'some'} definition-of-done item(s) were not exercised by any lead; add scenarios that cover them before go-live.</span>`
    : '';
  return `<section class="verdict ${verdict.toLowerCase()}" id="verdict" data-verdict="${verdict}"><strong>${verdict}</strong>${x(sub)}${why}</section>`;
}

export interface SignatureStatus {
  signed: boolean;
  keyid?: string;
  algorithm?: string;
}

/**
 * Signature and approval status. The page is a subject of the run's attestation, so it is written
 * before any sign-off exists and can never show one: it says so instead of implying approval.
 */
export function renderTrust(report: RunReport, sig: SignatureStatus): string {
  const signature = sig.signed
    ? `<span class="ok">Signed</span> by key <code>${x(sig.keyid?.slice(0, 16))}</code> (${x(sig.algorithm)})`
    : '<span class="bad">Not signed</span>: nothing vouches that these files are what the run produced';
  const approval = sig.signed
    ? `<span class="pending">Awaiting sign-off</span> when this page was written. Approvals and attestations are separate signed files added beside this page afterwards (approvals/, attestations/); <code>npx leadproof verify &lt;run folder&gt; --key builder.pub --policy</code> shows who signed what and what is still owed.`
    : '<span class="pending">Not approvable yet</span>: sign-off needs a signed run.';
  return `<section id="trust" class="trust"><div data-signature="${sig.signed ? 'signed' : 'unsigned'}"><span class="label">Signature</span>${signature}</div>` +
    `<div data-approval="awaiting"><span class="label">Approval</span>${approval}</div></section>`;
}

export function renderCauses(groups: FailureGroup[]): string {
  if (groups.length === 0) return '';
  const li = groups.map(
    (g) => `<li><strong>${x(g.cause)}</strong> — ${g.count} lead${g.count === 1 ? '' : 's'}<span class="why">${x(g.leads.join(', '))}</span></li>`,
  );
  return `<h2 id="causes">What failed, by cause</h2><ul class="causes">${li.join('')}</ul>`;
}
