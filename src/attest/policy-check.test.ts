import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRunArtifacts } from '../report/index.js';
import { sampleLeads, sampleReport } from '../report/test-fixture.js';
import { attestItem } from './attest-item.js';
import { writeKeyPair } from './keygen.js';
import { signOff } from './sign-off.js';
import { verifyRunDir } from './verify.js';

type Keys = Awaited<ReturnType<typeof writeKeyPair>>;
let builder: Keys, mops: Keys, sops: Keys;
const keys = async () => writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));

beforeAll(async () => {
  [builder, mops, sops] = [await keys(), await keys(), await keys()];
});

async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
  await writeFile(join(dir, 'taxonomy-lint.json'), JSON.stringify({ status: 'pass', summary: '4 channels, 0 errors', channels: ['paid-social'] }));
  await writeRunArtifacts(await sampleReport(dir, { leads: sampleLeads().filter((l) => l.passed) }), dir, { signingKeyPath: builder.privatePath });
  return dir;
}
const policy = (dir: string, now = new Date()) => verifyRunDir(dir, { keyPath: builder.publicPath, policy: { enabled: true, now } });

describe('sign-off policy', () => {
  it('marketing ops alone fails; with sales ops too the CRM build-out is signed off', async () => {
    const dir = await run();
    await signOff(dir, { keyPath: mops.privatePath, name: 'Maya', role: 'marketing-ops', parts: ['crm-build-out'] });
    let o = await policy(dir);
    expect(o.ok).toBe(true); // the files verify; the policy does not hold
    expect(o.policy).toMatchObject({ ok: false });
    expect(o.policy!.parts.find((p) => p.part === 'crm-build-out')).toMatchObject({ checked: true, owed: ['sales-ops'] });
    await signOff(dir, { keyPath: sops.privatePath, name: 'Sam', role: 'sales-ops' });
    o = await policy(dir);
    expect(o.policy).toMatchObject({ ok: true, okStrict: true, refused: [] });
    expect(o.checklist!.find((i) => i.id === 'crm-sign-off')).toMatchObject({ status: 'done', evidence: expect.stringContaining('marketing-ops Maya, sales-ops Sam') });
    // Parts nobody signed are listed as owed, not checked.
    expect(o.policy!.parts.find((p) => p.part === 'attribution')).toMatchObject({ checked: false, owed: ['revenue-leader'] });
  });

  it("refuses the builder's key, and a key under two roles", async () => {
    const dir = await run();
    await expect(signOff(dir, { keyPath: builder.privatePath, name: 'B', role: 'revops' })).rejects.toThrow(/signed this run/);
    await signOff(dir, { keyPath: mops.privatePath, name: 'Maya', role: 'marketing-ops' });
    await expect(signOff(dir, { keyPath: mops.privatePath, name: 'Maya', role: 'sales-ops' })).rejects.toThrow(/already signed off this run as marketing-ops/);
    // Written anyway (copied from another run folder's sign-off flow): verify refuses both.
    const other = await mkdtemp(join(tmpdir(), 'lp-two-'));
    await cp(dir, other, { recursive: true });
    await import('node:fs/promises').then((fs) => fs.rm(join(other, 'approvals'), { recursive: true }));
    await signOff(other, { keyPath: mops.privatePath, name: 'Maya', role: 'sales-ops' });
    await cp(join(other, 'approvals'), join(dir, 'approvals'), { recursive: true });
    const o = await policy(dir);
    expect(o.policy!.ok).toBe(false);
    expect(o.policy!.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/two roles \(marketing-ops, sales-ops\)/), expect.stringMatching(/two roles/)]);
  });

  it('reports an approval older than the cadence as stale; strict fails on it', async () => {
    const dir = await run();
    await signOff(dir, { keyPath: mops.privatePath, name: 'Maya', role: 'marketing-ops', now: new Date('2026-01-01T00:00:00Z') });
    await signOff(dir, { keyPath: sops.privatePath, name: 'Sam', role: 'sales-ops', now: new Date('2026-02-20T00:00:00Z') });
    const o = await policy(dir, new Date('2026-02-21T00:00:00Z'));
    expect(o.policy).toMatchObject({ ok: true, okStrict: false, stale: [expect.objectContaining({ role: 'marketing-ops', approvedAt: '2026-01-01T00:00:00.000Z' })] });
  });

  it('an unknown role or item is bad input naming the valid ids', async () => {
    const dir = await run();
    await expect(signOff(dir, { keyPath: mops.privatePath, name: 'M', role: 'VP Revenue' })).rejects.toThrow(/use one of: marketing-ops, sales-ops, revops, revenue-leader.*--title/);
    const bad = attestItem(dir, { item: 'nope', statement: 's', link: 'https://x.example', keyPath: mops.privatePath, name: 'M', role: 'r' });
    await expect(bad).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('sla-documented') });
  });

  it('an attestation turns its item attested, naming who, with the link; evidence files prove theirs', async () => {
    const dir = await run();
    await attestItem(dir, { item: 'sla-documented', statement: 'SLA documented and sent to SDRs', link: 'https://wiki.example/sla', keyPath: sops.privatePath, name: 'Sam', role: 'Sales Ops' });
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath });
    expect(o.ok).toBe(true);
    expect(o.checklist!.find((i) => i.id === 'sla-documented')).toMatchObject({ status: 'attested', attestation: { name: 'Sam', link: 'https://wiki.example/sla' } });
    expect(o.checklist!.find((i) => i.id === 'taxonomy')).toMatchObject({ status: 'done', evidence: 'taxonomy-lint.json: 4 channels, 0 errors' });
    expect(o.checklist!.find((i) => i.id === 'channels-attributed')).toMatchObject({ status: 'done' });
  });
});
