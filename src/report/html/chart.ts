/**
 * Time to owner per routing branch as an inline SVG bar chart, with each branch's SLA drawn as
 * a tick so "inside or outside the SLA" is visible at a glance. No script, no network.
 */
import { escapeXml as x, seconds } from '../xml.js';
import type { RunReport } from '../model.js';

interface Bar {
  label: string;
  /** Slowest time to owner on the branch (the one that matters for an SLA). */
  ms: number | null;
  slaMs: number;
  /** Some lead on the branch went to the wrong owner: fast does not mean right. */
  wrongOwner: boolean;
}

export function branchBars(report: RunReport): Bar[] {
  const bars = new Map<string, Bar>();
  for (const lead of report.leads) {
    if (!lead.branch && !lead.owner) continue;
    const label = lead.branch ?? lead.scenario;
    const bar = bars.get(label) ?? { label, ms: null, slaMs: lead.timings.slaMs, wrongOwner: false };
    if (lead.checks.some((c) => c.kind === 'owner' && !c.passed)) bar.wrongOwner = true;
    const t = lead.timings.timeToOwnerMs;
    if (t !== null) bar.ms = Math.max(bar.ms ?? 0, t);
    bar.slaMs = Math.min(bar.slaMs, lead.timings.slaMs);
    bars.set(label, bar);
  }
  return [...bars.values()];
}

export function renderChart(report: RunReport): string {
  const bars = branchBars(report);
  if (bars.length === 0) return '<p class="meta">No lead had a routing branch, so there is nothing to chart.</p>';
  const labelW = 240, plotW = 560, rowH = 26, top = 10;
  const max = Math.max(...bars.map((b) => Math.max(b.ms ?? 0, b.slaMs))) * 1.1 || 1;
  const scale = (ms: number) => (ms / max) * plotW;
  const h = top + bars.length * rowH + 24;
  const rows = bars.map((b, i) => {
    const y = top + i * rowH;
    const over = b.ms === null || b.ms > b.slaMs || b.wrongOwner;
    const bar =
      b.ms === null
        ? `<text x="${labelW + 4}" y="${y + 16}" fill="#b42318">no owner assigned</text>`
        : `<rect x="${labelW}" y="${y + 4}" width="${Math.max(2, scale(b.ms)).toFixed(1)}" height="16" fill="${over ? '#b42318' : '#1b7f3b'}"><title>${x(seconds(b.ms))}</title></rect>` +
          `<text x="${(labelW + scale(b.ms) + 4).toFixed(1)}" y="${y + 16}">${x(seconds(b.ms))}</text>`;
    const sla = `<line x1="${(labelW + scale(b.slaMs)).toFixed(1)}" x2="${(labelW + scale(b.slaMs)).toFixed(1)}" y1="${y + 1}" y2="${y + 23}" stroke="#1f2328" stroke-dasharray="3 2"><title>SLA ${x(seconds(b.slaMs))}</title></line>`;
    return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${x(truncate(b.label, 34))}</text>${bar}${sla}`;
  });
  const axis = `<text x="${labelW}" y="${h - 6}" fill="#5b6472">0</text><text x="${labelW + plotW}" y="${h - 6}" text-anchor="end" fill="#5b6472">${x(seconds(max))}</text>`;
  return `<svg role="img" aria-label="Time to owner per routing branch" width="100%" viewBox="0 0 ${labelW + plotW + 80} ${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${axis}</svg>
<p class="meta">Bars: slowest time from form submission to owner assignment on each branch (green: the expected owner within SLA; red: outside the SLA or the wrong owner). Dashed line: the branch's SLA.</p>`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
