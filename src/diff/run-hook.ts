/**
 * `leadproof run --baseline <dir|last-passed> [--expect-changes file]`: everything is checked
 * before the first lead (a missing baseline or a bad expected-changes file is exit 2 with nothing
 * created); after the run, the diff goes into the run's signed artifacts.
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { RunReport } from '../report/model.js';
import { findLastPassed, LAST_PASSED, noBaselineError, readRun } from './baseline.js';
import type { RunInput } from './compare.js';
import { loadExpectedChanges } from './gate.js';
import { buildDiff, type DiffOutcome, type ExpectedChanges } from './outcome.js';

export interface RunDiffOptions {
  baseline?: string;
  expectChanges?: string;
  /** Where `last-passed` looks (default `reports`). */
  reportsDir?: string;
}

export interface PreparedDiff {
  baseline: RunInput;
  /** Compares the finished run with the baseline; `dir` is the run folder as the user names it. */
  compare(report: RunReport, dir: string): DiffOutcome;
}

/** Undefined when neither flag was given. Throws ConfigError (exit 2) for bad input. */
export function prepareRunDiff(opts: RunDiffOptions, current: Pick<RunReport, 'crm' | 'scenarios' | 'runId'>): PreparedDiff | undefined {
  if (!opts.baseline && !opts.expectChanges) return undefined;
  if (!opts.baseline) {
    throw new ConfigError([{ file: 'command line', field: '--expect-changes', message: 'needs --baseline <run dir|last-passed>: the changes are declared against a baseline run.' }]);
  }
  const expected: ExpectedChanges | undefined = opts.expectChanges ? { file: opts.expectChanges, changes: loadExpectedChanges(opts.expectChanges) } : undefined;
  const reportsDir = opts.reportsDir ?? 'reports';
  let baseline: RunInput;
  if (opts.baseline === LAST_PASSED) {
    const found = findLastPassed(path.resolve(reportsDir), current, current.runId);
    if (!found) throw noBaselineError(reportsDir, current);
    baseline = found;
  } else {
    baseline = readRun(opts.baseline, '--baseline');
  }
  return { baseline, compare: (report, dir) => buildDiff(baseline, { report, dir }, expected) };
}
