/**
 * The campaign list as the ad platforms export it: one URL per row, with its channel and campaign.
 * Headers are matched without regard to case or spacing; other columns are ignored (exports carry
 * many). Anything that is not a usable list is exit 2, naming the line and the column.
 */
import { parse } from 'csv-parse/sync';
import { ConfigError, type ConfigIssue } from '../errors.js';

export interface CampaignRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  url: string;
  channel?: string;
  campaign?: string;
}

const COLUMNS = { url: ['url', 'final url', 'landing page', 'landing page url'], channel: ['channel'], campaign: ['campaign', 'campaign name'] };

export function parseCampaignCsv(text: string, file: string): CampaignRow[] {
  const bad = (issues: ConfigIssue[]): never => {
    throw new ConfigError(issues, `The campaign list ${file} cannot be checked; nothing was requested.`);
  };
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase().replace(/\s+/g, ' ')), skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return bad([{ file: line ? `${file}:${line}` : file, field: '', message: `is not valid CSV: ${(err as Error).message}` }]);
  }
  const header = records.length ? Object.keys(records[0].record) : (text.split(/\r?\n/)[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const column = (names: string[]) => header.find((h) => names.includes(h));
  const urlCol = column(COLUMNS.url);
  if (!urlCol) return bad([{ file: `${file}:1`, field: 'URL', message: `no URL column (the header has: ${header.filter(Boolean).join(', ') || 'nothing'}). Name the columns URL, channel, campaign.` }]);
  if (records.length === 0) return bad([{ file, field: '', message: 'lists no URL; add one row per campaign URL under the header URL, channel, campaign.' }]);
  const channelCol = column(COLUMNS.channel);
  const campaignCol = column(COLUMNS.campaign);
  const issues: ConfigIssue[] = [];
  const rows: CampaignRow[] = [];
  for (const { record, info } of records) {
    const url = record[urlCol] ?? '';
    if (!url) {
      issues.push({ file: `${file}:${info.lines}`, field: 'URL', message: 'is empty; every row needs the campaign URL.' });
      continue;
    }
    if (!isHttpUrl(url)) {
      issues.push({ file: `${file}:${info.lines}`, field: 'URL', message: `"${url}" is not an absolute http(s) URL; write it as the ad links to it, e.g. https://www.acme.com/demo?utm_source=google.` });
      continue;
    }
    rows.push({ line: info.lines, url, channel: (channelCol && record[channelCol]) || undefined, campaign: (campaignCol && record[campaignCol]) || undefined });
  }
  if (issues.length) bad(issues);
  return rows;
}

function isHttpUrl(s: string): boolean {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}
