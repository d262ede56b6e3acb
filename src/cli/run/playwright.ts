import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PARENT_PID_ENV } from '../../forms/parent-watch.js';
import { browserEnv } from './browser-env.js';

const require = createRequire(import.meta.url);
const CONFIG = fileURLToPath(new URL('../../../playwright.config.ts', import.meta.url));

/** Runs Playwright Test on the run plan; resolves with its exit code (1 when any case failed). */
export function runPlaywright(opts: { planFile: string; workers?: number }): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  const args = [cli, 'test', '--config', CONFIG];
  if (opts.workers) args.push('--workers', String(opts.workers));
  return new Promise((resolve, reject) => {
    // Its own process group (detached), so the runner can end everything it started if this
    // process dies (see forms/parent-watch.ts); an environment without the CRM credentials.
    const env = browserEnv(process.env, { LEADPROOF_PLAN: opts.planFile, [PARENT_PID_ENV]: String(process.pid) });
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
