import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeKeyPair } from '../attest/keygen.js';
import { verifyRunDir } from '../attest/verify.js';
import { mergeRuns, writeRunArtifacts } from './index.js';
import { sampleLeads, sampleReport } from './test-fixture.js';

let keys: Awaited<ReturnType<typeof writeKeyPair>>;
let shards: string[];

beforeAll(async () => {
  keys = await writeKeyPair(await mkdtemp(join(tmpdir(), 'lp-k-')));
  const leads = sampleLeads();
  shards = [];
  for (const [i, part] of [leads.slice(0, 3), leads.slice(3)].entries()) {
    const dir = await mkdtemp(join(tmpdir(), `lp-shard${i + 1}-`));
    await writeRunArtifacts(await sampleReport(dir, { leads: part, shard: { current: i + 1, total: 2 } }), dir, { signingKeyPath: keys.privatePath });
    shards.push(dir);
  }
});

describe('mergeRuns', () => {
  it('combines two shards into one report and one attestation that verifies', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lp-merged-'));
    const res = await mergeRuns(shards, out, { signingKeyPath: keys.privatePath, shardKeyPath: keys.publicPath });
    expect(res.signed).toBe(true);
    expect(res.report.summary).toMatchObject({ total: 5, passed: 4, failed: 1 });
    expect(res.report.shard).toBeUndefined();
    expect(res.report.mergedFrom?.map((m) => m.shard?.current)).toEqual([1, 2]);
    expect(res.report.flush.deleted).toBe(5);
    const o = await verifyRunDir(out, { keyPath: keys.publicPath });
    expect(o.checks.filter((c) => !c.ok)).toEqual([]);
    expect(o.ok).toBe(true);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(5);
  });

  it('refuses a missing shard or a tampered shard', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lp-merged-'));
    await expect(mergeRuns([shards[0]!, shards[0]!], out)).rejects.toThrow(/missing shard\(s\) 2\/2/);
    const bad = await mkdtemp(join(tmpdir(), 'lp-bad-'));
    const { cp } = await import('node:fs/promises');
    await cp(shards[1]!, bad, { recursive: true });
    await writeFile(join(bad, 'evidence/scenarios_edges.scenario.ts_2/screenshot.png'), 'swapped');
    await expect(mergeRuns([shards[0]!, bad], out, { shardKeyPath: keys.publicPath })).rejects.toThrow(/screenshot.png: changed since it was signed/);
    // Without a shard key, the evidence digests recorded in the shard's report still catch it.
    await expect(mergeRuns([shards[0]!, bad], out)).rejects.toThrow(/screenshot.png changed after capture/);
  });

  it('recomputes verdict and round-robin coverage from the merged leads, not the shards', async () => {
    // Each shard alone got fewer leads than the pool has members (a warning); together they got
    // enough, and one member received none: only the merged run can say so.
    const pooled = sampleLeads().slice(0, 4).map((l, i) => ({ ...l, key: `pool#${i}`, owner: { expected: 'one of a, b, c', actual: 'A', actualEmail: i % 2 ? 'b@x.example' : 'a@x.example', pool: ['a@x.example', 'b@x.example', 'c@x.example'] } }));
    const dirs: string[] = [];
    for (const [i, part] of [pooled.slice(0, 2), pooled.slice(2)].entries()) {
      const dir = await mkdtemp(join(tmpdir(), `lp-pshard${i + 1}-`));
      const r = await sampleReport(dir, { leads: part, shard: { current: i + 1, total: 2 } });
      expect(r.pools?.[0]?.status).toBe('not-exercised');
      await writeRunArtifacts(r, dir);
      dirs.push(dir);
    }
    const res = await mergeRuns(dirs, await mkdtemp(join(tmpdir(), 'lp-pmerged-')));
    expect(res.report.pools).toEqual([expect.objectContaining({ status: 'missed', missing: ['c@x.example'], leads: 4 })]);
    expect(res.report.summary.verdict).toBe('FAILED');
    expect(res.report.failureGroups?.map((g) => g.kind)).toEqual(['pool']);
  });
});
