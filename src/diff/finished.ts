/**
 * `leadproof diff <baseline dir> <run dir>`: the same diff for two finished runs. The files go
 * into the run folder. report.html is a subject of the run's attestation, so it gets the new
 * sections only while the run is unsigned (the unsigned statement is rewritten over the new
 * files); a signed run's page and signature stay exactly as the builder signed them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeRunArtifacts } from '../report/index.js';
import { readRun } from './baseline.js';
import { loadExpectedChanges } from './gate.js';
import { buildDiff, type DiffOutcome } from './outcome.js';

export interface FinishedDiffResult extends DiffOutcome {
  /** Whether report.html now carries the sections, and if not, why. */
  html: { updated: true } | { updated: false; why: string };
  written: string[];
}

export async function diffFinishedRuns(baselineDir: string, runDir: string, expectChanges?: string): Promise<FinishedDiffResult> {
  // All input is checked before anything is written.
  const expected = expectChanges ? { file: expectChanges, changes: loadExpectedChanges(expectChanges) } : undefined;
  const baseline = readRun(baselineDir, '<baseline dir>');
  const current = readRun(runDir, '<run dir>');
  const outcome = buildDiff(baseline, current, expected);
  const signedWhy = signedState(runDir);
  let html: FinishedDiffResult['html'];
  if (signedWhy) {
    for (const f of outcome.files) writeFileSync(path.join(runDir, f.name), f.text);
    html = { updated: false, why: signedWhy };
  } else {
    // '' (not undefined): re-render unsigned even when LEADPROOF_SIGNING_KEY is set; signing is `leadproof sign`'s job.
    await writeRunArtifacts(current.report, runDir, { signingKeyPath: '', sections: outcome.sections, extraFiles: outcome.files });
    html = { updated: true };
  }
  return { ...outcome, html, written: outcome.files.map((f) => path.join(runDir, f.name)) };
}

/** Why report.html must stay as it is, or null when the run is unsigned and not signed off. */
function signedState(runDir: string): string | null {
  if (existsSync(path.join(runDir, 'approval.dsse.json'))) return 'the run is signed off; its report.html is part of what was approved';
  const att = path.join(runDir, 'attestation.dsse.json');
  if (!existsSync(att)) return null;
  try {
    const env = JSON.parse(readFileSync(att, 'utf8')) as { signatures?: unknown[] };
    return Array.isArray(env.signatures) && env.signatures.length > 0 ? 'the run is signed and report.html is one of its signed files (run with --baseline to get the sections in a signed page)' : null;
  } catch {
    return 'its attestation.dsse.json cannot be read';
  }
}
