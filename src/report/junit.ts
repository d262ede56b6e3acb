/**
 * JUnit XML, the format every CI understands: one testsuite per scenario file, one testcase per
 * lead, each failed check a line of the failure. Screenshots are referenced with the
 * `[[ATTACHMENT|path]]` convention Jenkins and GitLab pick up.
 */
import type { LeadResult, RunReport } from './model.js';
import { escapeXml as x, show } from './xml.js';

export function renderJunit(report: RunReport): string {
  const files = new Map<string, LeadResult[]>();
  for (const lead of report.leads) files.set(lead.scenarioFile, [...(files.get(lead.scenarioFile) ?? []), lead]);
  const s = report.summary;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="leadproof ${x(report.runId)}" tests="${s.total}" failures="${s.failed}" errors="0" time="${secs(s.durationMs)}" timestamp="${x(report.startedAt)}">`,
  ];
  for (const [file, leads] of files) {
    const failures = leads.filter((l) => !l.passed).length;
    lines.push(`  <testsuite name="${x(file)}" tests="${leads.length}" failures="${failures}" errors="0" skipped="0" timestamp="${x(report.startedAt)}" time="${secs(sum(leads.map(leadMs)))}">`);
    lines.push(`    <properties><property name="runId" value="${x(report.runId)}"/><property name="crm" value="${x(`${report.crm.kind}:${report.crm.account}`)}"/></properties>`);
    for (const lead of leads) lines.push(...testcase(lead));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(lead: LeadResult): string[] {
  const name = `${lead.key} — ${lead.scenario}`;
  const out = [`    <testcase classname="${x(lead.scenarioFile)}" name="${x(name)}" time="${secs(leadMs(lead))}">`];
  const failed = lead.checks.filter((c) => !c.passed);
  if (!lead.passed) {
    const first = failed[0]?.message ?? 'lead failed';
    const body = failed.map((c) => `${c.name}: ${c.message} (expected ${show(c.expected)}, actual ${show(c.actual)})`).join('\n');
    out.push(`      <failure message="${x(first)}" type="${x(failed[0]?.kind ?? 'lead')}">${x(body || first)}</failure>`);
  }
  const info = [`email: ${lead.email}`, `record: ${lead.recordId ?? 'none'}`, `landing: ${lead.landingUrl}`];
  info.push(...lead.checks.filter((c) => c.passed).map((c) => `ok ${c.name}: ${c.message}`));
  info.push(...lead.evidence.map((e) => `[[ATTACHMENT|${e.path}]]`));
  out.push(`      <system-out>${x(info.join('\n'))}</system-out>`, '    </testcase>');
  return out;
}

function leadMs(lead: LeadResult): number {
  const { submittedAt, decidedAt } = lead.timings;
  if (!submittedAt || !decidedAt) return 0;
  return Math.max(0, Date.parse(decidedAt) - Date.parse(submittedAt));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const secs = (ms: number) => (ms / 1000).toFixed(3);
