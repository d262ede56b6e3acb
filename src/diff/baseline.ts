/**
 * Finding the runs to compare: a run folder as given, or `last-passed` — the newest run under the
 * reports folder on the same CRM account with the same scenario set in which no check failed.
 * Run folders are found and read the way `history` reads them (src/history), so a torn or foreign
 * report.json is refused the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { collectRuns, readReport, scenarioFolders } from '../history/index.js';
import type { RunReport } from '../report/model.js';
import type { RunInput } from './compare.js';

export const LAST_PASSED = 'last-passed';

/** Reads a finished run folder; a missing or unreadable report.json is bad input (exit 2). */
export function readRun(dir: string, flag: string): RunInput {
  const file = path.join(dir, 'report.json');
  if (!existsSync(file)) {
    throw new ConfigError([{ file: dir, field: flag, message: 'is not a finished run folder (no report.json): point at reports/<run id>, or use --baseline last-passed.' }], 'Cannot read the run to compare; no lead was created.');
  }
  const read = readReport(file);
  if ('reason' in read) throw new ConfigError([{ file, field: flag, message: `cannot be compared: ${read.reason}.` }], 'Cannot read the run to compare; no lead was created.');
  return { report: read.report, dir };
}

/**
 * The newest run that passed (verdict PASSED, or INCOMPLETE: nothing failed, and a small scenario
 * set leaves the same definition-of-done items uncovered every time) on the same CRM kind and
 * account, sandbox or not, from the same scenario folders (as `history` groups a suite). The stack
 * is deliberately not part of the match: a changed stack is what a sandbox regression run compares.
 */
export function findLastPassed(reportsDir: string, like: Pick<RunReport, 'crm' | 'scenarios'>, excludeRunId?: string): RunInput | null {
  if (!existsSync(reportsDir)) return null;
  const key = identity(like);
  const candidates = collectRuns(reportsDir).runs
    .filter((r) => r.report.runId !== excludeRunId && r.report.summary.verdict !== 'FAILED' && r.report.summary.failed === 0)
    .filter((r) => identity(r.report) === key)
    .sort((a, b) => Date.parse(b.report.startedAt) - Date.parse(a.report.startedAt));
  const best = candidates[0];
  return best ? { report: best.report, dir: path.relative(process.cwd(), best.dir) || best.dir } : null;
}

function identity(r: Pick<RunReport, 'crm' | 'scenarios'>): string {
  return JSON.stringify([r.crm.kind, r.crm.account, r.crm.sandbox, scenarioFolders(r as RunReport)]);
}

/** Explains an empty `last-passed` (exit 2, before any lead). */
export function noBaselineError(reportsDir: string, like: Pick<RunReport, 'crm' | 'scenarios'>): ConfigError {
  return new ConfigError([{
    file: reportsDir, field: '--baseline last-passed',
    message: `no run in which nothing failed on ${like.crm.account}${like.crm.sandbox ? ' (sandbox)' : ''} with scenarios from ${scenarioFolders(like as RunReport).join(', ')}. Run once without --baseline (or pass a run folder) first.`,
  }], 'No baseline to compare with; no lead was created.');
}
