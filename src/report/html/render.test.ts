import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChecklistVerdict } from '../../attest/predicates.js';
import { deriveChecklist } from '../checklist.js';
import type { RunReport } from '../model.js';
import { sampleReport } from '../test-fixture.js';
import { renderHtml, type SignatureStatus } from './render.js';

const UNSIGNED: SignatureStatus = { signed: false };

async function report(): Promise<RunReport> {
  return sampleReport(mkdtempSync(path.join(tmpdir(), 'lp-html-unit-')));
}

function html(r: RunReport, opts: { checklist?: ChecklistVerdict[]; signature?: SignatureStatus } = {}): string {
  return renderHtml({ report: r, checklist: opts.checklist ?? deriveChecklist(r), signature: opts.signature ?? UNSIGNED, images: new Map() });
}

/** The markup of one element found by a unique attribute, up to its closing tag. */
function element(page: string, attr: string, tag = 'td'): string {
  const start = page.indexOf(attr);
  expect(start, attr).toBeGreaterThan(-1);
  const open = page.lastIndexOf(`<${tag}`, start);
  return page.slice(open, page.indexOf(`</${tag}>`, start) + tag.length + 3);
}

describe('report.html', () => {
  it('says whether the run touched the sandbox or a production CRM, and which portal', async () => {
    const r = await report();
    const sandbox = element(html(r), 'id="environment"', 'section');
    expect(sandbox).toContain('data-env="sandbox"');
    expect(sandbox).toMatch(/<strong>Sandbox<\/strong> hubspot sandbox-portal-123 · http:\/\/127\.0\.0\.1:4010 · stack demo \(fixtures\/stacks\/demo\.yaml\)/);

    r.crm = { kind: 'hubspot', account: 'HubSpot portal 424242', sandbox: false, baseUrl: 'https://api.hubapi.com' };
    delete r.stack;
    const prod = element(html(r), 'id="environment"', 'section');
    expect(prod).toContain('data-env="production"');
    expect(prod).toMatch(/<strong>Production CRM<\/strong> HubSpot portal 424242 · https:\/\/api\.hubapi\.com/);
    expect(prod).not.toMatch(/sandbox/i);
  });

  it('shows the three-state verdict and an item no lead exercised as "not covered", never ✗', async () => {
    const r = await report();
    r.leads = r.leads.filter((l) => l.passed);
    r.summary = { ...r.summary, total: r.leads.length, passed: r.leads.length, failed: 0, verdict: 'INCOMPLETE' };
    const checklist = deriveChecklist(r).map((i): ChecklistVerdict => (i.id === 'duplicates' ? { ...i, done: false, status: 'not-covered' } : { ...i, done: true, status: 'done' }));
    checklist.push({ id: 'failed-one', label: 'An item that failed', done: false, status: 'failed', evidence: 'a lead failed it' });
    const page = html(r, { checklist });
    expect(element(page, 'id="verdict"', 'section')).toMatch(/data-verdict="INCOMPLETE"><strong>INCOMPLETE<\/strong>4 of 4 synthetic leads passed · 7 of 9 definition-of-done items met · 1 not covered/);
    const notCovered = element(page, 'data-item="duplicates"', 'li');
    expect(notCovered).toContain('not covered');
    expect(notCovered).not.toContain('✗');
    expect(element(page, 'data-item="failed-one"', 'li')).toContain('✗');

    // A report from before the three-state verdict still reads PASSED / FAILED from its counts.
    delete (r.summary as { verdict?: unknown }).verdict;
    expect(element(html(r), 'id="verdict"', 'section')).toContain('<strong>PASSED</strong>');
  });

  it('groups failed leads by cause at the top, above the definition of done', async () => {
    const r = await report();
    for (const l of r.leads.slice(0, 2)) {
      l.branch = 'EMEA × mid-market';
      l.owner = { expected: 'team EMEA Mid-Market', actual: 'Tom Reed (NA Mid-Market)', actualName: 'Tom Reed', actualTeams: ['NA Mid-Market'], actualActive: true };
      l.passed = false;
      for (const c of l.checks) if (c.kind === 'owner' || c.kind === 'sla') Object.assign(c, { passed: false, expected: 'team EMEA Mid-Market' });
    }
    delete r.failureGroups; // grouped afresh from the changed leads
    const page = html(r);
    const causes = element(page, 'id="causes"', 'h2') + element(page, 'class="causes"', 'ul');
    expect(causes).toContain('<strong>EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market</strong> — 2 leads');
    expect(causes).toContain('<strong>existing customer routes to queue Default; expected Carla Diaz</strong> — 1 lead');
    expect(causes).not.toContain('sla'); // a wrong owner is one cause, not also an SLA one
    expect(page.indexOf('id="causes"')).toBeLessThan(page.indexOf('id="checklist"'));

    // The grouping shared with the console can be passed in as is.
    const swapped = renderHtml({ report: r, checklist: [], signature: UNSIGNED, images: new Map(), failureGroups: [{ cause: 'one shared cause', kind: 'owner', count: 3, leads: ['a', 'b', 'c'] }] });
    expect(swapped).toContain('<strong>one shared cause</strong> — 3 leads');
    expect(swapped).not.toContain('— 2 leads');
  });

  it('shows the CRM value of every source field for every lead, telling checked, not checked, empty and not read apart', async () => {
    const page = html(await report());
    const row = element(page, 'data-lead="scenarios/routing.scenario.ts#0"', 'tr');
    const cell = (f: string) => element(row, `data-field="${f}"`);
    expect(cell('utm_source')).toMatch(/data-state="checked">linkedin <span class="tag ok">✓ checked<\/span>/);
    expect(cell('hs_analytics_source')).toMatch(/data-state="not-checked" class="unchecked">PAID_SOCIAL <span class="tag">not checked<\/span>/);
    expect(cell('utm_campaign')).toMatch(/data-state="not-checked" class="unchecked"><span class="empty">empty<\/span> <span class="tag">not checked<\/span>/);
    // A lead the CRM gave no source fields for is "not read", which is not "empty" either.
    const dup = element(page, 'data-lead="scenarios/edges.scenario.ts#0"', 'tr');
    expect(element(dup, 'data-field="utm_source"')).toContain('not read');
    expect(element(dup, 'data-field="utm_source"')).not.toContain('empty');
  });

  it('writes every timestamp readably in one named time zone', async () => {
    const r = await report();
    r.flush = { ...r.flush, unaccounted: 1, pendingUntil: '2025-01-15T10:07:00.000Z' };
    r.leads[4]!.checks[0]!.message += ' (reassigned at 2025-01-15T10:01:30.000Z)';
    const page = html(r);
    expect(page).toContain('may still arrive until 15 Jan 2025, 10:07:00 UTC');
    expect(page).toContain('reassigned at 15 Jan 2025, 10:01:30 UTC');
    expect(element(page, 'id="when"', 'div')).toContain('15 Jan 2025, 10:00:00 UTC → 15 Jan 2025, 10:02:00 UTC · 2.0 min · all times in UTC');
    expect(page).toContain('<td>15 Jan 2025, 10:00:10 UTC</td>'); // the first lead's submission
    expect(page).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('states signature and approval near the top, honestly', async () => {
    const r = await report();
    const signed = html(r, { signature: { signed: true, keyid: 'abcdef0123456789ffff', algorithm: 'ed25519' } });
    const top = element(signed, 'id="trust"', 'section');
    expect(top).toContain('<span class="ok">Signed</span> by key <code>abcdef0123456789</code> (ed25519)');
    expect(top).toContain('Awaiting sign-off</span> when this page was written');
    expect(signed.indexOf('id="trust"')).toBeLessThan(signed.indexOf('id="causes"'));
    expect(signed.indexOf('id="trust"')).toBeLessThan(signed.indexOf('id="checklist"'));

    const unsigned = element(html(r), 'id="trust"', 'section');
    expect(unsigned).toContain('data-signature="unsigned"><span class="label">Signature</span><span class="bad">Not signed</span>');
    expect(unsigned).toContain('Not approvable yet');
  });

  it('names the workflow, rule or user that decided a check, when the CRM says', async () => {
    const page = html(await report());
    const card = element(page, 'data-lead="scenarios/edges.scenario.ts#2"', 'div');
    expect(card).toContain('expected account owner Carla Diaz within 5m<span class="by">decided by workflow Route existing customers (4711)</span>');
  });
});
