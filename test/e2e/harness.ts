/**
 * End-to-end helpers: a sandbox started in the test process (so the test can inspect what is
 * left in the CRM after the CLI exits, through the real HubSpot SDK), the real CLI run as a child
 * process, and scenario folders written to temp dirs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@hubspot/api-client';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin/leadproof.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string; onStdout?: (chunk: string) => void } = {}): Promise<CliResult> & { pid?: number; kill: (sig: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, HUBSPOT_ACCESS_TOKEN: '', SF_ACCESS_TOKEN: '', LEADPROOF_SIGNING_KEY: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    opts.onStdout?.(c);
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const p = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr })));
  return Object.assign(p, { pid: child.pid, kill: (sig: NodeJS.Signals) => process.kill(-child.pid!, sig) });
}

/** The CLI's exit code and everything it printed, for tests that only read the words. */
export async function cliOutput(...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runCli(args);
  return { code: r.code, out: r.stdout + r.stderr };
}

/** Env that points the CLI at a standalone sandbox as if it were a real HubSpot portal. */
export function hubspotEnv(sb: SandboxHandle): Record<string, string> {
  return {
    HUBSPOT_ACCESS_TOKEN: sb.hubspot.accessToken,
    HUBSPOT_BASE_URL: sb.hubspot.baseUrl,
    LEADPROOF_SITE_URL: sb.siteUrl,
    LEADPROOF_TEST_DOMAIN: sb.testDomain,
  };
}

export async function withSandbox(stack?: string): Promise<SandboxHandle> {
  return startSandbox({ stack });
}

export interface ContactRow {
  id: string;
  properties: Record<string, string | null>;
}

/** Every contact in the portal, through the real SDK (as a user would check). */
export async function allContacts(sb: SandboxHandle): Promise<ContactRow[]> {
  const client = new Client({ accessToken: sb.hubspot.accessToken, basePath: sb.hubspot.baseUrl, numberOfApiCallRetries: 0 });
  const out: ContactRow[] = [];
  let after: string | undefined;
  do {
    const page = await client.crm.contacts.basicApi.getPage(100, after, ['email', 'lifecyclestage', 'hubspot_owner_id', 'lastmodifieddate', 'firstname', 'company']);
    for (const r of page.results) out.push({ id: r.id, properties: r.properties as Record<string, string | null> });
    after = page.paging?.next?.after;
  } while (after);
  return out;
}

export function testContacts(rows: ContactRow[], testDomain: string): ContactRow[] {
  return rows.filter((r) => (r.properties.email ?? '').toLowerCase().endsWith(`@${testDomain}`));
}

/** A temp folder with a project config and the given scenario files. */
export function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-e2e-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export const DEMO_CONFIG = `
forms:
  demo-request:
    url: /demo
    fields:
      firstName: First name
      lastName: Last name
      email: Business email
      company: Company name
      website: Website
      country: Country
      employees: Number of employees
      title: Job title
      consent: I agree to receive marketing emails
    submit: Request a demo
`;
