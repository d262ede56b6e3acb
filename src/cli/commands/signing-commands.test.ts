/** The real CLI, end to end, for keygen → (run artifacts) → verify → sign-off: exit codes and verdicts. */
import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOutput } from '../../../test/e2e/harness.js';
import { writeRunArtifacts } from '../../report/index.js';
import { sampleLeads, sampleReport } from '../../report/test-fixture.js';

const cli = cliOutput;

let tmp: string;
let run: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lp-cli-'));
  expect((await cli('keygen', '--out', join(tmp, 'builder'))).code).toBe(0);
  expect((await cli('keygen', '--out', join(tmp, 'approver'), '--algorithm', 'ed25519')).code).toBe(0);
  run = join(tmp, 'run');
  const leads = sampleLeads().filter((l) => l.passed);
  await writeRunArtifacts(await sampleReport(run, { leads }), run, { signingKeyPath: join(tmp, 'builder/leadproof.key') });
});

describe('signing commands', () => {
  it('verify → sign-off (builder refused, approver accepted) → verify with both keys → tamper', async () => {
    const pub = join(tmp, 'builder/leadproof.pub');
    const ok = await cli('verify', run, '--key', pub);
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/^VERIFIED: /) });

    const refused = await cli('sign-off', run, '--key', join(tmp, 'builder/leadproof.key'), '--name', 'Dana', '--role', 'revenue-leader', '--title', 'VP Revenue');
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Refused: key \w{8} signed this run/);

    const signed = await cli('sign-off', run, '--key', join(tmp, 'approver/leadproof.key'), '--name', 'Dana', '--role', 'revenue-leader', '--title', 'VP Revenue', '--builder-key', pub);
    expect(signed).toMatchObject({ code: 0, out: expect.stringContaining('Signed off by Dana (revenue-leader, VP Revenue) for attribution') });

    const both = await cli('verify', run, '--key', pub, '--approver-key', join(tmp, 'approver/leadproof.pub'));
    expect(both.code).toBe(0);
    expect(both.out).toContain('Signed off by Dana (revenue-leader, VP Revenue) for attribution');

    await appendFile(join(run, 'junit.xml'), '\n');
    const bad = await cli('verify', run, '--key', pub);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/✗ junit.xml: changed since it was signed/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli('verify', run)).code).toBe(2);
    expect((await cli('keygen', '--out', join(tmp, 'x'), '--algorithm', 'rsa')).code).toBe(2);
    expect((await cli('keygen', '--out', join(tmp, 'builder'))).out).toMatch(/already exists/);
  });
});
