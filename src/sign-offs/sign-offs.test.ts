import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attestItem } from '../attest/attest-item.js';
import { writeKeyPair } from '../attest/keygen.js';
import { signOff } from '../attest/sign-off.js';
import { verifyRunDir } from '../attest/verify.js';
import { writeRunArtifacts } from '../report/index.js';
import { sampleLeads, sampleReport } from '../report/test-fixture.js';
import { writeSignOffsPage } from './index.js';

type Keys = Awaited<ReturnType<typeof writeKeyPair>>;
let builder: Keys, mops: Keys, sops: Keys;
const keys = async () => writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));
beforeAll(async () => {
  [builder, mops, sops] = [await keys(), await keys(), await keys()];
});

describe('sign-offs.html', () => {
  it('lists attestations and approvals with name, role, parts and date, and what is owed; the run still verifies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
    await writeRunArtifacts(await sampleReport(dir, { leads: sampleLeads().filter((l) => l.passed) }), dir, { signingKeyPath: builder.privatePath });
    const reportHtml = await readFile(join(dir, 'report.html'));

    let page = await readFile(await writeSignOffsPage(dir), 'utf8');
    expect(page).toContain('Nobody has signed off this run yet.');
    expect(page).toMatch(/<tr data-part="crm-build-out" data-owed="marketing-ops,sales-ops">/);

    await attestItem(dir, { item: 'review-cadence', statement: 'Quarterly review agreed with the CRO', link: 'https://wiki.example/cadence', keyPath: sops.privatePath, name: 'Sam <Ops>', role: 'Sales Ops lead', now: new Date('2026-12-01T09:00:00Z') });
    await signOff(dir, { keyPath: mops.privatePath, name: 'Maya', role: 'marketing-ops', parts: ['crm-build-out'], now: new Date('2026-12-02T10:00:00Z') });
    page = await readFile(await writeSignOffsPage(dir, { now: new Date('2026-12-03T00:00:00Z') }), 'utf8');
    expect(page).toMatch(/<tr data-attested="review-cadence"><td>Sam &lt;Ops&gt;<\/td><td>Sales Ops lead<\/td><td>Review cadence agreed <span class="meta">\(Attribution\)<\/span><\/td><td>1 Dec 2026, 09:00:00 UTC<\/td><td>“Quarterly review agreed with the CRO” <code>https:\/\/wiki\.example\/cadence<\/code>/);
    expect(page).toMatch(/<tr data-approval="marketing-ops"><td>Maya<\/td><td>marketing-ops<\/td><td>CRM build-out<\/td><td>2 Dec 2026, 10:00:00 UTC<\/td><td><span class="ok">counted<\/span>/);
    expect(page).toMatch(/<tr data-part="crm-build-out" data-owed="sales-ops"><td>CRM build-out<\/td><td>marketing-ops \+ sales-ops<\/td><td>marketing-ops: Maya<\/td>/);
    expect(page).toContain('sign-off of crm-build-out by sales-ops');
    expect(page).not.toContain('attestation of review-cadence');
    expect(page).toContain('Policy <span class="bad">not met</span>');

    // A tampered approval is shown, not counted; report.html was never touched, so the run verifies.
    await signOff(dir, { keyPath: sops.privatePath, name: 'Sam', role: 'sales-ops', parts: ['crm-build-out'] });
    const file = join(dir, 'approvals', readdirSync(join(dir, 'approvals')).find((f) => f.startsWith('sales-ops'))!);
    const env = JSON.parse(await readFile(file, 'utf8')) as { signatures: { sig: string }[] };
    env.signatures[0]!.sig = Buffer.from('forged').toString('base64');
    await writeFile(file, JSON.stringify(env));
    page = await readFile(await writeSignOffsPage(dir), 'utf8');
    expect(page).toMatch(/<tr data-approval="sales-ops">.*<span class="bad">not counted<\/span>/);
    expect(await readFile(join(dir, 'report.html'))).toEqual(reportHtml);
    const v = await verifyRunDir(dir, { keyPath: builder.publicPath });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
