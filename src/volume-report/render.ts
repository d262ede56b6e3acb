/**
 * The volume report in words (console) and as one HTML section (inline SVG, no script). The
 * report stage calls these; they take only the volume figures and each pool's counts.
 */
import { describeFairness, type PoolFairness } from './fairness.js';
import type { BranchLatency, SubmissionRate, VolumeReport } from './volume.js';

/** What the renderers read of a round-robin pool (the report's PoolCoverage has it). */
export interface PoolSpread {
  branches: string[];
  perMember: Record<string, number>;
  fairness?: PoolFairness;
}

const BARS = '▁▂▃▄▅▆▇█';

export function volumeLines(v: VolumeReport, pools: PoolSpread[]): string[] {
  const out = ['', 'Volume:'];
  for (const b of v.branches) {
    out.push(`  ${b.slaBreaches ? '✗' : '✓'} ${b.branch}: ${b.leads} lead(s), time to owner p50 ${sec(b.p50Ms)} / p95 ${sec(b.p95Ms)} / max ${sec(b.maxMs)}, ${b.slaBreaches} over the ${sec(b.slaMs)} SLA  ${spark(b)}`);
  }
  for (const p of pools) {
    if (!p.fairness) continue;
    const mark = p.fairness.verdict === 'unfair' ? '!' : p.fairness.verdict === 'fair' ? '✓' : '-';
    const counts = Object.entries(p.perMember).map(([m, n]) => `${m} ${n}`).join(', ');
    out.push(`  ${mark} round-robin ${p.branches.join(' / ')}: ${counts} — ${describeFairness(p.fairness)}`);
  }
  out.push(`  ${rateLine(v.rate)}`);
  return out;
}

export function rateLine(r: SubmissionRate): string {
  if (r.achievedPerS === null) return `submissions: ${r.submissions}`;
  const budget = r.budgetPerS === null ? 'no intake budget' : `budget ${r.budgetPerS.toFixed(2)}/s (${pct(r.achievedPerS / r.budgetPerS)} of it)`;
  return `submissions: ${r.submissions} at ${r.achievedPerS.toFixed(2)}/s, ${budget}; at most ${r.peakPerWindow} in any ${sec(r.windowMs)}`;
}

function spark(b: BranchLatency): string {
  const max = Math.max(...b.histogram.counts, 1);
  return `[${b.histogram.counts.map((c) => (c === 0 ? ' ' : BARS[Math.min(7, Math.ceil((c / max) * 8) - 1)])).join('')}] per ${sec(b.histogram.binMs)}`;
}

export function volumeHtml(v: VolumeReport, pools: PoolSpread[]): string {
  const rows = v.branches.map((b) => `<tr><td>${x(b.branch)}</td><td>${b.leads}</td><td>${sec(b.p50Ms)}</td><td>${sec(b.p95Ms)}</td><td>${sec(b.maxMs)}</td><td>${sec(b.slaMs)}</td><td class="${b.slaBreaches ? 'bad' : 'ok'}">${b.slaBreaches}</td><td>${histSvg(b)}</td></tr>`);
  const fair = pools.filter((p) => p.fairness).map((p) => {
    const f = p.fairness!;
    const counts = Object.entries(p.perMember).map(([m, n]) => `${x(m)}: ${n}`).join(', ');
    return `<tr><td>${x(p.branches.join(' / '))}</td><td>${counts}</td><td>${f.chiSquare.toFixed(2)} (df ${f.df})</td><td>${f.pValue < 1e-4 ? f.pValue.toExponential(1) : f.pValue.toFixed(4)}</td><td class="${f.verdict === 'unfair' ? 'bad' : f.verdict === 'fair' ? 'ok' : ''}">${x(f.verdict === 'too-few-leads' ? 'too few leads' : f.verdict)}</td></tr>`;
  });
  return [
    '<table class="volume"><thead><tr><th>Branch</th><th>Leads</th><th>p50</th><th>p95</th><th>Max</th><th>SLA</th><th>Over SLA</th><th>Time to owner</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    `<p class="meta">Time from form submission to owner assignment. Histograms share one scale, from 0 to ${sec(maxScale(v))}; the dashed line is the SLA.</p>`,
    fair.length ? `<h3>Round-robin fairness</h3><table><thead><tr><th>Pool</th><th>Leads per member</th><th>χ²</th><th>p</th><th>Verdict</th></tr></thead><tbody>${fair.join('')}</tbody></table><p class="meta">Pearson's chi-square goodness-of-fit test against an even split; ${x(pools.find((p) => p.fairness)!.fairness!.rule)}. Unfair is a warning: a weighted rotation is uneven by design.</p>` : '',
    `<h3>Submissions over time</h3>${rateSvg(v.rate)}<p class="meta">${x(rateLine(v.rate))}.</p>`,
  ].join('\n');
}

function maxScale(v: VolumeReport): number {
  const b = v.branches[0];
  return b ? b.histogram.binMs * b.histogram.counts.length : 0;
}

function histSvg(b: BranchLatency): string {
  const w = 200, h = 28, n = b.histogram.counts.length || 1;
  const max = Math.max(...b.histogram.counts, 1);
  const bw = w / n;
  const bars = b.histogram.counts.map((c, i) => (c ? `<rect x="${(i * bw).toFixed(1)}" y="${(h - (c / max) * h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${((c / max) * h).toFixed(1)}" fill="#3b6fb6"><title>${c} from ${sec(i * b.histogram.binMs)}</title></rect>` : ''));
  const slaX = Math.min(w, (b.slaMs / (b.histogram.binMs * n)) * w).toFixed(1);
  return `<svg role="img" aria-label="Histogram of time to owner on ${x(b.branch)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}<line x1="${slaX}" x2="${slaX}" y1="0" y2="${h}" stroke="#1f2328" stroke-dasharray="3 2"/></svg>`;
}

function rateSvg(r: SubmissionRate): string {
  if (r.perWindow.length === 0) return '';
  const w = 600, h = 80;
  const budget = r.budgetPerS === null ? null : (r.budgetPerS * r.chartWindowMs) / 1000;
  const max = Math.max(...r.perWindow, budget ?? 0, 1);
  const bw = w / r.perWindow.length;
  const bars = r.perWindow.map((c, i) => `<rect x="${(i * bw).toFixed(1)}" y="${(h - (c / max) * h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${((c / max) * h).toFixed(1)}" fill="#3b6fb6"><title>${c} in window ${i + 1}</title></rect>`);
  const line = budget === null ? '' : `<line x1="0" x2="${w}" y1="${(h - (budget / max) * h).toFixed(1)}" y2="${(h - (budget / max) * h).toFixed(1)}" stroke="#b42318" stroke-dasharray="4 3"><title>budget ${budget.toFixed(1)} per ${sec(r.chartWindowMs)}</title></line>`;
  return `<svg role="img" aria-label="Submissions per ${sec(r.chartWindowMs)} against the intake budget" width="100%" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}${line}</svg>`;
}

function sec(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

function x(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
