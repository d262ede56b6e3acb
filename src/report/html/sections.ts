/** The tables of the HTML report. Every value from the CRM or a scenario goes through escapeXml. */
import type { ChecklistVerdict } from '../../attest/predicates.js';
import { FILLED_FORM_SCREENSHOT } from '../../forms/evidence.js';
import type { CheckResult, LeadResult, RunReport } from '../model.js';
import { escapeXml as x, seconds, show } from '../xml.js';
import { PARTS } from '../definition-of-done.js';
import { statusOf, type ItemStatus } from './header.js';
import { readableTime, readableTimesIn } from './time.js';

/** Checklist marks: an item no lead exercised is "not covered", never a ✗. */
const MARKS: Record<ItemStatus, { mark: string; css: string; words: string }> = {
  done: { mark: '✓', css: 'ok', words: 'done' },
  failed: { mark: '✗', css: 'bad', words: 'not done' },
  'not-covered': { mark: '–', css: 'pending', words: 'not covered' },
  attested: { mark: '✍', css: 'ok', words: 'attested' },
};

/** How each kind of proof reads in a "not covered" tag: what would prove it. */
const OWED: Record<NonNullable<ChecklistVerdict['proof']>, string> = {
  run: 'not covered', evidence: 'not covered: no evidence file', attestation: 'to be attested', 'sign-off': 'awaiting sign-off',
};

/** The checklist; items that carry a part (four-part reports) are grouped under their part. */
export function renderChecklist(items: ChecklistVerdict[]): string {
  if (!items.some((i) => i.part)) return checklistList(items);
  return PARTS.map((p) => {
    const of = items.filter((i) => i.part === p.id);
    const done = of.filter((i) => statusOf(i) === 'done' || statusOf(i) === 'attested').length;
    return `<h3 data-part="${p.id}">${x(p.label)} <span class="meta">${done} of ${of.length}</span></h3>${checklistList(of)}`;
  }).join('\n');
}

function checklistList(items: ChecklistVerdict[]): string {
  const li = items.map((i) => {
    const status = statusOf(i);
    const m = MARKS[status];
    const tag = status === 'not-covered' ? ` <span class="tag pending">${OWED[i.proof ?? 'run']}</span>` : status === 'attested' ? ' <span class="tag ok">attested</span>' : '';
    const by = i.attestation ? ` — attested by ${i.attestation.name} (${i.attestation.role}): “${i.attestation.statement}” ${i.attestation.link}` : '';
    return `<li data-item="${x(i.id)}" data-done="${i.done}" data-status="${status}"><span class="mark ${m.css}" aria-label="${m.words}">${m.mark}</span>` +
      `<span><strong>${x(i.label)}</strong>${tag}<span class="why">${x(readableTimesIn(i.evidence) + by)}</span></span></li>`;
  });
  return `<ul class="checklist">${li.join('')}</ul>`;
}

export function renderRoutingMatrix(report: RunReport): string {
  // Grouped by branch so a RevOps reader scans one branch's leads together.
  const rows = report.leads.filter((l) => l.owner || l.branch).sort((a, b) => (a.branch ?? '').localeCompare(b.branch ?? ''));
  if (rows.length === 0) return '<p class="meta">No lead had an owner expectation.</p>';
  const body = rows.map((l) => {
    const t = l.timings.timeToOwnerMs;
    const inSla = t !== null && t <= l.timings.slaMs;
    const ownerChecks = l.checks.filter((c) => c.kind === 'owner');
    const ownerOk = ownerChecks.every((c) => c.passed);
    return `<tr><td>${x(l.branch ?? l.scenario)}${edges(l)}</td><td>${x(l.owner?.expected ?? '—')}</td>` +
      `<td class="${ownerOk ? 'ok' : 'bad'}">${x(l.owner?.actual ?? 'nobody')}${decidedBy(ownerChecks.find((c) => c.decidedBy))}</td>` +
      `<td class="num ${inSla ? 'ok' : 'bad'}">${x(seconds(t))}</td><td class="num">${x(seconds(l.timings.slaMs))}</td>` +
      `<td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`;
  });
  return table(['Branch', 'Expected owner', 'Actual owner', 'Time to owner', 'SLA', 'Lead'], body);
}

/**
 * The CRM's actual value of every source/UTM field for every lead. A value nobody asserted is
 * still shown (it is where the CRM says the lead came from), marked "not checked"; a field the
 * CRM holds no value in reads "empty" — the two never look alike.
 */
export function renderChannelTable(report: RunReport): string {
  const rows = report.leads.filter((l) => l.channel || l.sourceFields).sort((a, b) => (a.channel ?? '').localeCompare(b.channel ?? ''));
  if (rows.length === 0) return '<p class="meta">No lead declared a channel.</p>';
  const fields = [...new Set(rows.flatMap((l) => Object.keys(l.sourceFields ?? {})))];
  const body = rows.map((l) => {
    const cells = fields.map((f) => sourceCell(l, f)).join('');
    return `<tr data-lead="${x(l.key)}"><td>${x(l.channel ?? '—')}</td><td>${x(utm(l))}</td>${cells}<td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`;
  });
  const legend = '<p class="meta legend">Values as the CRM holds them. <span class="tag ok">✓ checked</span> / <span class="tag bad">✗ checked</span>: asserted by this lead\'s scenario; ' +
    '<span class="tag">not checked</span>: read from the CRM, asserted by no check of this lead; <span class="empty">empty</span>: the CRM holds no value; <span class="unread">not read</span>: not read for this lead.</p>';
  // One column per field can outgrow the page: the table scrolls on its own, the page does not.
  return `${legend}<div class="wide">${table(['Channel', 'UTMs sent', ...fields, 'Lead'], body)}</div>`;
}

function sourceCell(l: LeadResult, f: string): string {
  if (!l.sourceFields || !(f in l.sourceFields)) return `<td data-field="${x(f)}" data-state="not-read"><span class="unread">not read</span></td>`;
  const v = l.sourceFields[f];
  const value = v === null || v === '' ? '<span class="empty">empty</span>' : x(v);
  // Reports written before assertedFields existed held only asserted fields.
  const asserted = l.assertedFields ? l.assertedFields.includes(f) : true;
  if (!asserted) return `<td data-field="${x(f)}" data-state="not-checked" class="unchecked">${value} <span class="tag">not checked</span></td>`;
  const check = l.checks.find((c) => c.kind === 'field' && (c.name === `field ${f}` || c.name.startsWith(`field ${f} (`)));
  const tag = !check ? '<span class="tag">checked</span>' : check.passed ? '<span class="tag ok">✓ checked</span>' : '<span class="tag bad">✗ checked</span>';
  return `<td data-field="${x(f)}" data-state="checked">${value} ${tag}</td>`;
}

/** Failed checks with expected vs actual and the lead's screenshot (already a data: URI). */
export function renderFailures(report: RunReport, images: Map<string, string>): string {
  const failed = report.leads.filter((l) => !l.passed);
  if (failed.length === 0) return '<p class="ok">No failed checks.</p>';
  return failed.map((l) => {
    const rows = l.checks.filter((c) => !c.passed).map(
      (c) => `<tr><td>${x(c.name)}</td><td>${x(show(c.expected))}</td><td>${x(show(c.actual))}</td><td>${x(readableTimesIn(c.message))}${decidedBy(c)}</td></tr>`,
    );
    // The filled form just before submit (when captured) first, then the page after submission.
    const img = l.evidence.filter((e) => e.kind === 'screenshot' && images.has(e.path)).map((e) => {
      const what = e.path.endsWith(FILLED_FORM_SCREENSHOT) ? 'the filled form just before submit' : 'the page after submission';
      return `<img alt="Screenshot of ${what} for ${x(l.key)}" title="${what}" src="${images.get(e.path)}">`;
    }).join('');
    return `<div class="failure" data-lead="${x(l.key)}"><strong>${x(l.scenario)}</strong> <span class="meta">${x(l.key)} · ${x(l.email)} · record ${x(l.recordId ?? 'none')}</span>` +
      (rows.length ? table(['Check', 'Expected', 'Actual', 'What happened'], rows) : '<p>The lead failed before any check was decided.</p>') + img + '</div>';
  }).join('\n');
}

export function renderLeads(report: RunReport): string {
  // A --replay run says per lead whether it went through the page or was replayed over HTTP.
  const via = report.leads.some((l) => l.via);
  const body = report.leads.map(
    (l) => `<tr><td>${x(l.key)}</td><td>${x(l.scenario)}</td><td>${x(l.email)}</td><td>${x(readableTime(l.timings.submittedAt))}</td>${via ? `<td data-via="${x(l.via ?? 'browser')}">${l.via === 'replay' ? 'replayed' : 'browser'}</td>` : ''}<td>${x(l.recordId ?? '—')}</td>` +
      `<td class="num">${l.checks.filter((c) => c.passed).length}/${l.checks.length}</td><td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`,
  );
  return table(['Lead', 'Scenario', 'Email', 'Submitted', ...(via ? ['Sent via'] : []), 'CRM record', 'Checks', 'Result'], body);
}

function table(head: string[], rows: string[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${x(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The workflow/rule/user the CRM says made the change, under the check it decided. */
function decidedBy(c: CheckResult | undefined): string {
  return c?.decidedBy ? `<span class="by">decided by ${x(c.decidedBy)}</span>` : '';
}

function edges(l: LeadResult): string {
  return l.edge?.length ? ` <span class="meta">(${x(l.edge.join(', '))})</span>` : '';
}

function utm(l: LeadResult): string {
  return l.utm ? Object.entries(l.utm).map(([k, v]) => `${k}=${v}`).join(' ') : '—';
}
