import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignsReport } from '../../campaigns/report.js';
import type { CampaignResult } from '../../campaigns/check.js';
import { sampleReport } from '../test-fixture.js';
import { writeRunArtifacts } from '../write-artifacts.js';

const ok = { ok: true, detail: 'ok' };
const result = (line: number, o: Partial<CampaignResult>): CampaignResult => ({
  line, url: `https://site.example/p${line}?utm_source=google&utm_medium=cpc`, channel: 'paid-search', campaign: `q4-<b>${line}</b>`, hops: [],
  checks: { resolves: ok, utms: ok, form: ok, cookie: ok, taxonomy: ok }, ok: true, ...o,
});

describe('report.html: the campaign check the run took in', () => {
  it('shows a Campaign URLs table (URL, channel, campaign, verdict, reason), escaped, and links the sign-offs page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-campaigns-html-'));
    const report = await sampleReport(dir);
    const results = [
      result(2, { finalUrl: 'https://site.example/landing?utm_source=google&utm_medium=cpc' }),
      result(3, { ok: false, checks: { resolves: ok, utms: { ok: false, detail: 'utm_medium dropped by the redirect to /x' }, form: ok, cookie: { ok: null, detail: 'not checked' }, taxonomy: ok } }),
    ];
    // As src/evidence copies it into the run folder: campaigns.json plus status and summary.
    writeFileSync(path.join(dir, 'campaigns.json'), JSON.stringify({ ...campaignsReport(results, 'ads.csv', 'taxonomy.yaml'), status: 'fail' }));
    await writeRunArtifacts(report, dir);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="campaigns">'), html.indexOf('</section>', html.indexOf('<section id="campaigns">')));
    expect(section).toContain('<h2>Campaign URLs</h2>');
    expect(section).toContain('<th>URL</th><th>channel</th><th>campaign</th><th>verdict</th><th>reason</th>');
    expect(section).toMatch(/<tr data-campaign-line="2" data-ok="true"><td><code>https:\/\/site\.example\/p2\?utm_source=google&amp;utm_medium=cpc<\/code><\/td><td>paid-search<\/td><td>q4-&lt;b&gt;2&lt;\/b&gt;<\/td><td><span class="ok">ready<\/span><\/td><td>lands on https:\/\/site\.example\/landing/);
    expect(section).toMatch(/data-campaign-line="3" data-ok="false">.*<span class="bad">FAILED<\/span><\/td><td>UTMs kept: utm_medium dropped by the redirect to \/x<\/td>/);
    expect(section).toContain('1 of 2 ready, 1 failed');
    expect(html).toContain('<a href="sign-offs.html">sign-offs.html</a>');
  });

  it('has no campaign section when the run took in no campaign check', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-campaigns-html-'));
    await writeRunArtifacts(await sampleReport(dir), dir);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).not.toContain('id="campaigns"');
  });
});
