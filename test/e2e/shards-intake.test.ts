/**
 * Two shards of one scenario set run at once, as two real CLI processes, against ONE standalone
 * sandbox whose forms endpoint takes only 4 submissions per 10 s (blocking the caller after ten
 * 429s in a second, as HubSpot does). Unpaced, the four browser workers submit faster than that
 * (measured on the 2-core CI machine: 16 leads in 44 s, up to 5 in one 10-second window, so
 * `intake: false` here draws 429s); with the project's intake of 2 per 10 s each shard takes
 * half, and the sandbox counts no 429.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { DEFAULT_STACK } from '../../src/sandbox/index.js';
import { DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, allContacts, withSandbox } from './harness.js';

const LEADS = 16;

it('two shards share the form intake budget and draw no 429 from the forms endpoint or the API', async () => {
  const stackDir = mkdtempSync(path.join(tmpdir(), 'lp-shards-'));
  const stack = path.join(stackDir, 'slow-forms.stack.yaml');
  writeFileSync(stack, readFileSync(DEFAULT_STACK, 'utf8')
    .replace('count: 300', 'count: 40')
    .replace('\nowners:', '\nformsRateLimit: { perTenSeconds: 4, blockAfter429s: 10, blockSeconds: 60 }\n\nowners:'));
  // Half the endpoint's limit: a slot is granted a moment before the browser's request reaches
  // the endpoint, and those moments vary, so two of one shard's submissions 10 s apart by grant
  // may arrive within one 10-second window; 1 per 10 s per shard keeps any window at 4 or fewer.
  const config = DEMO_CONFIG.replace('    submit: Request a demo', '    submit: Request a demo\n    intake: { perTenSeconds: 2 }');
  const dir = scenarioDir({
    'leadproof.config.yaml': config,
    'volume.scenario.yaml': [
      'name: NA mid-market demo request at volume',
      'form: demo-request',
      'lead: { country: US, employees: 300 }',
      `volume: ${LEADS}`,
      'expect:',
      '  owner: { team: NA Mid-Market }',
      '  within: 30s',
    ].join('\n'),
  });
  const sb = await withSandbox(stack);
  try {
    const outs = [1, 2].map(() => mkdtempSync(path.join(tmpdir(), 'lp-shard-out-')));
    const runs = await Promise.all([1, 2].map((i) =>
      runCli(['run', '--scenarios', dir, '--volume', '--shard', `${i}/2`, '--workers', '2', '--out', outs[i - 1]!], { env: hubspotEnv(sb) })));
    for (const [i, r] of runs.entries()) {
      expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
      expect(r.stdout).toContain('[pace] form submissions: 1 submission per 10 s to the HubSpot forms endpoint (form profile demo-request\'s intake: 2 per 10 s split over 2 shards)');
      const report = JSON.parse(readFileSync(path.join(outs[i]!, 'report.json'), 'utf8')) as RunReport;
      expect(report.summary).toMatchObject({ total: LEADS / 2, passed: LEADS / 2 });
    }
    // Long enough to be paced: at least one shard printed a "next in" line while submissions waited.
    expect(runs.some((r) => /\[pace\] .*; next in \d+\.\d s/.test(r.stdout))).toBe(true);
    const stats = sb.stats!();
    expect(stats['hubspot:forms']).toBe(LEADS);
    expect(stats['hubspot:forms-429'] ?? 0).toBe(0);
    expect(stats['hubspot:forms-block'] ?? 0).toBe(0);
    expect(stats['hubspot:429'] ?? 0).toBe(0);
    expect(stats['hubspot:429-search'] ?? 0).toBe(0);
    expect(testContacts(await allContacts(sb), sb.testDomain)).toEqual([]);
  } finally {
    await sb.stop();
  }
});
