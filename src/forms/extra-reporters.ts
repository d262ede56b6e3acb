/**
 * Playwright reporters a user adds with `leadproof run --reporter <name>`. They are added to the
 * config's reporters, never put in their place: Playwright's own `--reporter` flag would replace
 * the progress reporter (which also ends the browser side when the CLI dies) and the HTML report.
 */
import path from 'node:path';
import type { ReporterDescription } from '@playwright/test';

/** Playwright's built-in reporters, by the names its `--reporter` flag takes. */
export const BUILTIN_REPORTERS = ['list', 'line', 'dot', 'json', 'junit', 'html', 'blob', 'github', 'null'] as const;

/** The environment variable that carries the chosen reporters (JSON list) to the Playwright config. */
export const REPORTERS_ENV = 'LEADPROOF_REPORTERS';

/**
 * The reporters to add for `names` (built-in names or absolute paths of reporter files). Reporters
 * that would write a file or print one to the console write into the run folder instead, next to
 * leadproof's own junit.xml and playwright-report/.
 */
export function extraReporters(names: string[], outDir: string): ReporterDescription[] {
  const out: ReporterDescription[] = [];
  for (const name of new Set(names)) {
    if (name === 'html') continue; // always on, in <run>/playwright-report
    if (name === 'json') out.push(['json', { outputFile: path.join(outDir, 'playwright-report.json') }]);
    else if (name === 'junit') out.push(['junit', { outputFile: path.join(outDir, 'playwright-junit.xml') }]);
    else if (name === 'blob') out.push(['blob', { outputDir: path.join(outDir, 'blob-report') }]);
    else out.push([name]);
  }
  return out;
}

/** The reporter names in the environment the CLI passed (none when unset or unreadable). */
export function reportersFromEnv(env: NodeJS.ProcessEnv): string[] {
  const raw = env[REPORTERS_ENV];
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
