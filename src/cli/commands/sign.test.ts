/** `leadproof sign`: an unsigned run gets signed later — only if nothing changed since the run. */
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliOutput } from '../../../test/e2e/harness.js';
import { writeRunArtifacts } from '../../report/index.js';
import { sampleReport } from '../../report/test-fixture.js';

const cli = cliOutput;

it('signs an unchanged unsigned run once, and refuses a changed one', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'lp-sign-'));
  expect((await cli('keygen', '--out', join(tmp, 'k'))).code).toBe(0);
  const run = join(tmp, 'run');
  await writeRunArtifacts(await sampleReport(run), run, {});
  const tampered = join(tmp, 'tampered');
  await cp(run, tampered, { recursive: true });
  await appendFile(join(tampered, 'junit.xml'), ' ');

  const pub = join(tmp, 'k/leadproof.pub');
  expect((await cli('verify', run, '--key', pub)).code).toBe(1);
  const signed = await cli('sign', run, '--key', join(tmp, 'k/leadproof.key'));
  expect(signed.code, signed.out).toBe(0);
  expect((await cli('verify', run, '--key', pub)).code).toBe(0);
  expect(await cli('sign', run, '--key', join(tmp, 'k/leadproof.key'))).toMatchObject({ code: 1, out: expect.stringContaining('already signed') });

  const refused = await cli('sign', tampered, '--key', join(tmp, 'k/leadproof.key'));
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('junit.xml changed since the run');
});
