/**
 * leadproof as a dev dependency of someone else's repository: the packed tarball installed with
 * npm into a temp folder outside this repo, `npx leadproof init` there, then `npx leadproof run`
 * on the two example scenarios against the embedded sandbox — the installed package finding its
 * Playwright config, spec, sandbox stack and the browser by itself, and the scenarios importing
 * `leadproof` from node_modules.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { ROOT } from './harness.js';

interface Result { code: number; out: string }

/** A child with npm's own variables of the outer process (when the suite runs under `npm test`) and CRM credentials removed. */
function sh(cmd: string, args: string[], cwd: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  Object.assign(env, { HUBSPOT_ACCESS_TOKEN: '', SF_ACCESS_TOKEN: '', LEADPROOF_SIGNING_KEY: '' });
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, out })));
}

let tmp: string;
let proj: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'lp-installed-'));
  proj = path.join(tmp, 'acme-gtm');
  mkdirSync(proj);
  const pack = await sh('npm', ['pack', '--pack-destination', tmp, '--silent'], ROOT);
  expect(pack.code, pack.out).toBe(0);
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'acme-gtm', private: true, version: '1.0.0' }));
  // The npm cache is warm from this repo's `npm ci`; the registry is asked only what the cache lacks.
  const install = await sh('npm', ['i', '-D', path.join(tmp, tarball), '--prefer-offline', '--no-audit', '--no-fund'], proj);
  expect(install.code, install.out).toBe(0);
}, 300_000);

afterAll(() => {
  // ~200 MB of node_modules: removed in the background, so a busy disk does not hold up the suite.
  if (tmp) spawn('rm', ['-rf', tmp], { detached: true, stdio: 'ignore' }).unref();
});

it('installs from the tarball, scaffolds with init (which then refuses to overwrite), and the scaffold passes on the sandbox', async () => {
  // A real install, not a link back into this repository.
  expect(lstatSync(path.join(proj, 'node_modules/leadproof')).isSymbolicLink()).toBe(false);
  expect(JSON.parse(readFileSync(path.join(proj, 'package.json'), 'utf8')).devDependencies.leadproof).toMatch(/^file:.*\.tgz$/);

  const init = await sh('npx', ['--no', 'leadproof', 'init'], proj);
  expect(init.code, init.out).toBe(0);
  for (const f of ['leadproof.config.yaml', 'scenarios/emea-enterprise.scenario.ts', 'scenarios/na-enterprise.scenario.yaml']) expect(existsSync(path.join(proj, f)), f).toBe(true);
  expect(readFileSync(path.join(proj, '.gitignore'), 'utf8')).toMatch(/^reports\/\nkeys\/\*\.key\n\.env$/m);

  const again = await sh('npx', ['--no', 'leadproof', 'init'], proj);
  expect(again.code).toBe(2);
  expect(again.out).toContain('leadproof.config.yaml: already exists');
  expect(again.out).not.toMatch(/\n\s+at /); // no stack trace

  const run = await sh('npx', ['--no', 'leadproof', 'run', '--seed', '11'], proj);
  expect(run.code, run.out).toBe(0);
  // Two leads prove only part of the definition of done: nothing failed, the rest is not covered.
  expect(run.out).toMatch(/^INCOMPLETE: 2 of 2 leads passed every check, 0 failed/m);
  const runs = readdirSync(path.join(proj, 'reports')).filter((d) => existsSync(path.join(proj, 'reports', d, 'report.json')));
  expect(runs).toHaveLength(1);
  const dir = path.join(proj, 'reports', runs[0]!);
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport;
  expect(report.summary).toMatchObject({ verdict: 'INCOMPLETE', passed: 2, failed: 0 });
  expect(report.crm.sandbox).toBe(true);
  expect(report.flush).toMatchObject({ deleted: 2, failed: 0 });
  // The TypeScript scenario ran through `import { defineScenario } from 'leadproof'`.
  expect(report.leads.map((l) => l.scenario).sort()).toEqual(['EMEA enterprise demo request from LinkedIn ads', 'NA enterprise demo request from Google Ads']);
  expect(existsSync(path.join(dir, 'playwright-report/index.html'))).toBe(true);
});
