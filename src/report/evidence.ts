/**
 * Evidence files are captured by the harness with their sha256; before anything is signed we
 * recompute each digest, so a file changed between capture and report is caught here.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { ArtifactError } from '../attest/errors.js';
import { sha256 } from '../attest/statement.js';
import type { RunReport } from './model.js';

/** Reads every evidence file, fills empty digests, and fails on missing files or changed digests. */
export async function checkEvidence(report: RunReport, outDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const lead of report.leads) {
    for (const ev of lead.evidence) {
      const rel = evidencePath(ev.path);
      if (!rel) {
        problems.push(`${lead.key}: evidence path "${ev.path}" must be relative to the run folder and stay inside it`);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = files.get(rel) ?? (await readFile(join(outDir, rel)));
      } catch {
        problems.push(`${lead.key}: evidence file ${rel} is missing`);
        continue;
      }
      const digest = sha256(bytes);
      if (!ev.sha256) ev.sha256 = digest;
      else if (ev.sha256 !== digest) problems.push(`${lead.key}: ${rel} changed after capture (sha256 ${digest.slice(0, 12)}, recorded ${ev.sha256.slice(0, 12)})`);
      ev.path = rel;
      files.set(rel, bytes);
    }
  }
  if (problems.length) {
    throw new ArtifactError(`Evidence does not match what the run captured, so the report was not signed:\n  - ${problems.join('\n  - ')}\nRe-run the scenarios to capture fresh evidence.`);
  }
  return files;
}

/** Normalised forward-slash path, or null when it escapes the run folder. */
export function evidencePath(p: string): string | null {
  if (!p || isAbsolute(p)) return null;
  const n = normalize(p).split(sep).join('/');
  return n.startsWith('../') || n === '..' ? null : n;
}

export function dataUri(path: string, bytes: Buffer): string {
  const type = path.endsWith('.png') ? 'image/png' : path.endsWith('.jpg') || path.endsWith('.jpeg') ? 'image/jpeg' : 'application/octet-stream';
  return `data:${type};base64,${bytes.toString('base64')}`;
}
