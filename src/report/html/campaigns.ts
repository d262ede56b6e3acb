/**
 * The "Campaign URLs" section of report.html: the `leadproof campaigns` check the run took in as
 * evidence (campaigns.json copied into the run folder, so this section is signed with the page).
 * One row per URL: URL, channel, campaign, verdict and the reason (the failed criteria, or where it lands).
 */
import type { CampaignResult, Criterion } from '../../campaigns/check.js';
import type { CampaignsReport } from '../../campaigns/report.js';
import { escapeXml as x } from '../xml.js';
import { readableTime } from './time.js';

const NAMES: Record<keyof CampaignResult['checks'], string> = { resolves: 'resolves', utms: 'UTMs kept', form: 'form', cookie: 'cookie', taxonomy: 'taxonomy' };

/** Parses the copied campaigns.json; undefined when it is not one (the checklist already says so). */
export function campaignsOf(bytes: Buffer | undefined): CampaignsReport | undefined {
  if (!bytes) return undefined;
  try {
    const r = JSON.parse(bytes.toString('utf8')) as CampaignsReport;
    return Array.isArray(r.results) && r.summary ? r : undefined;
  } catch {
    return undefined;
  }
}

export function renderCampaigns(r: CampaignsReport): string {
  const reason = (c: CampaignResult) => {
    const failed = (Object.entries(c.checks) as [keyof CampaignResult['checks'], Criterion][]).filter(([, k]) => k.ok === false);
    if (failed.length) return failed.map(([n, k]) => `${NAMES[n]}: ${k.detail}`).join('; ');
    return c.finalUrl && c.finalUrl !== c.url ? `lands on ${c.finalUrl} with every UTM kept` : 'every check passed';
  };
  const rows = r.results.map((c) => `<tr data-campaign-line="${c.line}" data-ok="${c.ok}"><td><code>${x(c.url)}</code></td><td>${x(c.channel ?? '')}</td><td>${x(c.campaign ?? '')}</td>` +
    `<td><span class="${c.ok ? 'ok' : 'bad'}">${c.ok ? 'ready' : 'FAILED'}</span></td><td>${x(reason(c))}</td></tr>`);
  const head = `<p class="meta">Checked ${x(readableTime(r.checkedAt))} from <code>${x(r.file)}</code>${r.taxonomy ? ` against <code>${x(r.taxonomy)}</code>` : ' (no taxonomy)'}: ${r.summary.passed} of ${r.summary.total} ready, ${r.summary.failed} failed. No lead was created by this check.</p>`;
  return `${head}<table class="campaigns"><thead><tr><th>URL</th><th>channel</th><th>campaign</th><th>verdict</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
