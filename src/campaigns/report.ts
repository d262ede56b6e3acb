/** The campaign check's output: a console table, campaigns.json (versioned) and campaigns.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CampaignResult, Criterion } from './check.js';

export const CAMPAIGNS_SCHEMA = 'leadproof.campaigns/v1';

export interface CampaignsReport {
  schema: typeof CAMPAIGNS_SCHEMA;
  checkedAt: string;
  file: string;
  taxonomy: string | null;
  summary: { total: number; passed: number; failed: number };
  results: CampaignResult[];
}

const NAMES: Record<keyof CampaignResult['checks'], string> = { resolves: 'resolves', utms: 'UTMs kept', form: 'form', cookie: 'cookie', taxonomy: 'taxonomy' };

export function campaignsReport(results: CampaignResult[], file: string, taxonomy: string | null, at = new Date()): CampaignsReport {
  const passed = results.filter((r) => r.ok).length;
  return { schema: CAMPAIGNS_SCHEMA, checkedAt: at.toISOString(), file, taxonomy, summary: { total: results.length, passed, failed: results.length - passed }, results };
}

const mark = (c: Criterion) => (c.ok === true ? '✓' : c.ok === false ? '✗' : '–');

/** The console table, then one line per failed criterion. */
export function consoleLines(r: CampaignsReport): string[] {
  const head = ['line', 'result', 'channel', 'campaign', ...Object.values(NAMES)];
  const rows = r.results.map((x) => [String(x.line), x.ok ? 'ok' : 'FAIL', x.channel ?? '', x.campaign ?? '', ...Object.values(x.checks).map(mark)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => [...row[i]].length)));
  const fmt = (cells: string[]) => `  ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ')}`.trimEnd();
  const lines = [fmt(head), ...rows.map(fmt)];
  for (const x of r.results.filter((y) => !y.ok)) {
    lines.push('', `✗ line ${x.line}: ${x.url}`);
    for (const [k, c] of Object.entries(x.checks) as [keyof CampaignResult['checks'], Criterion][]) if (c.ok === false) lines.push(`    ${NAMES[k]}: ${c.detail}`);
  }
  lines.push('', `${r.summary.failed ? 'FAILED' : 'PASSED'}: ${r.summary.passed} of ${r.summary.total} campaign URL(s) ready for go-live, ${r.summary.failed} failed. No lead was created.`);
  return lines;
}

export function markdown(r: CampaignsReport): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [
    '# Campaign URLs',
    '',
    `Checked ${r.checkedAt} from \`${r.file}\`${r.taxonomy ? ` against \`${r.taxonomy}\`` : ' (no taxonomy)'}: **${r.summary.failed ? 'FAILED' : 'PASSED'}**, ${r.summary.passed} of ${r.summary.total} ready. No lead was created.`,
    '',
    `| line | result | channel | campaign | ${Object.values(NAMES).join(' | ')} |`,
    `|---|---|---|---|${Object.values(NAMES).map(() => '---').join('|')}|`,
    ...r.results.map((x) => `| ${x.line} | ${x.ok ? 'ok' : '**FAIL**'} | ${cell(x.channel ?? '')} | ${cell(x.campaign ?? '')} | ${Object.values(x.checks).map((c) => `${mark(c)} ${cell(c.detail)}`).join(' | ')} |`),
    '',
  ];
  for (const x of r.results) {
    if (x.hops.length > 1) out.push(`Line ${x.line} redirects: ${x.hops.map((h) => `${cell(h.url)} (${h.status})`).join(' → ')}`, '');
  }
  return out.join('\n');
}

/** Writes campaigns.json and campaigns.md into `dir`; returns their paths. */
export function writeCampaignsReport(r: CampaignsReport, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'campaigns.json');
  const md = path.join(dir, 'campaigns.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, markdown(r));
  return { json, md };
}
