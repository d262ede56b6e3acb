/**
 * Evidence files other stages write into a run folder (before the report is written and signed),
 * each proving one definition-of-done item. The contract is deliberately small so any stage, or a
 * user's own script, can produce one: a JSON object with `status: "pass" | "fail"` and a one-line
 * `summary`; routing.md is a document, proven by being there and not empty. The files become
 * subjects of the run's attestation, so they cannot be swapped after the builder signs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The evidence file names leadproof looks for, by the item each one proves. */
export const EVIDENCE_FILES = {
  taxonomy: 'taxonomy-lint.json',
  'campaign-urls': 'campaigns.json',
  'routing-documented': 'routing.md',
  baseline: 'baseline-sources.json',
  'routing-alerts': 'monitor-alerts.json',
} as const;

export type EvidenceItemId = keyof typeof EVIDENCE_FILES;

export interface EvidenceHook {
  file: string;
  /** pass/fail as the file says; invalid: present but not in the expected shape. */
  status: 'pass' | 'fail' | 'invalid';
  summary: string;
  bytes: Buffer;
  /** taxonomy-lint.json may list the taxonomy's channels (for "every active channel attributed"). */
  channels?: string[];
}

/** Reads every evidence file present in the run folder; absent files are simply not in the map. */
export async function readEvidenceHooks(outDir: string): Promise<Map<EvidenceItemId, EvidenceHook>> {
  const hooks = new Map<EvidenceItemId, EvidenceHook>();
  for (const [id, file] of Object.entries(EVIDENCE_FILES) as [EvidenceItemId, string][]) {
    const bytes = await readFile(join(outDir, file)).catch(() => null);
    if (bytes) hooks.set(id, parseHook(file, bytes));
  }
  return hooks;
}

export function parseHook(file: string, bytes: Buffer): EvidenceHook {
  const text = bytes.toString('utf8');
  if (file.endsWith('.md')) {
    const title = text.split('\n').find((l) => l.trim())?.replace(/^#+\s*/, '').trim();
    return title ? { file, status: 'pass', summary: `${file}: "${title.slice(0, 80)}"`, bytes } : { file, status: 'invalid', summary: `${file} is empty`, bytes };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { file, status: 'invalid', summary: `${file} is not valid JSON`, bytes };
  }
  const o = (parsed ?? {}) as { status?: unknown; summary?: unknown; channels?: unknown };
  if (o.status !== 'pass' && o.status !== 'fail') return { file, status: 'invalid', summary: `${file} has no "status": "pass" | "fail"`, bytes };
  const summary = typeof o.summary === 'string' && o.summary.trim() ? `${file}: ${o.summary.trim()}` : `${file}: ${o.status}`;
  const channels = Array.isArray(o.channels) ? o.channels.filter((c): c is string => typeof c === 'string') : undefined;
  return { file, status: o.status, summary, bytes, ...(channels ? { channels } : {}) };
}
