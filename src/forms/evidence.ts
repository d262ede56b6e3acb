import path from 'node:path';

/** Where one lead's screenshot and submitted payload live inside the run folder. */
export function evidenceDir(outDir: string, key: string): string {
  return path.join(outDir, 'evidence', key.replace(/[^A-Za-z0-9._-]+/g, '_'));
}
