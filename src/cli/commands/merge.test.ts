/** `leadproof merge` is the CI gate of a sharded run: its exit code carries the merged verdict. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliOutput } from '../../../test/e2e/harness.js';
import { writeRunArtifacts } from '../../report/index.js';
import { sampleLeads, sampleReport } from '../../report/test-fixture.js';

it('exits 1 when the merged run FAILED, though each shard ran to the end', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'lp-mergecli-'));
  const leads = sampleLeads();
  const shards: string[] = [];
  for (const [i, part] of [leads.slice(0, 3), leads.slice(3)].entries()) {
    const dir = join(tmp, `shard${i + 1}`);
    await writeRunArtifacts(await sampleReport(dir, { leads: part, shard: { current: i + 1, total: 2 } }), dir, {});
    shards.push(dir);
  }
  const failed = await cliOutput('merge', ...shards, '--out', join(tmp, 'merged'));
  expect(failed.out).toMatch(/^FAILED: 4 of 5 leads passed/m);
  expect(failed.code).toBe(1);

  const passing = leads.filter((l) => l.passed);
  const ok: string[] = [];
  for (const [i, part] of [passing.slice(0, 2), passing.slice(2)].entries()) {
    const dir = join(tmp, `ok${i + 1}`);
    await writeRunArtifacts(await sampleReport(dir, { leads: part, shard: { current: i + 1, total: 2 } }), dir, {});
    ok.push(dir);
  }
  const merged = await cliOutput('merge', ...ok, '--out', join(tmp, 'merged-ok'));
  // The passing leads leave definition-of-done items no lead exercised (duplicates): INCOMPLETE.
  expect(merged.out).toMatch(/^INCOMPLETE: 4 of 4 leads passed/m);
  expect(merged.code).toBe(0);
  expect((await cliOutput('merge', ...ok, '--out', join(tmp, 'merged-ok2'), '--require-complete')).code).toBe(1);
});
