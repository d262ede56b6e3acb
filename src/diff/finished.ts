/**
 * `leadproof diff <baseline dir> <run dir>`: the same diff for two finished runs. The files go
 * into the run folder. report.html is a subject of the run's attestation, so it gets the new
 * sections only while the run is unsigned (the unsigned statement is rewritten over the new
 * files); a signed run's page and signature stay exactly as the builder signed them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeRunArtifacts, type HtmlSection } from '../report/index.js';
import { readRun } from './baseline.js';
import { loadExpectedChanges } from './gate.js';
import { DIFF_SCHEMA, type RunDiff } from './model.js';
import { buildDiff, DIFF_FILES, type DiffOutcome } from './outcome.js';
import { renderDiffSections } from './render.js';

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

/**
 * The diff a run folder already holds, as writeRunArtifacts takes it: for commands that re-render
 * a run's artifacts (`leadproof sign`), so the page keeps its sections and the files stay subjects.
 */
export function diffArtifactsIn(runDir: string): { sections?: HtmlSection[]; extraFiles?: { name: string; text: string }[] } {
  const files = Object.values(DIFF_FILES).map((name) => path.join(runDir, name));
  if (!files.every((f) => existsSync(f))) return {};
  try {
    const diff = JSON.parse(readFileSync(files[0]!, 'utf8')) as RunDiff;
    if (diff.schema !== DIFF_SCHEMA) return {};
    return { sections: renderDiffSections(diff), extraFiles: Object.values(DIFF_FILES).map((name, i) => ({ name, text: readFileSync(files[i]!, 'utf8') })) };
  } catch {
    return {}; // a torn diff.json is not worth failing a signature over; the page is rendered without it
  }
}
