/**
 * A regression run after a routing change, through the real CLI: a run on the default stack, then
 * — after EMEA × mid-market is rerouted to the EMEA Commercial team and the scenario updated to
 * expect it, as a RevOps engineer would — a run on the emea-midmarket-rerouted stack with
 * `--baseline last-passed --expect-changes`. Then `leadproof diff` on the two finished runs:
 * the change is named, the gate passes when it is declared and fails when it is not, and a run
 * diffed with itself shows no change.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunDiff } from '../../src/diff/index.js';
import { ROOT, runCli, type CliResult } from './harness.js';

const EMEA = 'emea-mid-market-organic.scenario.yaml';
const IRISH = 'Irish mid-market demo request from Bing organic search';
const REROUTE = '- branch: EMEA × mid-market\n  owner: { team: { from: EMEA Mid-Market, to: EMEA Commercial } }\n';

let work: string;
let runA: string;
let runB: string;
let b: CliResult;

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const diffOf = (dir: string) => JSON.parse(read(dir, 'diff.json')) as RunDiff;
const cli = (...args: string[]) => runCli(args, { cwd: work });

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'lp-diff-gate-'));
  const scenarios = path.join(work, 'scenarios');
  mkdirSync(scenarios);
  for (const f of ['leadproof.config.yaml', EMEA, 'paid-search-na-enterprise.scenario.yaml']) copyFileSync(path.join(ROOT, 'scenarios', f), path.join(scenarios, f));

  const a = await cli('run', '--scenarios', scenarios, '--workers', '2');
  expect(a.code, a.stdout.slice(-3000) + a.stderr).toBe(0);
  runA = path.join(work, 'reports', readdirSync(path.join(work, 'reports')).find((d) => existsSync(path.join(work, 'reports', d, 'report.json')))!);

  // The routing change ships together with the scenario that now expects it.
  const file = path.join(scenarios, EMEA);
  writeFileSync(file, read(scenarios, EMEA).replace('owner: { team: EMEA Mid-Market }', 'owner: { team: EMEA Commercial }'));
  writeFileSync(path.join(work, 'expected.yaml'), REROUTE);
  runB = path.join(work, 'run-b');
  b = await cli('run', '--scenarios', scenarios, '--workers', '2', '--out', runB,
    '--stack', path.join(ROOT, 'fixtures/stacks/emea-midmarket-rerouted.stack.yaml'), '--baseline', 'last-passed', '--expect-changes', 'expected.yaml');
  // Two runs of two leads: about 80 s on an idle 2-core machine; the bound leaves room for a loaded one.
}, 480_000);

describe('run --baseline last-passed --expect-changes', () => {
  it('passes the run and the gate, naming the reroute', () => {
    expect(b.code, b.stdout.slice(-3000) + b.stderr).toBe(0);
    expect(b.stdout).toContain(`Changes since ${path.basename(runA)} (reports/${path.basename(runA)}): 1 change, 1 scenario(s) unchanged.`);
    expect(b.stdout).toContain('Gate PASSED (expected.yaml)');
    expect(b.stdout).toContain('✓ declared, happened: EMEA × mid-market: owner team EMEA Mid-Market → EMEA Commercial');
    const d = diffOf(runB);
    expect(d.schema).toBe('leadproof.diff/v1');
    expect(d.changes.map((c) => [c.kind, c.branch, c.scenario, c.from, c.to])).toEqual([['owner', 'EMEA × mid-market', IRISH, 'team EMEA Mid-Market', 'team EMEA Commercial']]);
    expect(d.gate).toMatchObject({ passed: true, unexpected: [], missing: [] });
  });

  it('puts the changes and the brief into the signed artifacts and report.html', () => {
    const html = read(runB, 'report.html');
    expect(html).toContain(`<h2>Changes since ${path.basename(runA)}</h2>`);
    expect(html).toContain('<h2>Change brief</h2>');
    expect(read(runB, 'change-brief.md')).toContain('now go to team EMEA Commercial (received by Elena Rossi <elena.rossi@acme-funnel.example>); until run');
    expect(read(runB, 'diff.md')).toContain(`| EMEA × mid-market | ${IRISH} | owner | team EMEA Mid-Market | team EMEA Commercial |`);
    const env = JSON.parse(read(runB, 'attestation.dsse.json')) as { payload: string };
    const subjects = (JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { subject: { name: string }[] }).subject.map((s) => s.name);
    expect(subjects).toEqual(expect.arrayContaining(['report.html', 'diff.json', 'diff.md', 'change-brief.md']));
  });

  it('refuses a bad expected-changes file before any lead, naming the file and the field (exit 2)', async () => {
    writeFileSync(path.join(work, 'bad.yaml'), '- branch: EMEA × mid-market\n  owner: { team: { from: EMEA Mid-Market } }\n');
    const r = await cli('run', '--scenarios', path.join(work, 'scenarios'), '--baseline', 'last-passed', '--expect-changes', 'bad.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: \[0\]\.owner\.team\.to: /);
    expect(r.stdout).not.toContain('lead(s) from');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);
});

describe('leadproof diff on finished runs', () => {
  it('fails the gate when the change is not declared, unexpected changes first (exit 1)', async () => {
    writeFileSync(path.join(work, 'other.yaml'), '- scenario: NA enterprise demo request from Google Ads\n  timeToOwner: true\n');
    const r = await cli('diff', runA, runB, '--expect-changes', 'other.yaml');
    expect(r.code).toBe(1);
    const gate = r.stdout.split('\n').filter((l) => l.startsWith('  ✗') || l.startsWith('  ✓'));
    expect(gate).toEqual([
      `  ✗ unexpected: EMEA × mid-market — "${IRISH}": owner team EMEA Mid-Market → team EMEA Commercial`,
      '  ✗ declared, did not happen: "NA enterprise demo request from Google Ads": time to owner moves',
    ]);
    expect(diffOf(runB).gate?.passed).toBe(false);
  });

  it('shows no change for a run diffed with itself; a declared change then did not happen', async () => {
    const same = await cli('diff', runA, runA);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no change, 2 scenario(s) unchanged');
    expect(diffOf(runA).changes).toEqual([]);
    expect(read(runA, 'report.html')).toContain('<h2>Changes since');
    const gated = await cli('diff', runA, runA, '--expect-changes', 'expected.yaml');
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('✗ declared, did not happen: EMEA × mid-market: owner team EMEA Mid-Market → EMEA Commercial');
  });
});
