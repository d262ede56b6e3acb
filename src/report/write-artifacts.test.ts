import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeKeyPair } from '../attest/keygen.js';
import { writeRunArtifacts } from './index.js';
import { sampleReport } from './test-fixture.js';

describe('writeRunArtifacts', () => {
  it('writes the four artifacts, signed, with every file and evidence as a subject', async () => {
    const keys = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    const res = await writeRunArtifacts(await sampleReport(dir), dir, { signingKeyPath: keys.privatePath });
    expect(res.files.map((f) => f.slice(dir.length + 1))).toEqual(['report.json', 'junit.xml', 'report.html', 'attestation.dsse.json']);
    expect(res).toMatchObject({ signed: true, keyId: keys.keyid });
    expect(res.message).toMatch(new RegExp(`^Signed with key ${keys.keyid.slice(0, 8)} → .*attestation.dsse.json$`));

    const env = JSON.parse(await readFile(join(dir, 'attestation.dsse.json'), 'utf8'));
    expect(env.payloadType).toBe('application/vnd.in-toto+json');
    const st = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe('https://in-toto.io/attestation/test-result/v0.1');
    expect(st.predicate.result).toBe('FAILED');
    expect(st.predicate.failedTests).toEqual(['scenarios/edges.scenario.ts#2']);
    expect(st.predicate.passedTests).toHaveLength(4);
    expect(st.predicate.configuration.map((c: { name: string }) => c.name)).toContain('scenarios/routing.scenario.ts');
    expect(st.predicate.leadproof.builder.keyid).toBe(keys.keyid);
    expect(st.subject).toHaveLength(3 + 10);
    expect(st.subject.slice(0, 3).map((s: { name: string }) => s.name)).toEqual(['report.json', 'junit.xml', 'report.html']);
  });

  it('without a key writes an unsigned envelope and says how to sign', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    const saved = process.env.LEADPROOF_SIGNING_KEY;
    delete process.env.LEADPROOF_SIGNING_KEY;
    try {
      const res = await writeRunArtifacts(await sampleReport(dir), dir, {});
      expect(res.signed).toBe(false);
      expect(res.message).toMatch(/^Unsigned: run `npx leadproof keygen --out keys\/`/);
      const env = JSON.parse(await readFile(join(dir, 'attestation.dsse.json'), 'utf8'));
      expect(env.signatures).toEqual([]);
      expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('Unsigned.');
    } finally {
      if (saved !== undefined) process.env.LEADPROOF_SIGNING_KEY = saved;
    }
  });

  it('refuses to sign evidence that changed after capture, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    const report = await sampleReport(dir);
    await writeFile(join(dir, report.leads[0]!.evidence[0]!.path), 'not the screenshot');
    await expect(writeRunArtifacts(report, dir, {})).rejects.toThrow(/evidence\/scenarios_routing.scenario.ts_0\/screenshot.png changed after capture/);
  });

  it('renders JUnit with one testcase per lead and failed checks as failures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    await writeRunArtifacts(await sampleReport(dir), dir, {});
    const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('message="went to queue Default after 41 s; expected account owner Carla Diaz within 5m"');
    expect(xml).toContain('tests="5" failures="1"');
    expect(xml).not.toContain('<script>'); // CRM strings are escaped
  });

  it('renders a self-contained HTML with the CRM strings escaped and the screenshot inlined', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    await writeRunArtifacts(await sampleReport(dir), dir, {});
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Bob &lt;script&gt;alert(1)&lt;/script&gt; Jones');
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<svg role="img" aria-label="Time to owner per routing branch"');
  });
});
