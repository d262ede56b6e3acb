/** The tables of the HTML report. Every value from the CRM or a scenario goes through escapeXml. */
import type { ChecklistVerdict } from '../../attest/predicates.js';
import { FILLED_FORM_SCREENSHOT } from '../../forms/evidence.js';
import type { LeadResult, RunReport } from '../model.js';
import { escapeXml as x, seconds, show } from '../xml.js';

export function renderChecklist(items: ChecklistVerdict[]): string {
  const li = items.map(
    (i) =>
      `<li data-item="${x(i.id)}" data-done="${i.done}"><span class="mark ${i.done ? 'ok' : 'bad'}" aria-label="${i.done ? 'done' : 'not done'}">${i.done ? '✓' : '✗'}</span>` +
      `<span><strong>${x(i.label)}</strong><span class="why">${x(i.evidence)}</span></span></li>`,
  );
  return `<ul class="checklist">${li.join('')}</ul>`;
}

export function renderRoutingMatrix(report: RunReport): string {
  // Grouped by branch so a RevOps reader scans one branch's leads together.
  const rows = report.leads.filter((l) => l.owner || l.branch).sort((a, b) => (a.branch ?? '').localeCompare(b.branch ?? ''));
  if (rows.length === 0) return '<p class="meta">No lead had an owner expectation.</p>';
  const body = rows.map((l) => {
    const t = l.timings.timeToOwnerMs;
    const inSla = t !== null && t <= l.timings.slaMs;
    const ownerOk = l.checks.filter((c) => c.kind === 'owner').every((c) => c.passed);
    return `<tr><td>${x(l.branch ?? l.scenario)}${edges(l)}</td><td>${x(l.owner?.expected ?? '—')}</td>` +
      `<td class="${ownerOk ? 'ok' : 'bad'}">${x(l.owner?.actual ?? 'nobody')}</td>` +
      `<td class="num ${inSla ? 'ok' : 'bad'}">${x(seconds(t))}</td><td class="num">${x(seconds(l.timings.slaMs))}</td>` +
      `<td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`;
  });
  return table(['Branch', 'Expected owner', 'Actual owner', 'Time to owner', 'SLA', 'Lead'], body);
}

export function renderChannelTable(report: RunReport): string {
  const rows = report.leads.filter((l) => l.channel || l.sourceFields).sort((a, b) => (a.channel ?? '').localeCompare(b.channel ?? ''));
  if (rows.length === 0) return '<p class="meta">No lead declared a channel.</p>';
  const fields = [...new Set(rows.flatMap((l) => Object.keys(l.sourceFields ?? {})))];
  const body = rows.map((l) => {
    const cells = fields.map((f) => `<td>${x(show(l.sourceFields?.[f]))}</td>`).join('');
    return `<tr><td>${x(l.channel ?? '—')}</td><td>${x(utm(l))}</td>${cells}<td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`;
  });
  return table(['Channel', 'UTMs sent', ...fields, 'Lead'], body);
}

/** Failed checks with expected vs actual and the lead's screenshot (already a data: URI). */
export function renderFailures(report: RunReport, images: Map<string, string>): string {
  const failed = report.leads.filter((l) => !l.passed);
  if (failed.length === 0) return '<p class="ok">No failed checks.</p>';
  return failed.map((l) => {
    const rows = l.checks.filter((c) => !c.passed).map(
      (c) => `<tr><td>${x(c.name)}</td><td>${x(show(c.expected))}</td><td>${x(show(c.actual))}</td><td>${x(c.message)}</td></tr>`,
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
  const body = report.leads.map(
    (l) => `<tr><td>${x(l.key)}</td><td>${x(l.scenario)}</td><td>${x(l.email)}</td><td>${x(l.recordId ?? '—')}</td>` +
      `<td class="num">${l.checks.filter((c) => c.passed).length}/${l.checks.length}</td><td class="${l.passed ? 'ok' : 'bad'}">${l.passed ? 'pass' : 'fail'}</td></tr>`,
  );
  return table(['Lead', 'Scenario', 'Email', 'CRM record', 'Checks', 'Result'], body);
}

function table(head: string[], rows: string[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${x(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function edges(l: LeadResult): string {
  return l.edge?.length ? ` <span class="meta">(${x(l.edge.join(', '))})</span>` : '';
}

function utm(l: LeadResult): string {
  return l.utm ? Object.entries(l.utm).map(([k, v]) => `${k}=${v}`).join(' ') : '—';
}
