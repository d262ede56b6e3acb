/**
 * Renders every artifact of a run from its RunReport and signs the attestation over them.
 * Called once at the end of `leadproof run` (and by `merge`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { short } from '../attest/dsse.js';
import { KeyError } from '../attest/errors.js';
import { loadSigningKey, type SigningKey } from '../attest/keys.js';
import { RUN_FILES } from '../attest/predicates.js';
import { sha256, writeStatementEnvelope, type Subject } from '../attest/statement.js';
import { displayPath } from '../attest/verify.js';
import { buildRunStatement } from './attestation.js';
import { deriveDefinitionOfDone } from './definition-of-done.js';
import { readEvidenceHooks } from './evidence-hooks.js';
import { checkEvidence, dataUri } from './evidence.js';
import { renderHtml, type HtmlSection } from './html/render.js';
import { campaignsOf } from './html/campaigns.js';
import { renderJunit } from './junit.js';
import type { RunReport } from './model.js';

export interface WriteArtifactsOptions {
  /** PEM private key; falls back to LEADPROOF_SIGNING_KEY. */
  signingKeyPath?: string;
  /** Falls back to LEADPROOF_SIGNING_KEY_PASSPHRASE. */
  passphrase?: string;
  /** Extra sections for report.html (another stage's, e.g. the diff against a baseline). */
  sections?: HtmlSection[];
  /** Extra files written into the run folder and signed with the rest (e.g. diff.json). */
  extraFiles?: { name: string; text: string }[];
}

export interface WriteArtifactsResult {
  /** Absolute paths of report.json, junit.xml, report.html, attestation.dsse.json. */
  files: string[];
  signed: boolean;
  keyId?: string;
  /** One line for the console. */
  message: string;
}

export async function writeRunArtifacts(report: RunReport, outDir: string, opts: WriteArtifactsOptions = {}): Promise<WriteArtifactsResult> {
  const keyPath = opts.signingKeyPath ?? (process.env.LEADPROOF_SIGNING_KEY || undefined);
  const passphrase = opts.passphrase ?? (process.env.LEADPROOF_SIGNING_KEY_PASSPHRASE || undefined);
  let key: SigningKey | null = null;
  let keyProblem: KeyError | null = null;
  if (keyPath) {
    try {
      key = loadSigningKey(keyPath, passphrase);
    } catch (err) {
      // Keep the run's results: write them unsigned, then report the key problem.
      if (!(err instanceof KeyError)) throw err;
      keyProblem = err;
    }
  }

  await mkdir(outDir, { recursive: true });
  const evidence = await checkEvidence(report, outDir);
  // The four-part checklist: the run's own items plus what evidence files in the folder prove.
  const hooks = await readEvidenceHooks(outDir);
  const checklist = deriveDefinitionOfDone(report, hooks);
  const verdictItems = checklist.filter((i) => i.inVerdict !== false);
  const images = new Map<string, string>();
  for (const [path, bytes] of evidence) if (/\.(png|jpe?g)$/.test(path)) images.set(path, dataUri(path, bytes));

  const signer = key ? { keyid: key.keyid, algorithm: key.algorithm } : null;
  const artifacts: [string, string][] = [
    [RUN_FILES.report, JSON.stringify({ ...report, checklist }, null, 2) + '\n'],
    [RUN_FILES.junit, renderJunit(report, verdictItems)],
    [RUN_FILES.html, renderHtml({ report, checklist, images, sections: opts.sections, campaigns: campaignsOf(hooks.get('campaign-urls')?.bytes), signature: { signed: Boolean(key), keyid: key?.keyid, algorithm: key?.algorithm } })],
    ...(opts.extraFiles ?? []).map((f): [string, string] => [f.name, f.text]),
  ];
  const subjects: Subject[] = [];
  for (const [name, text] of artifacts) {
    await writeFile(join(outDir, name), text);
    subjects.push({ name, digest: { sha256: sha256(text) } });
  }
  for (const [path, bytes] of [...evidence].sort(([a], [b]) => a.localeCompare(b))) subjects.push({ name: path, digest: { sha256: sha256(bytes) } });
  // Evidence files prove checklist items, so they are signed like the rest.
  for (const hook of hooks.values()) subjects.push({ name: hook.file, digest: { sha256: sha256(hook.bytes) } });

  const attestationPath = join(outDir, RUN_FILES.attestation);
  await writeStatementEnvelope(attestationPath, buildRunStatement(report, subjects, checklist, signer), key ? [key] : []);
  const files = [...artifacts.map(([name]) => join(outDir, name)), attestationPath];
  const shown = displayPath(attestationPath);

  if (keyProblem) {
    throw new KeyError(`${keyProblem.message}\nThe run's artifacts were written unsigned to ${displayPath(outDir)}.`, { cause: keyProblem });
  }
  if (!key) {
    return { files, signed: false, message: `Unsigned: run \`npx leadproof keygen --out keys/\` once, then \`npx leadproof sign ${displayPath(outDir)} --key keys/leadproof.key\` (or pass --signing-key / LEADPROOF_SIGNING_KEY to future runs) to sign ${shown}` };
  }
  return { files, signed: true, keyId: key.keyid, message: `Signed with key ${short(key.keyid)} → ${shown}` };
}
