import path from 'node:path';

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
