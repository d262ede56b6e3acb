import path from 'node:path';
import { ConfigError } from '../errors.js';

/** Where one lead's screenshot and submitted payload live inside the run folder. */
export function evidenceDir(outDir: string, key: string): string {
  return path.join(outDir, 'evidence', key.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

/**
 * The form as filled, just before the submit click: what a reader of a failed lead needs first
 * (which country, size, company went in). The browser cannot know the verdict (it is decided
 * after the CRM is traced), so every lead takes it — one PNG of a form page, cheap next to the
 * page load — and the report keeps it only for failed leads (src/cli/run/assemble.ts deletes it
 * for passed ones), so a large passing run does not carry hundreds of images.
 */
export const FILLED_FORM_SCREENSHOT = 'filled-form.png';

/**
 * How much a passing lead's browser leaves behind. `full` (ordinary runs, a handful of leads): the
 * filled form and the page after submission as full-page screenshots, and a Playwright trace of a
 * failed submission. `lean` (volume runs, where those cost more CPU than filling the form): the
 * submitted payload (method, URL, every field posted, hidden UTMs included, and the endpoint's
 * answer) for every lead, and a full-page screenshot only when the submission itself fails.
 */
export type EvidenceMode = 'full' | 'lean';

export const EVIDENCE_ENV = 'LEADPROOF_EVIDENCE';

/** The run's evidence mode: LEADPROOF_EVIDENCE when set, else lean for volume runs. */
export function evidenceMode(env: NodeJS.ProcessEnv, volume: boolean): EvidenceMode {
  const v = env[EVIDENCE_ENV]?.trim();
  if (!v) return volume ? 'lean' : 'full';
  if (v === 'full' || v === 'lean') return v;
  throw new ConfigError([{ file: 'environment', field: EVIDENCE_ENV, message: `"${v}" is not an evidence mode: use full (screenshots of every lead, a trace of a failed submission) or lean (the submitted payload of every lead, a screenshot of a failed submission), or unset it.` }]);
}
