/**
 * Line charts over time as inline SVG (no script, no network), sized like the run report's bar
 * chart. Each series and point carries data-* attributes, so a test can read what was drawn.
 */
import { escapeXml as x } from '../report/xml.js';

export interface Series {
  /** Name in the legend and in data-series. */
  name: string;
  colour: string;
  dashed?: boolean;
  points: { t: number; y: number | null; title: string; colour?: string }[];
}

export interface LineChart {
  label: string;
  series: Series[];
  yMax: number;
  yLabel: (y: number) => string;
  /** Horizontal reference line (an SLA). */
  rule?: { y: number; title: string };
  /** Vertical markers (sign-offs). */
  markers?: { t: number; title: string }[];
  /** Axis ticks as text under the plot: first and last time. */
  tLabel: (t: number) => string;
  width?: number;
  height?: number;
}

export function renderLineChart(c: LineChart): string {
  const W = c.width ?? 820, H = c.height ?? 200, left = 56, right = 16, top = 12, bottom = 28;
  const plotW = W - left - right, plotH = H - top - bottom;
  const ts = [...c.series.flatMap((s) => s.points.map((p) => p.t)), ...(c.markers ?? []).map((m) => m.t)];
  const t0 = Math.min(...ts), t1 = Math.max(...ts);
  // One run (or all at one instant) sits in the middle rather than on the axis.
  const px = (t: number) => left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const py = (y: number) => top + plotH - (Math.min(y, c.yMax) / c.yMax) * plotH;
  const f = (n: number) => n.toFixed(1);
  const grid = [0, 0.5, 1].map((k) => {
    const y = py(c.yMax * k);
    return `<line x1="${left}" x2="${W - right}" y1="${f(y)}" y2="${f(y)}" stroke="#d9dee5"/><text x="${left - 6}" y="${f(y + 4)}" text-anchor="end" fill="#5b6472">${x(c.yLabel(c.yMax * k))}</text>`;
  }).join('');
  const rule = c.rule
    ? `<line class="rule" x1="${left}" x2="${W - right}" y1="${f(py(c.rule.y))}" y2="${f(py(c.rule.y))}" stroke="#9a6700" stroke-dasharray="6 3"><title>${x(c.rule.title)}</title></line>`
    : '';
  const markers = (c.markers ?? []).map((m) =>
    `<g class="sign-off"><line x1="${f(px(m.t))}" x2="${f(px(m.t))}" y1="${top}" y2="${top + plotH}" stroke="#0969da" stroke-dasharray="2 3"/><path d="M${f(px(m.t))} ${top - 2}l5 6l-5 6l-5 -6z" fill="#0969da"><title>${x(m.title)}</title></path></g>`).join('');
  const series = c.series.map((s) => {
    const pts = s.points.filter((p): p is typeof p & { y: number } => p.y !== null);
    const line = pts.length > 1
      ? `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.map((p) => `${f(px(p.t))},${f(py(p.y))}`).join(' ')}"/>`
      : '';
    const dots = pts.map((p) => `<circle cx="${f(px(p.t))}" cy="${f(py(p.y))}" r="3.5" fill="${p.colour ?? s.colour}"><title>${x(p.title)}</title></circle>`).join('');
    return `<g class="series" data-series="${x(s.name)}" data-points="${pts.length}">${line}${dots}</g>`;
  }).join('');
  const axis = `<text x="${left}" y="${H - 8}" fill="#5b6472">${x(c.tLabel(t0))}</text>` +
    (t1 !== t0 ? `<text x="${W - right}" y="${H - 8}" text-anchor="end" fill="#5b6472">${x(c.tLabel(t1))}</text>` : '');
  const legend = c.series.length > 1
    ? `<p class="meta legend">${c.series.map((s) => `<span class="key" style="border-color:${s.colour};border-style:${s.dashed ? 'dashed' : 'solid'}"></span>${x(s.name)}`).join(' ')}</p>`
    : '';
  return `<svg role="img" aria-label="${x(c.label)}" width="100%" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">${grid}${rule}${markers}${series}${axis}</svg>${legend}`;
}
