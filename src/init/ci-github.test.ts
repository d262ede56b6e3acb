/**
 * The GitHub Actions workflow `leadproof init --ci github` writes, read back as YAML: the shape
 * GitHub needs (triggers, jobs, matrix, needs, permissions) and the steps that do the work.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { scaffold } from './scaffold.js';

interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string>; 'continue-on-error'?: boolean }
interface Job { needs?: string | string[]; if?: string; permissions?: Record<string, string>; strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> }; steps: Step[] }
interface Workflow { name: string; on: Record<string, { paths?: string[]; branches?: string[] } | null>; permissions: Record<string, string>; jobs: Record<string, Job> }

function generated(shards?: number): { wf: Workflow; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-ci-'));
  scaffold(dir, { kind: 'ci-github', shards });
  const doc = parseDocument(readFileSync(path.join(dir, '.github/workflows/leadproof.yml'), 'utf8'));
  expect(doc.errors).toEqual([]);
  return { wf: doc.toJS() as Workflow, dir };
}

const stepRunning = (job: Job, text: string) => job.steps.find((s) => s.run?.includes(text));
const stepUsing = (job: Job, action: string, name?: string) => job.steps.find((s) => s.uses?.startsWith(action) && (name === undefined || s.with?.name === name));

describe('leadproof init --ci github', () => {
  const { wf, dir } = generated(3);

  it('runs on pull requests that touch scenarios or routing config, and on main for the baseline', () => {
    expect(wf.on.pull_request?.paths).toEqual(expect.arrayContaining(['scenarios/**', 'leadproof.config.*', '.leadproof/**']));
    expect(wf.on.push?.branches).toEqual(['main']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toEqual(['run', 'merge', 'monitor']);
  });

  it('has a scheduled monitor job that keeps its state even when the pass fails, and only it runs on the schedule', () => {
    expect((wf.on.schedule as unknown as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(wf.jobs.run!.if).toBe("github.event_name != 'schedule'");
    expect(wf.jobs.merge!.if).toContain("github.event_name != 'schedule'");
    const m = wf.jobs.monitor!;
    expect(m.if).toBe("github.event_name == 'schedule'");
    expect(stepRunning(m, 'npx leadproof monitor')?.env).toHaveProperty('LEADPROOF_SLACK_WEBHOOK_URL');
    expect(stepUsing(m, 'actions/cache/restore')?.with?.path).toBe('reports/monitor-state.json');
    const save = stepUsing(m, 'actions/cache/save')!;
    expect(save.if).toBe('always()');
    expect(save.with?.path).toBe('reports/monitor-state.json');
  });

  it('shards the run over a matrix, installs the browser the hosted-runner way, and keeps every shard folder', () => {
    const run = wf.jobs.run!;
    expect(run.strategy?.matrix.shard).toEqual([1, 2, 3]);
    expect(run.strategy?.['fail-fast']).toBe(false);
    expect(stepRunning(run, 'npx playwright install --with-deps chromium')).toBeDefined();
    const leads = stepRunning(run, 'npx leadproof run')!;
    expect(leads.run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }} --out shards/shard-${{ matrix.shard }}');
    expect(leads.env?.HUBSPOT_ACCESS_TOKEN).toBe('${{ secrets.HUBSPOT_ACCESS_TOKEN }}');
    const upload = stepUsing(run, 'actions/upload-artifact@')!;
    expect(upload.if).toBe('always()');
    expect(upload.with).toMatchObject({ name: 'leadproof-shard-${{ matrix.shard }}', path: 'shards/shard-${{ matrix.shard }}' });
    // Secrets never reach npm ci (install scripts) through a workflow-wide env.
    expect(wf).not.toHaveProperty('env');
    for (const job of Object.values(wf.jobs)) expect(job).not.toHaveProperty('env');
    expect(stepRunning(run, 'npm ci')?.env).toBeUndefined();
  });

  it('merges, diffs against the main baseline, comments, uploads the report, saves the baseline and gates', () => {
    const merge = wf.jobs.merge!;
    expect(merge.needs).toBe('run');
    expect(merge.if).toContain('!cancelled()');
    expect(merge.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'write' });
    expect(stepUsing(merge, 'actions/download-artifact@')?.with).toMatchObject({ pattern: 'leadproof-shard-*', path: 'shards' });
    expect(stepRunning(merge, 'npx leadproof merge shards/* --out reports/merged')?.id).toBe('merge');

    const baseline = merge.steps.find((s) => s.id === 'baseline')!;
    expect(baseline.if).toBe("github.event_name == 'pull_request'");
    expect(baseline.run).toMatch(/gh run list .*--branch main --status success/);
    expect(baseline.run).toContain('gh run download "$run_id" --repo "$GITHUB_REPOSITORY" --name leadproof-baseline --dir baseline');

    const diff = merge.steps.find((s) => s.id === 'diff')!;
    expect(diff.run).toContain('npx leadproof diff baseline reports/merged "${expect[@]}"');
    expect(diff.run).toContain('--expect-changes .leadproof/expected-changes.yaml');

    const comment = stepUsing(merge, 'actions/github-script@')!;
    expect(String(comment.with?.script)).toContain("readFileSync('reports/merged/change-brief.md'");
    expect(String(comment.with?.script)).toMatch(/createComment[\s\S]*|updateComment/);

    expect(stepUsing(merge, 'actions/upload-artifact@', 'leadproof-report')?.with?.path).toBe('reports/merged');
    const save = stepUsing(merge, 'actions/upload-artifact@', 'leadproof-baseline')!;
    expect(save.if).toContain("github.ref == 'refs/heads/main'");
    expect(save.if).toContain("github.event_name != 'pull_request'");

    const gate = merge.steps.at(-1)!;
    expect(gate.if).toBe('always()');
    expect(gate.env).toEqual({ MERGE: '${{ steps.merge.outputs.code }}', DIFF: '${{ steps.diff.outputs.code }}' });
    expect(gate.run).toContain('exit 1');
  });

  it('writes an empty expected-changes file beside it', () => {
    const doc = parseDocument(readFileSync(path.join(dir, '.leadproof/expected-changes.yaml'), 'utf8'));
    expect(doc.toJS()).toEqual({ changes: [] });
  });

  it('defaults to two shards', () => {
    expect(generated().wf.jobs.run!.strategy?.matrix.shard).toEqual([1, 2]);
  });
});
