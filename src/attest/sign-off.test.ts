import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRunArtifacts } from '../report/index.js';
import { sampleLeads, sampleReport } from '../report/test-fixture.js';
import { SignOffRefusedError } from './errors.js';
import { writeKeyPair } from './keygen.js';
import { signOff } from './sign-off.js';
import { formatOutcome, verifyRunDir } from './verify.js';

type Keys = Awaited<ReturnType<typeof writeKeyPair>>;
let builder: Keys;
let approver: Keys;

beforeAll(async () => {
  builder = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-b-')));
  approver = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-a-')), { algorithm: 'ed25519' });
});

async function run(passing: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-run-'));
  const leads = passing ? sampleLeads().filter((l) => l.passed) : undefined;
  await writeRunArtifacts(await sampleReport(dir, { leads }), dir, { signingKeyPath: builder.privatePath });
  return dir;
}

const who = { name: 'Dana Whitfield', role: 'revenue-leader', title: 'VP Revenue' };

describe('signOff', () => {
  it("refuses the builder's own key", async () => {
    const dir = await run(true);
    await expect(signOff(dir, { keyPath: builder.privatePath, ...who })).rejects.toThrow(SignOffRefusedError);
    await expect(signOff(dir, { keyPath: builder.privatePath, ...who })).rejects.toThrow(/signed this run/);
  });

  it('refuses a failed run without --accept-failures, and records the reason with it', async () => {
    const dir = await run(false);
    await expect(signOff(dir, { keyPath: approver.privatePath, ...who })).rejects.toThrow(/FAILED.*--accept-failures/s);
    await signOff(dir, { keyPath: approver.privatePath, ...who, acceptFailures: 'Globex routing fixed manually; ticket OPS-12' });
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: approver.publicPath });
    expect(o.ok).toBe(true);
    expect(o.approval?.acceptedFailures).toEqual({ reason: 'Globex routing fixed manually; ticket OPS-12', failedTests: ['scenarios/edges.scenario.ts#2'] });
  });

  it('writes an approval over the run envelope that verifies with the approver key', async () => {
    const dir = await run(true);
    const res = await signOff(dir, { keyPath: approver.privatePath, ...who, builderKeyPath: builder.publicPath, now: new Date('2025-01-16T09:00:00Z') });
    expect(res.keyid).toBe(approver.keyid);
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: approver.publicPath });
    expect(o.checks.filter((c) => !c.ok)).toEqual([]);
    expect(o.approval).toMatchObject({ approver: { ...who, keyid: approver.keyid }, approvedAt: '2025-01-16T09:00:00.000Z', policy: { id: 'leadproof/definition-of-done/v1' } });
    expect(o.approval?.policy.checklist).toHaveLength(22);
    expect(o.approval?.parts).toEqual(['attribution']);
  });

  it('verification fails when the approver key is the builder key or the run envelope changed after sign-off', async () => {
    const dir = await run(true);
    await signOff(dir, { keyPath: approver.privatePath, ...who });
    const same = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: builder.publicPath });
    expect(same.checks.some((c) => !c.ok && /builder's key/.test(c.message))).toBe(true);

    const envPath = join(dir, 'attestation.dsse.json');
    await writeFile(envPath, (await readFile(envPath, 'utf8')).trimEnd()); // same JSON, other bytes
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: approver.publicPath });
    expect(o.ok).toBe(false);
    expect(o.checks.filter((c) => !c.ok)).toEqual([expect.objectContaining({ file: expect.stringMatching(/^approvals\/revenue-leader-\w{8}\.dsse\.json$/), message: expect.stringMatching(/does not cover/) })]);
  });

  it('refuses a run that does not verify against the builder key', async () => {
    const dir = await run(true);
    await writeFile(join(dir, 'junit.xml'), '<testsuites/>');
    await expect(signOff(dir, { keyPath: approver.privatePath, ...who, builderKeyPath: builder.publicPath })).rejects.toThrow(/junit.xml: changed since it was signed/);
  });

  it('fails verification when --approver-key is given but nobody signed off', async () => {
    const dir = await run(true);
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: approver.publicPath });
    expect(o.ok).toBe(false);
    expect(o.checks.find((c) => !c.ok)?.file).toBe('approval.dsse.json');
  });

  it('approves an INCOMPLETE run but records and says what it did not cover', async () => {
    const dir = await run(true); // the passing leads: no existing-customer lead, so branches is not covered
    const res = await signOff(dir, { keyPath: approver.privatePath, ...who });
    expect(res.message).toMatch(/INCOMPLETE: nothing failed, but not covered by any lead: branches/);
    const o = await verifyRunDir(dir, { keyPath: builder.publicPath, approverKeyPath: approver.publicPath });
    expect(o).toMatchObject({ ok: true, result: 'WARNED', verdict: 'INCOMPLETE', notCovered: ['branches'] });
    expect(o.approval?.run).toMatchObject({ result: 'WARNED', verdict: 'INCOMPLETE', notCovered: ['branches'] });
    expect(formatOutcome(o, dir)).toContain('Test result signed by the builder: WARNED — INCOMPLETE, not covered: branches');
  });
});
