/**
 * Finds a Chromium to drive. Playwright's own download is preferred where the network allowed
 * `npx playwright install`; otherwise a system Chromium (Debian's /usr/bin/chromium). The flags
 * keep Chromium from phoning home, which on a closed network means a storm of refused
 * connections at every start.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { LeadproofError } from '../errors.js';

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
  try {
    if (existsSync(chromium.executablePath())) return { source: 'playwright', args };
  } catch {
    // playwright-core throws when it has no browser registry entry for this platform
  }
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system', args };
  throw new BrowserNotFoundError(SYSTEM_CANDIDATES);
}
