/**
 * report.html: one self-contained page (inline CSS and SVG, screenshots as data: URIs) that a
 * non-engineer can read. Where it ran and the verdict first, then whether it is signed and
 * approved, what failed by cause, the definition of done, then the detail. All times in UTC.
 */
import type { ChecklistVerdict } from '../../attest/predicates.js';
import type { RunReport } from '../model.js';
import { escapeXml as x, seconds } from '../xml.js';
import { renderChart } from './chart.js';
import { groupFailures, type FailureGroup } from '../failure-groups.js';
import { crmName, renderCauses, renderEnvironment, renderTrust, renderVerdict, verdictOf, type SignatureStatus } from './header.js';
import { renderChannelTable, renderChecklist, renderFailures, renderLeads, renderRoutingMatrix } from './sections.js';
import { renderRoutingCoverage } from './coverage.js';
import { CSS } from './style.js';
import { renderCampaigns } from './campaigns.js';
import type { CampaignsReport } from '../../campaigns/report.js';
import { volumeHtml } from '../../volume-report/index.js';
import { readableTime, TIME_ZONE } from './time.js';

export type { SignatureStatus } from './header.js';

export interface HtmlInput {
  report: RunReport;
  checklist: ChecklistVerdict[];
  signature: SignatureStatus;
  /** Evidence path → data: URI, for screenshots. */
  images: Map<string, string>;
  /** Failed leads grouped by cause; computed from the report when not given. */
  failureGroups?: FailureGroup[];
  /** Sections another stage rendered for this run (e.g. "Changes since <baseline>"), shown after the failures. */
  sections?: HtmlSection[];
  /** The campaign-URL check the run took in as evidence (campaigns.json in the run folder). */
  campaigns?: CampaignsReport;
}

/** A ready-made section of the page: `html` is already escaped by the stage that rendered it. */
export interface HtmlSection {
  id: string;
  title: string;
  html: string;
}

export function renderHtml({ report, checklist, signature, images, failureGroups, sections, campaigns }: HtmlInput): string {
  const s = report.summary;
  const verdict = verdictOf(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>leadproof ${x(verdict)} — ${x(report.runId)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>Go-to-market funnel test report</h1>
<div class="meta" id="when">Run ${x(report.runId)} · ${x(readableTime(report.startedAt))} → ${x(readableTime(report.finishedAt))} · ${x(seconds(s.durationMs))} · all times in ${TIME_ZONE}</div>
${renderEnvironment(report)}
${renderVerdict(report, checklist)}
${renderTrust(report, signature)}
${renderCauses(failureGroups ?? report.failureGroups ?? groupFailures(report))}
${(sections ?? []).map((sec) => `<section id="${x(sec.id)}"><h2>${x(sec.title)}</h2>\n${sec.html}</section>`).join('\n')}
<h2 id="checklist">Definition of done</h2>
${renderChecklist(checklist)}
${renderSignOffsPointer()}
${campaigns ? `<section id="campaigns"><h2>Campaign URLs</h2>\n${renderCampaigns(campaigns)}</section>` : ''}
<h2>Routing matrix</h2>
${renderRoutingMatrix(report)}
${renderRoutingCoverage(report.routingCoverage)}
<h2>Time to owner per branch</h2>
${renderChart(report)}
${report.volume ? `<h2 id="volume">Volume</h2>\n${volumeHtml(report.volume, report.pools ?? [])}` : ''}
<h2>Source fields per lead</h2>
${renderChannelTable(report)}
<h2>Failed checks</h2>
${renderFailures(report, images)}
<h2>All leads</h2>
${renderLeads(report)}
<h2>Checking the signature</h2>
${renderSignature(report, signature)}
<h2>Run details</h2>
${renderDetails(report)}
</main></body></html>
`;
}

/**
 * Where the sign-offs show. This page is signed with the run, so `attest` and `sign-off` (which
 * come later) cannot write into it without breaking that signature: they write sign-offs.html
 * beside it instead, rebuilt from the signed files each time.
 */
function renderSignOffsPointer(): string {
  return `<p class="meta" id="sign-offs">Who attested and signed off what, and what the sign-off policy still requires: <a href="sign-offs.html">sign-offs.html</a> beside this page (written by <code>npx leadproof attest</code> and <code>npx leadproof sign-off</code> from the signed files; <code>npx leadproof verify &lt;run folder&gt; --key builder.pub --policy</code> checks the same).</p>`;
}

function renderSignature(report: RunReport, sig: SignatureStatus): string {
  // This page is itself a subject of the attestation, so it can state who signed but cannot
  // contain the signature; the check is always `leadproof verify` against the files.
  const how = `Check it offline: <code>npx leadproof verify &lt;run folder&gt; --key builder.pub</code>. An approver signs off with <code>npx leadproof sign-off</code>, which writes approvals/&lt;role&gt;-&lt;key&gt;.dsse.json beside this file; <code>npx leadproof attest</code> adds signed statements for items no run can prove (attestations/).`;
  if (sig.signed) {
    return `<div class="signature"><span class="ok">Signed</span> by key <code>${x(sig.keyid?.slice(0, 16))}</code> (${x(sig.algorithm)}) in attestation.dsse.json, covering report.json, junit.xml, this page and every evidence file. ${how}</div>`;
  }
  return `<div class="signature"><span class="bad">Unsigned.</span> The attestation was written without a signature. Create a key with <code>npx leadproof keygen --out keys/</code> and sign this run with <code>npx leadproof sign &lt;run folder&gt; --key keys/leadproof.key</code> (or run again with <code>--signing-key keys/leadproof.key</code>).</div>`;
}

function renderDetails(r: RunReport): string {
  const rows: [string, string][] = [
    ['leadproof', r.tool.version],
    ['CRM', `${crmName(r.crm)}, ${r.crm.sandbox ? 'sandbox' : 'production'}${r.crm.baseUrl ? `, ${r.crm.baseUrl}` : ''}`],
    ['Stack', r.stack ? `${r.stack.name} (${r.stack.file}, sha256 ${r.stack.sha256.slice(0, 12)})` : '—'],
    ['Started / finished', `${readableTime(r.startedAt)} / ${readableTime(r.finishedAt)}`],
    ['Scenarios', r.scenarios.map((s) => `${s.file} (sha256 ${s.sha256.slice(0, 12)})`).join(', ')],
    ['Git commit', r.git ? `${r.git.commit}${r.git.dirty ? ' (uncommitted changes)' : ''}` : '—'],
    ['Shard', r.shard ? `${r.shard.current}/${r.shard.total}` : r.mergedFrom ? `merged from ${r.mergedFrom.length} shards` : '—'],
    ['Test domain', r.testDomain],
    ['Seed', String(r.seed)],
    ['Flush', r.flush.skipped ? 'skipped' : `${r.flush.deleted} deleted, ${r.flush.failed} failed, ${r.flush.refused} refused`],
    ['API calls / submissions', `${r.figures.apiCalls} / ${r.figures.submissions}`],
  ];
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th>${x(k)}</th><td>${x(v)}</td></tr>`).join('')}</tbody></table>`;
}
