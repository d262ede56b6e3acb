/**
 * Checks of the run's command-line and environment input that must fail before anything is
 * created (exit 2 naming the flag or variable and the fix, never a stack trace or a NaN that
 * surfaces halfway through a run).
 */
import { InvalidArgumentError } from 'commander';
import { KeyError } from '../../attest/errors.js';
import { loadSigningKey } from '../../attest/keys.js';
import { ConfigError } from '../../errors.js';

/** A commander option parser for a whole number ≥ `min`; commander prints the flag and exits 2. */
export function wholeNumber(min: number, what: string): (value: string) => number {
  return (value) => {
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`Give a whole number${min > 0 ? ` of at least ${min}` : ''} (${what}).`);
    return n;
  };
}

/** The site base URL from --site or LEADPROOF_SITE_URL: absolute http(s), or a ConfigError naming where it came from. */
export function checkSiteUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const value = flag ?? (env.LEADPROOF_SITE_URL || undefined);
  if (value === undefined) return null;
  const field = flag !== undefined ? '--site' : 'LEADPROOF_SITE_URL';
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) {
    const guess = /^[\w.-]+\.[a-z]{2,}(?:[:/]|$)/i.test(value) ? ` such as https://${value}` : ' such as https://www.acme.com';
    throw new ConfigError([{ file: flag !== undefined ? 'command line' : 'environment', field, message: `"${value}" is not an absolute http(s) URL; give the scheme too,${guess}.` }]);
  }
  return value;
}

/**
 * Loads the signing key (--signing-key or LEADPROOF_SIGNING_KEY) up front, so a wrong path or
 * passphrase is exit 2 before any lead, not an unsigned report after the whole run.
 */
export function checkSigningKey(flag: string | undefined, env: NodeJS.ProcessEnv): void {
  const file = flag ?? (env.LEADPROOF_SIGNING_KEY || undefined);
  if (!file) return;
  try {
    loadSigningKey(file, env.LEADPROOF_SIGNING_KEY_PASSPHRASE || undefined);
  } catch (err) {
    if (!(err instanceof KeyError)) throw err;
    const where = flag !== undefined ? { file: 'command line', field: '--signing-key' } : { file: 'environment', field: 'LEADPROOF_SIGNING_KEY' };
    throw new ConfigError([{ ...where, message: err.message }]);
  }
}
