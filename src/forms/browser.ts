/**
 * Finds a Chromium to drive. Playwright's own download is preferred where the network allowed
 * `npx playwright install`; otherwise a system Chromium (Debian's /usr/bin/chromium). The flags
 * keep Chromium from phoning home, which on a closed network means a storm of refused
 * connections at every start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LeadproofError } from '../errors.js';

const require = createRequire(import.meta.url);

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
];

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface BrowserChoice {
  /** undefined: Playwright's own browser. */
  executablePath?: string;
  source: 'env' | 'playwright' | 'system';
  args: string[];
}

export class BrowserNotFoundError extends LeadproofError {
  constructor(tried: string[]) {
    super('BROWSER_NOT_FOUND', [
      'No Chromium found to drive the forms.',
      `  Tried: LEADPROOF_CHROMIUM, Playwright's own browser, ${tried.join(', ')}.`,
      '  Fix one of:',
      '    npx playwright install chromium          (where the internet is reachable)',
      '    apt-get install -y chromium              (Debian/Ubuntu; then it is found at /usr/bin/chromium)',
      '    export LEADPROOF_CHROMIUM=/path/to/chrome (any Chromium or Chrome build)',
    ].join('\n'), { exitCode: 2 });
  }
}

export function findChromium(): BrowserChoice {
  // Running as root (containers, CI) Chromium refuses to start with its sandbox on.
  const args = [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  const fromEnv = process.env.LEADPROOF_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new LeadproofError('BROWSER_NOT_FOUND', `LEADPROOF_CHROMIUM points at ${fromEnv}, which does not exist. Fix the path or unset it.`);
    return { executablePath: fromEnv, source: 'env', args };
  }
  const own = playwrightChromium();
  if (own && existsSync(own)) return { source: 'playwright', args };
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system', args };
  throw new BrowserNotFoundError(SYSTEM_CANDIDATES);
}

let playwrightPath: string | null | undefined;

/**
 * Where Playwright's own Chromium would be (`npx playwright install`), or null. Where
 * playwright-core is loaded already (Playwright's runner and workers, the browser helpers) it is
 * asked directly; the CLI's own process asks a short-lived `node` instead of loading 45–90 MB of
 * code it would then carry for the whole run (src/forms/child.ts).
 */
function playwrightChromium(): string | null {
  if (playwrightPath !== undefined) return playwrightPath;
  const entry = require.resolve('playwright-core');
  try {
    playwrightPath = require.cache[entry]
      ? (require(entry) as typeof import('playwright-core')).chromium.executablePath()
      : execFileSync(process.execPath, ['-e', 'process.stdout.write(require(process.argv[1]).chromium.executablePath())', entry], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // playwright-core throws when it has no browser registry entry for this platform; a lookup
    // that failed (or timed out on a loaded machine) is not remembered, so the next call asks again.
    return null;
  }
  return playwrightPath || null;
}
