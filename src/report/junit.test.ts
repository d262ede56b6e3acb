import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import type { RunReport } from './model.js';
import { sampleLeads } from './test-fixture.js';
import { withVerdict } from './verdict.js';

const flush = { deleted: 5, failed: 0, refused: 0, skipped: false, details: [] };
const base = { runId: 'run1', crm: { kind: 'hubspot', account: 'p1', sandbox: true }, startedAt: '2025-01-15T10:00:00.000Z' };
const reportOf = (leads = sampleLeads()) => withVerdict({ ...base, leads, flush } as unknown as Omit<RunReport, 'summary'>, 1000);

describe('renderJunit', () => {
  it('carries the three-state verdict and the uncovered items as properties', () => {
    const leads = sampleLeads().filter((l) => l.passed && !l.edge?.includes('duplicate'));
    const xml = renderJunit(reportOf(leads));
    expect(xml).toContain('<property name="verdict" value="INCOMPLETE"/>');
    expect(xml).toMatch(/<property name="notCovered" value="[^"]*duplicates[^"]*"\/>/);
    expect(renderJunit(reportOf())).toContain('<property name="verdict" value="FAILED"/>');
  });

  it('fails CI on a round-robin member that received no lead, though every lead passed', () => {
    const leads = sampleLeads().slice(0, 2).map((l, i) => ({ ...l, owner: { expected: 'one of a, b', actual: 'A', actualEmail: 'a@x.example', pool: ['a@x.example', 'b@x.example'] }, key: `p#${i}` }));
    const xml = renderJunit(reportOf(leads));
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="1"/);
    expect(xml).toMatch(/<testsuite name="round-robin pools" tests="1" failures="1"/);
    expect(xml).toContain('b@x.example received none of 2 leads');
  });

  it('does not repeat the check name in a failure line', () => {
    const leads = sampleLeads();
    leads[0]!.checks[2] = { ...leads[0]!.checks[2]!, passed: false, message: 'lifecycle went lead; expected lead → marketingqualifiedlead within 5m' };
    leads[0]!.passed = false;
    const xml = renderJunit(reportOf(leads));
    expect(xml).toContain('>lifecycle went lead; expected');
    expect(xml).not.toContain('lifecycle: lifecycle');
  });
});
