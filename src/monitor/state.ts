/**
 * The monitor's memory between passes: one small JSON file under the reports folder. It is
 * written to a temporary file, flushed and renamed over the old one, so a crash mid-write leaves
 * the previous state whole (a rename within a folder is atomic on POSIX file systems).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AlertDelivery, AlertKind } from '../alerts/index.js';

export const MONITOR_STATE_FILE = 'monitor-state.json';
export const MONITOR_STATE_SCHEMA = 'leadproof.monitor-state/v1' as const;

/** What one pass found: the run's verdict and exit code, and its grouped causes. */
export interface PassOutcome {
  runId: string | null;
  at: string;
  /** PASSED / INCOMPLETE / FAILED from report.json; null when the run wrote no report. */
  verdict: string | null;
  /** The run's own exit code (0 passing; 1 failed; 2/3 the run could not be done). */
  exitCode: number;
  /** Grouped causes as `describeGroup` words ("… — 2 leads"), or the error that ended the run. */
  lines: string[];
  /** The causes without their counts: what decides "the same failure" from pass to pass. */
  causes: string[];
  /** The same causes in words, without counts ("EMEA × mid-market routes to …"): what a
   *  recovered alert says was fixed. Optional: state files written before it lack it. */
  causeWords?: string[];
  /** Branches named by the failure groups. */
  branches: string[];
  /** The run's report (report.html), as a path relative to cwd when below it. */
  report: string | null;
}

export interface MonitorState {
  schema: typeof MONITOR_STATE_SCHEMA;
  status: 'passing' | 'failing';
  /** ISO time of the first pass in this status. */
  since: string;
  /** Passes in a row in this status (1 on the pass that changed it). */
  consecutive: number;
  /** The causes the last alerted failure was about (empty while passing). */
  causes: string[];
  lastPass: PassOutcome;
  lastAlert?: { kind: AlertKind; at: string; runId: string | null; deliveries: AlertDelivery[] };
}

export function stateFile(reportsDir: string): string {
  return path.join(reportsDir, MONITOR_STATE_FILE);
}

/** The previous state, or undefined on the first pass. An unreadable file is reported and ignored:
 *  the monitor starts over rather than stopping. */
export function readState(reportsDir: string, warn: (l: string) => void = (l) => console.error(l)): MonitorState | undefined {
  const file = stateFile(reportsDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as MonitorState;
    if (s.schema === MONITOR_STATE_SCHEMA && (s.status === 'passing' || s.status === 'failing')) return s;
  } catch {
    /* reported below */
  }
  warn(`leadproof: ${file} is not a monitor state file this version reads; starting over (the next change alerts as usual).`);
  return undefined;
}

export function writeState(reportsDir: string, state: MonitorState): void {
  mkdirSync(reportsDir, { recursive: true });
  const file = stateFile(reportsDir);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
