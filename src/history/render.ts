/**
 * history.html: the trend a RevOps lead shows in a monthly review, one self-contained page
 * (inline CSS and SVG, no script, no network), one section per CRM account and suite with
 * production first. All times in UTC, as in report.html.
 */
import { CSS } from '../report/html/style.js';
import { readableDay, readableTime, TIME_ZONE } from '../report/html/time.js';
import { escapeXml as x, seconds } from '../report/xml.js';
import { renderLineChart } from './chart.js';
import type { History, HistorySection } from './model.js';

const VERDICT_COLOUR = { PASSED: '#1b7f3b', INCOMPLETE: '#9a6700', FAILED: '#b42318' } as const;
const VERDICT_CLASS = { PASSED: 'ok', INCOMPLETE: 'pending', FAILED: 'bad' } as const;
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

const HISTORY_CSS = `
section.account { margin-top: 28px; }
.key { display: inline-block; width: 22px; height: 0; border-top-width: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
.branches { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 8px 20px; }
`;

export function renderHistoryHtml(h: History): string {
  const runs = h.sections.reduce((n, s) => n + s.runs.length, 0);
  const filters = [h.filters.since ? `since ${readableTime(h.filters.since)}` : '', h.filters.account ? `account ${h.filters.account}` : ''].filter(Boolean).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>leadproof history — ${runs} run${runs === 1 ? '' : 's'}</title>
<style>${CSS}${HISTORY_CSS}</style></head>
<body><main>
<h1>Go-to-market funnel test history</h1>
<div class="meta" id="when">${runs} run${runs === 1 ? '' : 's'} from ${x(h.reportsDir)}${filters ? ` (${x(filters)})` : ''} · written ${x(readableTime(h.generatedAt))} · all times in ${TIME_ZONE}</div>
${h.sections.length > 1 ? `<p class="meta">${h.sections.length} separate lines of runs: each CRM account, environment, stack and scenario folder has its own section, so a sandbox run never averages with production.</p>` : ''}
${h.sections.map(renderSection).join('\n')}
${renderSkipped(h)}
</main></body></html>
`;
}

function renderSection(s: HistorySection): string {
  const env = s.crm.sandbox ? 'sandbox' : 'production';
  const last = s.runs.at(-1)!;
  return `<section class="account" id="${x(s.id)}" data-account="${x(s.crm.account)}" data-env="${env}">
<h2>${x(s.crm.account)}</h2>
<div class="env ${env}"><strong>${env === 'sandbox' ? 'Sandbox' : 'Production CRM'}</strong>${x(s.crm.kind)} ${x(s.crm.account)}${s.stack ? ` · stack ${x(s.stack)}` : ''} · scenarios from ${x(s.scenarios.join(', '))}
<span class="why">${s.runs.length} run${s.runs.length === 1 ? '' : 's'}, ${x(readableTime(s.runs[0]!.startedAt))} → ${x(readableTime(last.startedAt))}; last verdict <span class="${VERDICT_CLASS[last.verdict]}">${last.verdict}</span></span></div>
<h3>Pass rate per run</h3>
${renderPassRate(s)}
<h3>Time to owner per branch</h3>
${renderBranches(s)}
<h3>Failures by cause</h3>
${renderCauses(s)}
<h3>Sign-offs</h3>
${renderSignOffs(s)}
<h3>Runs</h3>
${renderRuns(s)}
</section>`;
}

function renderPassRate(s: HistorySection): string {
  return renderLineChart({
    label: `Pass rate per run, ${s.crm.account}`,
    yMax: 1,
    yLabel: (y) => pct(y),
    tLabel: axisLabel(s),
    series: [{
      name: 'pass rate', colour: '#57606a',
      points: s.runs.map((r) => ({ t: Date.parse(r.startedAt), y: r.passRate, colour: VERDICT_COLOUR[r.verdict], title: `${r.runId} · ${readableTime(r.startedAt)} · ${r.verdict} · ${r.passed} of ${r.total} leads passed` })),
    }],
    markers: s.signOffs.map((o) => ({ t: Date.parse(o.approvedAt), title: `Signed off by ${o.approver} (${o.role}) · ${readableTime(o.approvedAt)}` })),
  }) + `<p class="meta">Each dot is a run: share of its synthetic leads that passed (green PASSED, amber INCOMPLETE, red FAILED).${s.signOffs.length ? ' Blue diamonds: sign-offs.' : ''}</p>`;
}

/** Days on the axis; the time too when every run fell within two days (the ends would read alike). */
function axisLabel(s: HistorySection): (t: number) => string {
  const ts = s.runs.map((r) => Date.parse(r.startedAt));
  return Math.max(...ts) - Math.min(...ts) < 2 * 86_400_000 ? (t) => readableTime(new Date(t).toISOString()) : readableDay;
}

function renderBranches(s: HistorySection): string {
  if (s.branches.length === 0) return '<p class="meta">No lead had a routing branch, so there is nothing to chart.</p>';
  const charts = s.branches.map((b) => {
    const slowest = Math.max(0, ...b.points.flatMap((p) => [p.p50 ?? 0, p.p95 ?? 0]));
    // An SLA far above every point would flatten the lines onto the axis: it is then said, not drawn.
    const slaDrawn = b.slaMs <= slowest * 2;
    const yMax = (slaDrawn ? Math.max(b.slaMs, slowest) * 1.1 : slowest * 1.25) || 1;
    const title = (p: (typeof b.points)[number], v: number | null, what: string) =>
      `${b.branch} · ${p.runId} · ${readableTime(p.startedAt)} · ${what} ${seconds(v)} over ${p.n} lead${p.n === 1 ? '' : 's'}${p.unassigned ? `, ${p.unassigned} never assigned` : ''}`;
    const chart = renderLineChart({
      label: `Time to owner, ${b.branch}`, width: 420, height: 170, yMax, yLabel: (y) => seconds(y), tLabel: axisLabel(s),
      ...(slaDrawn ? { rule: { y: b.slaMs, title: `SLA ${seconds(b.slaMs)}` } } : {}),
      series: [
        { name: 'p50', colour: '#0969da', points: b.points.map((p) => ({ t: Date.parse(p.startedAt), y: p.p50, title: title(p, p.p50, 'p50') })) },
        { name: 'p95', colour: '#8250df', dashed: true, points: b.points.map((p) => ({ t: Date.parse(p.startedAt), y: p.p95, title: title(p, p.p95, 'p95') })) },
      ],
    });
    const unassigned = b.points.reduce((n, p) => n + p.unassigned, 0);
    const sla = slaDrawn ? '' : ` <span class="meta sla">SLA ${x(seconds(b.slaMs))}, above every point</span>`;
    return `<div class="branch" data-branch="${x(b.branch)}"><strong>${x(b.branch)}</strong>${sla}${unassigned ? ` <span class="bad">${unassigned} lead${unassigned === 1 ? '' : 's'} never assigned</span>` : ''}${chart}</div>`;
  });
  return `<div class="branches">${charts.join('')}</div><p class="meta">Per run, time from form submission to owner assignment on the branch: p50 (solid) and p95 (dashed), nearest rank, so with few leads p95 is the slowest lead. Amber dashed line: the branch's SLA (named beside the branch instead when it is far above every point).</p>`;
}

function renderCauses(s: HistorySection): string {
  if (s.causes.length === 0) return '<p class="meta">No run in this section failed.</p>';
  const rows = s.causes.map((c) => `<tr data-cause="${x(c.cause)}"><td>${x(c.cause)}</td><td class="num">${c.runs} of ${s.runs.length}</td><td class="num">${c.leads}</td><td>${x(readableTime(c.firstSeen))}</td><td>${x(readableTime(c.lastSeen))} <span class="meta">${x(c.lastRunId)}</span></td></tr>`);
  return `<table class="causes"><thead><tr><th>Cause</th><th>Runs</th><th>Leads</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderSignOffs(s: HistorySection): string {
  if (s.signOffs.length === 0) return '<p class="meta">No run in this section was signed off (<code>npx leadproof sign-off</code>).</p>';
  const rows = s.signOffs.map((o) => `<tr class="sign-off"><td>${x(readableTime(o.approvedAt))}</td><td>${x(o.approver)} <span class="meta">${x(o.role)}</span></td><td>${x(o.runId)}</td><td>${x(o.verdict ?? '—')}${o.acceptedFailures ? ` <span class="meta">failures accepted: ${x(o.acceptedFailures)}</span>` : ''}</td></tr>`);
  return `<table><thead><tr><th>Signed off</th><th>By</th><th>Run</th><th>Verdict approved</th></tr></thead><tbody>${rows.join('')}</tbody></table><p class="meta">As recorded in each run's approval.dsse.json; check one with <code>npx leadproof verify &lt;run dir&gt; --key builder.pub --approver-key approver.pub</code>.</p>`;
}

function renderRuns(s: HistorySection): string {
  const rows = [...s.runs].reverse().map((r) => {
    const note = r.mergedFrom ? ` <span class="tag">merged from ${r.mergedFrom.length} shards</span>` : r.shard ? ` <span class="tag">shard ${x(r.shard)} only</span>` : '';
    return `<tr data-run="${x(r.runId)}"><td>${x(readableTime(r.startedAt))}</td><td><a href="${x(`${r.dir.split('/').map(encodeURIComponent).join('/')}/report.html`)}">${x(r.runId)}</a>${note}</td><td class="${VERDICT_CLASS[r.verdict]}">${r.verdict}</td><td class="num">${r.passed} of ${r.total} (${pct(r.passRate)})</td><td>${r.signed ? 'signed' : '<span class="meta">unsigned</span>'}</td></tr>`;
  });
  return `<table><thead><tr><th>Started</th><th>Run</th><th>Verdict</th><th>Leads passed</th><th>Signature</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderSkipped(h: History): string {
  if (h.skipped.length === 0) return '';
  return `<h2>Not included</h2><ul class="skipped">${h.skipped.map((s) => `<li><code>${x(s.file)}</code>: ${x(s.reason)}</li>`).join('')}</ul>`;
}
