/**
 * Combines the reports of a sharded run (`--shard i/n` on several machines) into one report and
 * one attestation. Shards must be the same run: same CRM, same scenario digests, same commit,
 * and together exactly shards 1..n. Each shard's files are checked against its own attestation
 * before anything is copied, so a tampered shard cannot launder itself through the merge.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ArtifactError, VerificationError } from '../attest/errors.js';
import { RUN_FILES } from '../attest/predicates.js';
import { sha256 } from '../attest/statement.js';
import { evidencePath } from './evidence.js';
import { verifyRunDir } from '../attest/verify.js';
import { writeRunArtifacts, type WriteArtifactsOptions, type WriteArtifactsResult } from './write-artifacts.js';
import { REPORT_SCHEMA_VERSION, type RunReport } from './model.js';
import { withVerdict } from './verdict.js';
import { mergeCoverage } from '../coverage/index.js';
import { EVIDENCE_FILES } from './evidence-hooks.js';

export interface MergeOptions extends WriteArtifactsOptions {
  /** Builder public key the shards were signed with; when given, each shard is verified. */
  shardKeyPath?: string;
  /** Writes what the merged run's own evidence needs (the CLI: its routing document) before the report. */
  beforeWrite?: (merged: RunReport, outDir: string) => void | Promise<void>;
}

// Evidence every shard gathered from the same inputs (the taxonomy, the campaign check, the source
// baseline): the first shard's copy stands for the run. routing.md is per shard and made anew.
const SHARED_EVIDENCE = [EVIDENCE_FILES.taxonomy, EVIDENCE_FILES['campaign-urls'], EVIDENCE_FILES.baseline, EVIDENCE_FILES['routing-alerts']];

export async function mergeRuns(dirs: string[], outDir: string, opts: MergeOptions = {}): Promise<WriteArtifactsResult & { report: RunReport }> {
  if (dirs.length < 2) throw new ArtifactError('merge needs at least two shard folders: `npx leadproof merge reports/a reports/b --out reports/merged`.');
  const shards: { dir: string; report: RunReport; attestationSha256?: string }[] = [];
  for (const dir of dirs) {
    if (opts.shardKeyPath) {
      const v = await verifyRunDir(dir, { keyPath: opts.shardKeyPath });
      if (!v.ok) throw new VerificationError(`Shard ${dir} does not verify: ${v.checks.filter((c) => !c.ok).map((c) => `${c.file}: ${c.message}`).join('; ')}`);
    }
    const report = await readReport(dir);
    const att = await readFile(join(dir, RUN_FILES.attestation)).then(sha256, () => undefined);
    shards.push({ dir, report, attestationSha256: att });
  }
  checkCompatible(shards.map((s) => s.report), dirs);
  const merged = combine(shards);
  await mkdir(outDir, { recursive: true });
  for (const { dir, report } of shards) {
    for (const ev of report.leads.flatMap((l) => l.evidence)) {
      const rel = evidencePath(ev.path);
      if (!rel) throw new ArtifactError(`${dir}/report.json: evidence path "${ev.path}" leaves the run folder; refusing to copy it.`);
      await mkdir(dirname(join(outDir, rel)), { recursive: true });
      await copyFile(join(dir, rel), join(outDir, rel));
    }
  }
  for (const name of SHARED_EVIDENCE) {
    const from = shards.find((sh) => existsSync(join(sh.dir, name)));
    if (from) await copyFile(join(from.dir, name), join(outDir, name));
  }
  await opts.beforeWrite?.(merged, outDir);
  // writeRunArtifacts re-hashes every copied evidence file against the shard's recorded digest.
  return { ...(await writeRunArtifacts(merged, outDir, opts)), report: merged };
}

async function readReport(dir: string): Promise<RunReport> {
  try {
    const r = JSON.parse(await readFile(join(dir, RUN_FILES.report), 'utf8')) as RunReport;
    if (r.schemaVersion !== REPORT_SCHEMA_VERSION) throw new ArtifactError(`${dir}/report.json has schemaVersion ${r.schemaVersion}; this leadproof reads ${REPORT_SCHEMA_VERSION}. Merge with the leadproof version that ran the shards.`);
    return r;
  } catch (err) {
    if (err instanceof ArtifactError) throw err;
    throw new ArtifactError(`${dir}/report.json is missing or not JSON; pass the output folders of the shard runs.`, { cause: err });
  }
}

function checkCompatible(reports: RunReport[], dirs: string[]): void {
  const problems: string[] = [];
  const first = reports[0]!;
  const same = (what: string, f: (r: RunReport) => unknown) => {
    reports.forEach((r, i) => {
      if (JSON.stringify(f(r)) !== JSON.stringify(f(first))) problems.push(`${dirs[i]}: ${what} differs from ${dirs[0]}`);
    });
  };
  same('CRM', (r) => [r.crm.kind, r.crm.account]);
  same('scenario files or their digests', (r) => [...r.scenarios].sort((a, b) => a.file.localeCompare(b.file)));
  same('git commit', (r) => r.git?.commit);
  same('stack', (r) => r.stack?.sha256);
  const totals = new Set(reports.map((r) => r.shard?.total));
  const seen = reports.map((r) => r.shard?.current);
  if (reports.some((r) => !r.shard)) problems.push('every folder must come from a `--shard i/n` run');
  else if (totals.size !== 1) problems.push(`shards disagree on n: ${[...totals].join(', ')}`);
  else {
    const n = reports[0]!.shard!.total;
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.includes(i));
    if (missing.length) problems.push(`missing shard(s) ${missing.map((i) => `${i}/${n}`).join(', ')}`);
    if (new Set(seen).size !== seen.length) problems.push('the same shard was given twice');
  }
  const keys = reports.flatMap((r) => r.leads.map((l) => l.key));
  const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (dupes.length) problems.push(`lead keys appear in more than one shard: ${[...new Set(dupes)].join(', ')}`);
  if (problems.length) throw new ArtifactError(`Cannot merge these shards:\n  - ${problems.join('\n  - ')}`);
}

function combine(shards: { dir: string; report: RunReport; attestationSha256?: string }[]): RunReport {
  const reports = shards.map((s) => s.report);
  const first = reports[0]!;
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1)!;
  const leads = reports.flatMap((r) => r.leads);
  const ids = [...new Set(reports.map((r) => r.runId))];
  const durationMs = Date.parse(finishedAt) - Date.parse(startedAt);
  const { shard: _omit, summary: _summary, pools: _pools, failureGroups: _groups, routingCoverage: _coverage, ...base } = first;
  const routingCoverage = mergeCoverage(reports.map((r) => r.routingCoverage));
  // Verdict, pools and counts are recomputed from the merged leads: a round-robin member missed
  // by every shard, or a checklist item only another shard covered, shows only in the whole.
  return withVerdict({
    ...base,
    runId: ids.length === 1 ? ids[0]! : `merged-${sha256(ids.sort().join('\n')).slice(0, 12)}`,
    startedAt,
    finishedAt,
    leads,
    flush: {
      deleted: sum(reports.map((r) => r.flush.deleted)),
      failed: sum(reports.map((r) => r.flush.failed)),
      refused: sum(reports.map((r) => r.flush.refused)),
      skipped: reports.some((r) => r.flush.skipped),
      details: reports.flatMap((r) => r.flush.details),
    },
    figures: {
      apiCalls: sum(reports.map((r) => r.figures.apiCalls)), submissions: sum(reports.map((r) => r.figures.submissions)), wallTimeMs: durationMs,
      // Each shard paced to its share of one budget: the whole run's is the sum of the shares.
      ...(first.figures.intakeBudget ? { intakeBudget: { max: +sum(reports.map((r) => (r.figures.intakeBudget ? (r.figures.intakeBudget.max / r.figures.intakeBudget.intervalMs) * 10_000 : 0))).toFixed(3), intervalMs: 10_000 } } : {}),
    },
    mergedFrom: shards.map((s) => ({ runId: s.report.runId, shard: s.report.shard, ...(s.attestationSha256 ? { attestationSha256: s.attestationSha256 } : {}) })),
    ...(routingCoverage ? { routingCoverage } : {}),
  }, durationMs);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
