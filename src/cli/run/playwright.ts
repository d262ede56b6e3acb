import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPORTERS_ENV } from '../../forms/extra-reporters.js';
import { PARENT_PID_ENV } from '../../forms/parent-watch.js';
import { browserEnv } from './browser-env.js';
import { playwrightArgs, type PlaywrightFlags } from './playwright-flags.js';

const require = createRequire(import.meta.url);
const CONFIG = fileURLToPath(new URL('../../../playwright.config.ts', import.meta.url));
// Playwright compiles TypeScript only outside node_modules; installed as a dependency, leadproof's
// config and spec live inside it. tsx (registered first, so Playwright's own loader still goes
// first where it applies) compiles them there; Playwright's workers inherit the flag.
const TSX = pathToFileURL(require.resolve('tsx')).href;

/** Runs Playwright Test on the run plan; resolves with its exit code (1 when any case failed). */
export function runPlaywright(opts: { planFile: string; workers?: number; flags?: PlaywrightFlags }): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  const args = ['--import', TSX, cli, 'test', '--config', CONFIG, ...playwrightArgs(opts.flags)];
  if (opts.workers) args.push('--workers', String(opts.workers));
  return new Promise((resolve, reject) => {
    // Its own process group (detached), so the runner can end everything it started if this
    // process dies (see forms/parent-watch.ts); an environment without the CRM credentials.
    const env = browserEnv(process.env, {
      LEADPROOF_PLAN: opts.planFile,
      [PARENT_PID_ENV]: String(process.pid),
      [REPORTERS_ENV]: JSON.stringify(opts.flags?.reporters ?? []),
    });
    const child = spawn(process.execPath, args, { stdio: 'inherit', env, detached: true });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}
