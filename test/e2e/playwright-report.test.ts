/**
 * Playwright's own report of a leadproof run: the lead's email in a test title must not become a
 * tag (Playwright reads `@word` in titles as tags), and a failed `verify ›` case must show the
 * lead's failed checks, not a line of leadproof's source.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, withSandbox } from './harness.js';

const lead = (name: string, email: string) => `name: ${name}
form: demo-request
lead: { country: JP, employees: 40 }
expect:
  owner: { email: ${email} }
  within: 5s
`;

interface PwTest { title: string; tags: string[]; annotations: { type: string; description?: string }[]; results: { errors: { message?: string; stack?: string; location?: unknown }[] }[] }

/** The HTML report keeps its data as a base64 zip inside index.html; read its JSON entries. */
function htmlReportTests(file: string): PwTest[] {
  const b64 = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(readFileSync(file, 'utf8'))![1]!;
  const zip = Buffer.from(b64, 'base64');
  const tests: PwTest[] = [];
  // Walk the zip's local file headers (PK\x03\x04): name, then deflated or stored data.
  for (let i = 0; zip.readUInt32LE(i) === 0x04034b50;) {
    const method = zip.readUInt16LE(i + 8);
    const size = zip.readUInt32LE(i + 18);
    const nameLen = zip.readUInt16LE(i + 26);
    const extraLen = zip.readUInt16LE(i + 28);
    const name = zip.subarray(i + 30, i + 30 + nameLen).toString();
    const start = i + 30 + nameLen + extraLen;
    const raw = zip.subarray(start, start + size);
    const body = JSON.parse((method === 8 ? inflateRawSync(raw) : raw).toString()) as { tests?: PwTest[] };
    if (name !== 'report.json') tests.push(...(body.tests ?? []));
    i = start + size;
  }
  return tests;
}

it('no tag comes from the email, and a failed verify case reads as the lead\'s failed checks', async () => {
  const sb = await withSandbox();
  try {
    const dir = scenarioDir({
      'leadproof.config.yaml': DEMO_CONFIG,
      'pass.scenario.yaml': lead('Routed right', 'kenji.sato@acme-funnel.example'),
      'fail.scenario.yaml': lead('Routed wrong', 'jake.miller@acme-funnel.example'),
    });
    const out = mkdtempSync(path.join(tmpdir(), 'lp-pwreport-'));
    const r = await runCli(['run', '--scenarios', dir, '--out', out], { env: hubspotEnv(sb), cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = htmlReportTests(path.join(out, 'playwright-report/index.html'));
    expect(tests).toHaveLength(4);
    for (const t of tests) {
      expect(t.tags, t.title).toEqual([]);
      expect(t.title).not.toContain('@');
      // The email stays visible, beside the title.
      expect(t.annotations.find((a) => a.type === 'lead email')?.description).toMatch(new RegExp(`@${sb.testDomain.replace('.', '\\.')}$`));
    }
    const failed = tests.filter((t) => t.results.some((x) => x.errors.length));
    expect(failed.map((t) => t.title)).toEqual([expect.stringMatching(/^verify › Routed wrong \[lp\./)]);
    const [error] = failed[0]!.results[0]!.errors;
    expect(error!.message).toContain('✗ owner: went to Kenji Sato');
    expect(error!.message).toContain('expected jake.miller@acme-funnel.example');
    expect(JSON.stringify(error)).not.toMatch(/leads\.spec\.ts|lead-case\.ts|src\/forms/);
  } finally {
    await sb.stop();
  }
});
