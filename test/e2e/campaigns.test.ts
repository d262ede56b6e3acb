/**
 * `leadproof campaigns` through the real CLI against two sandboxes' demo sites: redirects that keep,
 * drop and rewrite UTMs, a redirect loop, a page without the tracking script (no visitor cookie), a
 * UTM value off the taxonomy — one run, one browser; then a malformed CSV (exit 2, line and column,
 * nothing requested). No lead is created, as the CRM's own API shows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignsReport } from '../../src/campaigns/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, ROOT, runCli, withSandbox, type CliResult } from './harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lp-campaigns-'));
const csv = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('leadproof campaigns', () => {
  let sb: SandboxHandle;
  let bare: SandboxHandle;
  let r: CliResult;
  let report: CampaignsReport;
  const out = path.join(dir, 'out');

  beforeAll(async () => {
    [sb, bare] = await Promise.all([withSandbox(), withSandbox(path.join(ROOT, 'fixtures/stacks/no-visitor-cookie.stack.yaml'))]);
    const s = sb.siteUrl.replace(/\/$/, '');
    const b = bare.siteUrl.replace(/\/$/, '');
    const utm = 'utm_source=google&utm_medium=cpc&utm_campaign=q4-na';
    const file = csv('campaigns.csv', [
      'URL,Channel,Campaign',
      `${s}/go/keep/go/keep/demo?${utm},paid-search,q4-na`,
      `${s}/go/drop/demo?${utm},paid-search,q4-na`,
      `${s}/go/rewrite/contact-sales?utm_source=linkedin&utm_medium=paid_social&utm_campaign=q4-emea,paid-social,q4-emea`,
      `${s}/go/loop?${utm},paid-search,q4-na`,
      `${s}/demo?utm_source=google&utm_medium=CPC&utm_campaign=q4-na,paid-search,q4-na`,
      `${b}/resources/ebook?utm_source=newsletter&utm_medium=email&utm_campaign=nov-digest,email,nov-digest`,
    ].join('\n'));
    r = await runCli(['campaigns', file, '--out', out]);
    report = JSON.parse(readFileSync(path.join(out, 'campaigns.json'), 'utf8')) as CampaignsReport;
  }, 240_000);

  afterAll(async () => {
    await Promise.all([sb?.stop(), bare?.stop()]);
  });

  const row = (line: number) => report.results.find((x) => x.line === line)!;

  it('exits 1 with a table, and passes only the URL whose two redirects keep every UTM', () => {
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/line +result +channel +campaign +resolves +UTMs kept +form +cookie +taxonomy/);
    expect(report).toMatchObject({ schema: 'leadproof.campaigns/v1', taxonomy: 'taxonomy.yaml', summary: { total: 6, passed: 1, failed: 5 } });
    expect(row(2)).toMatchObject({ ok: true, hops: [{ status: 302 }, { status: 302 }, { status: 200 }] });
    expect(row(2).checks.form).toEqual({ ok: true, detail: 'demo-request' });
    expect(row(2).checks.cookie).toEqual({ ok: true, detail: 'hubspotutk set' });
    expect(readFileSync(path.join(out, 'campaigns.md'), 'utf8')).toMatch(/\| 3 \| \*\*FAIL\*\* \| paid-search \| q4-na \|/);
  });

  it('names what a redirect did to the UTMs: dropped, rewritten', () => {
    expect(row(3).checks.utms).toEqual({ ok: false, detail: 'the redirect drops utm_source, utm_medium, utm_campaign; attribution would be lost' });
    expect(row(4).checks.utms.detail).toBe('the redirect rewrites utm_source "linkedin" → "go-links"; the redirect rewrites utm_medium "paid_social" → "referral"; attribution would be lost');
    expect(r.stdout).toContain('✗ line 3: ');
    expect(r.stdout).toContain('UTMs kept: the redirect drops utm_source, utm_medium, utm_campaign');
  });

  it('stops a redirect loop at the bound, flags a UTM value off the taxonomy and a page without the visitor cookie', () => {
    expect(row(5).checks.resolves.detail).toMatch(/^more than 10 redirects/);
    expect(row(5).hops).toHaveLength(11);
    expect(row(6).checks.resolves.ok).toBe(true);
    expect(row(6).checks.taxonomy).toEqual({ ok: false, detail: 'utm_medium: "CPC" is not a utm_medium of channel paid-search (allowed: cpc, ppc) — did you mean cpc?' });
    expect(row(7).checks.form).toEqual({ ok: true, detail: 'ebook' });
    expect(row(7).checks.cookie.ok).toBe(false);
    expect(row(7).checks.cookie.detail).toMatch(/did not set the hubspotutk cookie/);
  });

  it('created no lead in either CRM', async () => {
    const testDomain = sb.testDomain;
    for (const s of [sb, bare]) expect((await allContacts(s)).filter((c) => (c.properties.email ?? '').endsWith(`@${testDomain}`))).toEqual([]);
  });

  it('a malformed CSV is exit 2 naming the line and column, before any URL is requested', async () => {
    const bad = csv('bad.csv', 'URL,channel,campaign\nhttps://example.invalid/a?utm_source=x,paid-search,a\n/demo?utm_source=google,paid-search,b\n');
    const res = await runCli(['campaigns', bad, '--out', path.join(dir, 'bad-out')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}:3: URL: "/demo?utm_source=google" is not an absolute http(s) URL`);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
