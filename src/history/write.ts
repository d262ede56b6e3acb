/**
 * `history`: reads the runs, aggregates, writes history.html and history.json side by side.
 * No runs is exit 2 and no page: an empty or mistyped reports folder in a monthly job should be
 * noticed, not turned into a page that looks like a quiet month.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { aggregate } from './aggregate.js';
import { collectRuns } from './collect.js';
import type { History } from './model.js';
import { renderHistoryHtml } from './render.js';

export interface HistoryOptions {
  /** HTML file to write; history.json goes beside it. Default `<reportsDir>/history.html`. */
  out?: string;
  since?: Date;
  account?: string;
  now?: Date;
}

export interface HistoryResult {
  history: History;
  htmlPath: string;
  jsonPath: string;
  runs: number;
}

export async function writeHistory(reportsDir: string, o: HistoryOptions = {}): Promise<HistoryResult> {
  if (!existsSync(reportsDir)) throw new ConfigError([{ file: reportsDir, field: '', message: 'no such folder. Pass the folder your runs write to (default reports/): `npx leadproof history reports`.' }], 'Cannot write the history.');
  const htmlPath = o.out ?? path.join(reportsDir, 'history.html');
  // history.json goes beside the page under the same name: `--out x.json` would write HTML into it.
  if (!/\.html?$/i.test(htmlPath)) throw new ConfigError([{ file: 'command line', field: '--out', message: `"${htmlPath}" must end in .html (history.json is written beside it with the same name).` }], 'Cannot write the history.');
  const jsonPath = htmlPath.replace(/\.html?$/i, '.json');
  const collected = collectRuns(reportsDir);
  for (const s of collected.skipped) console.warn(`leadproof: skipped ${s.file}: ${s.reason}.`);
  const history = aggregate(collected.runs, { reportsDir, outDir: path.dirname(path.resolve(htmlPath)), since: o.since, account: o.account, skipped: collected.skipped, now: o.now });
  const runs = history.sections.reduce((n, s) => n + s.runs.length, 0);
  if (runs === 0) throw new ConfigError([{ file: reportsDir, field: '', message: noRunsMessage(collected.runs.map((r) => r.report.crm.account), collected.skipped.length, collected.looked, o) }], 'No runs to show; nothing written.');
  await mkdir(path.dirname(path.resolve(htmlPath)), { recursive: true });
  await writeFile(htmlPath, renderHistoryHtml(history));
  await writeFile(jsonPath, JSON.stringify(history, null, 2) + '\n');
  return { history, htmlPath, jsonPath, runs };
}

function noRunsMessage(accounts: string[], skipped: number, looked: string, o: HistoryOptions): string {
  if (accounts.length === 0) return `no leadproof run report (report.json) found in ${looked}${skipped ? `; ${skipped} report.json file(s) skipped, see the warnings above` : ''}. Run \`npx leadproof run\` first, or pass the folder your runs write to.`;
  const known = [...new Set(accounts)].join(', ');
  return `${accounts.length} run(s) found, none matching${o.since ? ` --since ${o.since.toISOString()}` : ''}${o.account ? ` --account ${o.account}` : ''} (accounts: ${known}). Widen --since or check --account.`;
}
