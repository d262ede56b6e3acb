/**
 * JUnit XML, the format every CI understands: one testsuite per scenario file, one testcase per
 * lead, each failed check a line of the failure. Screenshots are referenced with the
 * `[[ATTACHMENT|path]]` convention Jenkins and GitLab pick up.
 */
import type { ChecklistVerdict } from '../attest/predicates.js';
import { deriveChecklist } from './checklist.js';
import { checkLine } from './check-words.js';
import type { LeadResult, RunReport } from './model.js';
import { escapeXml as x, show } from './xml.js';

export function renderJunit(report: RunReport, checklist: ChecklistVerdict[] = deriveChecklist(report)): string {
  const files = new Map<string, LeadResult[]>();
  for (const lead of report.leads) files.set(lead.scenarioFile, [...(files.get(lead.scenarioFile) ?? []), lead]);
  const s = report.summary;
  const pools = report.pools ?? [];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="leadproof ${x(report.runId)}" tests="${s.total + pools.length}" failures="${s.failed + pools.filter((p) => p.status === 'missed').length}" errors="0" time="${secs(s.durationMs)}" timestamp="${x(report.startedAt)}">`,
  ];
  // The three-state verdict rides on every suite: CI dashboards show properties, and INCOMPLETE
  // has no JUnit equivalent (no test failed, yet the definition of done is not met).
  const notCovered = checklist.filter((i) => i.status === 'not-covered').map((i) => i.id);
  const props = [
    prop('runId', report.runId), prop('crm', `${report.crm.kind}:${report.crm.account}`), ...(s.verdict ? [prop('verdict', s.verdict)] : []),
    ...(notCovered.length ? [prop('notCovered', notCovered.join(','))] : []),
  ];
  for (const [file, leads] of files) {
    const failures = leads.filter((l) => !l.passed).length;
    lines.push(`  <testsuite name="${x(file)}" tests="${leads.length}" failures="${failures}" errors="0" skipped="0" timestamp="${x(report.startedAt)}" time="${secs(sum(leads.map(leadMs)))}">`);
    lines.push(`    <properties>${props.join('')}</properties>`);
    for (const lead of leads) lines.push(...testcase(lead));
    lines.push('  </testsuite>');
  }
  lines.push(...poolSuite(report, props));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(lead: LeadResult): string[] {
  const name = `${lead.key} — ${lead.scenario}`;
  const out = [`    <testcase classname="${x(lead.scenarioFile)}" name="${x(name)}" time="${secs(leadMs(lead))}">`];
  const failed = lead.checks.filter((c) => !c.passed);
  if (!lead.passed) {
    const first = failed[0]?.message ?? 'lead failed';
    const body = failed.map((c) => `${checkLine(c)} (expected ${show(c.expected)}, actual ${show(c.actual)})`).join('\n');
    out.push(`      <failure message="${x(first)}" type="${x(failed[0]?.kind ?? 'lead')}">${x(body || first)}</failure>`);
  }
  const info = [`email: ${lead.email}`, `record: ${lead.recordId ?? 'none'}`, `landing: ${lead.landingUrl}`];
  info.push(...lead.checks.filter((c) => c.passed).map((c) => `ok ${c.name}: ${c.message}`));
  info.push(...lead.evidence.map((e) => `[[ATTACHMENT|${e.path}]]`));
  out.push(`      <system-out>${x(info.join('\n'))}</system-out>`, '    </testcase>');
  return out;
}

/** Round-robin coverage is a run-level finding: one testcase per pool, so a missed member fails CI too. */
function poolSuite(report: RunReport, props: string[]): string[] {
  const pools = report.pools ?? [];
  if (!pools.length) return [];
  const failures = pools.filter((p) => p.status === 'missed').length;
  const skipped = pools.filter((p) => p.status === 'not-exercised').length;
  const out = [`  <testsuite name="round-robin pools" tests="${pools.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${x(report.startedAt)}" time="0.000">`, `    <properties>${props.join('')}</properties>`];
  for (const p of pools) {
    out.push(`    <testcase classname="round-robin pools" name="${x(p.branches.join(' / '))}: ${x(p.members.join(', '))}" time="0.000">`);
    if (p.status === 'missed') out.push(`      <failure message="${x(p.message)}" type="pool">${x(p.message)}</failure>`);
    else if (p.status === 'not-exercised') out.push(`      <skipped message="${x(p.message)}"/>`);
    out.push(`      <system-out>${x(p.message)}</system-out>`, '    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

const prop = (name: string, value: string) => `<property name="${x(name)}" value="${x(value)}"/>`;

function leadMs(lead: LeadResult): number {
  const { submittedAt, decidedAt } = lead.timings;
  if (!submittedAt || !decidedAt) return 0;
  return Math.max(0, Date.parse(decidedAt) - Date.parse(submittedAt));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const secs = (ms: number) => (ms / 1000).toFixed(3);
