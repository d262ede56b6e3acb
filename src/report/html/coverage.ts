/** The "Routing coverage" section: rules/workflows that acted on the run's leads, and the ones no scenario reached. */
import type { RoutingCoverage } from '../../coverage/types.js';
import { escapeXml as x } from '../xml.js';

export function renderRoutingCoverage(c: RoutingCoverage | undefined): string {
  if (!c) return '';
  const note = c.status === 'listed'
    ? c.attribution === 'owner'
      ? '<p class="meta">The CRM\'s history does not name the rule that assigned a lead; each lead is counted for the first active rule entry that assigns its owner.</p>'
      : '<p class="meta">Read from the CRM\'s own field history (the workflow that made each change) and its list of workflows.</p>'
    : `<p class="pending" id="coverage-unavailable">${x(c.message ?? 'The CRM did not list its rules.')}</p>`;
  const acted = c.acted.length
    ? `<table><thead><tr><th>Rule / workflow</th><th>Id</th><th>Set</th><th class="num">Leads</th><th>Branches</th></tr></thead><tbody>${c.acted
        .map((a) => `<tr><td>${x(a.name ?? '(not in the CRM\'s list)')}</td><td><code>${x(a.id)}</code></td><td>${x(a.on.join(', '))}</td><td class="num">${a.leads}</td><td>${x(a.branches.join('; '))}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="meta">No rule or workflow is recorded as acting on the run\'s leads.</p>';
  const unreached = c.status !== 'listed'
    ? ''
    : c.unreached.length
      ? `<h3>Not reached by any scenario</h3><ul id="coverage-unreached">${c.unreached
          .map((u) => `<li>${x(u.name)} <code>${x(u.id)}</code>${u.enabled ? ' <span class="tag pending">no scenario</span>' : ' <span class="tag">switched off</span>'}</li>`)
          .join('')}</ul>`
      : '<p class="ok">Every listed rule and workflow was reached by at least one scenario.</p>';
  return `<h2 id="routing-coverage">Routing coverage</h2>\n${note}\n${acted}\n${unreached}`;
}
