import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRunArtifacts } from '../report/index.js';
import { sampleReport } from '../report/test-fixture.js';
import { writeKeyPair } from './keygen.js';
import { verifyRunDir } from './verify.js';
import { cp } from 'node:fs/promises';

let keys: { privatePath: string; publicPath: string; keyid: string };
let signedDir: string;

beforeAll(async () => {
  keys = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));
  signedDir = await mkdtemp(join(tmpdir(), 'lp-run-'));
  await writeRunArtifacts(await sampleReport(signedDir), signedDir, { signingKeyPath: keys.privatePath });
});

/** A fresh copy of the signed run, so each tamper starts from a good folder. */
async function copyRun(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-copy-'));
  await cp(signedDir, dir, { recursive: true });
  return dir;
}

const failures = (o: Awaited<ReturnType<typeof verifyRunDir>>) => o.checks.filter((c) => !c.ok);

describe('verifyRunDir', () => {
  it('verifies a freshly signed run', async () => {
    const o = await verifyRunDir(signedDir, { keyPath: keys.publicPath });
    expect(failures(o)).toEqual([]);
    expect(o).toMatchObject({ ok: true, result: 'FAILED', runId: 'run1' });
  });

  const artifacts = ['report.json', 'junit.xml', 'report.html', 'evidence/scenarios_edges.scenario.ts_2/screenshot.png', 'evidence/scenarios_routing.scenario.ts_0/payload.json'];
  for (const file of artifacts) {
    it(`fails, naming the file, when one byte of ${file} changes`, async () => {
      const dir = await copyRun();
      const bytes = await readFile(join(dir, file));
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      await writeFile(join(dir, file), bytes);
      const o = await verifyRunDir(dir, { keyPath: keys.publicPath });
      expect(o.ok).toBe(false);
      expect(failures(o).map((c) => c.file)).toEqual([file]);
      expect(failures(o)[0]!.message).toMatch(/changed since it was signed/);
    });
  }

  it('fails when an artifact is deleted', async () => {
    const dir = await copyRun();
    await writeFile(join(dir, 'junit.xml'), '');
    await appendFile(join(dir, 'report.html'), ' ');
    const o = await verifyRunDir(dir, { keyPath: keys.publicPath });
    expect(failures(o).map((c) => c.file).sort()).toEqual(['junit.xml', 'report.html']);
  });

  it('fails when the envelope payload is changed (even with subjects re-hashed)', async () => {
    const dir = await copyRun();
    const envPath = join(dir, 'attestation.dsse.json');
    const env = JSON.parse(await readFile(envPath, 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    statement.predicate.result = 'PASSED';
    env.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await writeFile(envPath, JSON.stringify(env));
    const o = await verifyRunDir(dir, { keyPath: keys.publicPath });
    expect(o.ok).toBe(false);
    expect(failures(o)).toEqual([expect.objectContaining({ file: 'attestation.dsse.json', message: expect.stringMatching(/does not verify/) })]);
  });

  it('fails when the signature bytes are changed', async () => {
    const dir = await copyRun();
    const envPath = join(dir, 'attestation.dsse.json');
    const env = JSON.parse(await readFile(envPath, 'utf8'));
    const sig = Buffer.from(env.signatures[0].sig, 'base64');
    sig[sig.length - 3] ^= 0xff;
    env.signatures[0].sig = sig.toString('base64');
    await writeFile(envPath, JSON.stringify(env));
    const o = await verifyRunDir(dir, { keyPath: keys.publicPath });
    expect(failures(o).map((c) => c.file)).toEqual(['attestation.dsse.json']);
  });

  it('fails with a different builder key, and on an unsigned run', async () => {
    const other = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));
    expect((await verifyRunDir(signedDir, { keyPath: other.publicPath })).ok).toBe(false);
    const unsigned = await mkdtemp(join(tmpdir(), 'lp-run-'));
    const res = await writeRunArtifacts(await sampleReport(unsigned), unsigned, {});
    expect(res.signed).toBe(false);
    const o = await verifyRunDir(unsigned, { keyPath: keys.publicPath });
    expect(o.ok).toBe(false);
    expect(failures(o)[0]!.message).toMatch(/unsigned/);
  });

  it('fails when the attestation is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-empty-'));
    const o = await verifyRunDir(dir, { keyPath: keys.publicPath });
    expect(o.ok).toBe(false);
    expect(failures(o)[0]!.file).toBe('attestation.dsse.json');
  });
});
