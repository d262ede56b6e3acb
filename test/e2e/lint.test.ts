/** `leadproof lint` through the real CLI: the shipped scenarios follow the shipped taxonomy; a broken value names file and field (exit 1); (a malformed taxonomy, exit 2, is unit-tested in src/taxonomy). */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './harness.js';

describe('leadproof lint', () => {
  it('the example scenarios follow taxonomy.yaml and every channel has a scenario', async () => {
    const r = await runCli(['lint']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/OK: every scenario follows the taxonomy/);
    expect(r.stdout).not.toMatch(/Channels with no scenario/);
  });

  it('a scenario with utm_medium CPC is exit 1 naming the file and the field; a channel without scenario is reported', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-lint-'));
    cpSync(path.join(ROOT, 'scenarios/leadproof.config.yaml'), path.join(dir, 'leadproof.config.yaml'));
    const text = readFileSync(path.join(ROOT, 'scenarios/paid-search-na-enterprise.scenario.yaml'), 'utf8').replace('medium: cpc', 'medium: CPC');
    writeFileSync(path.join(dir, 'ads.scenario.yaml'), text);
    const r = await runCli(['lint', '--scenarios', dir, '--taxonomy', path.join(ROOT, 'taxonomy.yaml')]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`✗ ${path.join(dir, 'ads.scenario.yaml')}: utm.medium: "CPC" is not a utm_medium of channel paid-search (allowed: cpc, ppc) — did you mean cpc?`);
    expect(r.stdout).toMatch(/Channels with no scenario: paid-social, email, organic-social, partner, organic-search, referral, direct/);
  });
});
