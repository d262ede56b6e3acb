/**
 * The change brief: what the teams who receive the leads need to know about a routing change,
 * one part per audience. Built only from the diff's data: every line names a branch, scenario,
 * owner, field, stage or time that one of the two runs recorded; nothing is written that the runs
 * did not show.
 */
import { seconds } from '../report/xml.js';
import { pathWords } from './compare.js';
import type { Change, RunDiff, ScenarioDiff, ScenarioSnapshot } from './model.js';

/** A block of the brief: lines of text and/or one table, rendered to Markdown and HTML alike. */
export interface BriefPart {
  title: string;
  lines: string[];
  table?: { head: string[]; rows: string[][] };
}

export function briefParts(diff: RunDiff): BriefPart[] {
  const changed = (kinds: Change['kind'][]) => diff.changes.filter((c) => kinds.includes(c.kind));
  const moved = changed(['owner']);
  const current = diff.scenarios.filter((s) => s.current).map((s) => s.current!);
  return [
    {
      title: 'Sales: who receives which leads',
      lines: moved.length
        ? moved.map((c) => `${leadWords(scenarioOf(diff, c)?.current)} now go to ${c.to}${people(c, 'to')}; until run ${diff.baseline.runId} they went to ${c.from}${people(c, 'from')}.`)
        : [`No lead goes to a different owner than in run ${diff.baseline.runId}.`],
      table: { head: ['branch', 'scenario', 'goes to', 'time to owner', 'SLA'], rows: current.map((s) => [s.branch ?? '—', s.scenario, s.assignees.map((a) => a.words).join(' | ') || '—', s.timeToOwner ? seconds(s.timeToOwner.medianMs) : 'not assigned', seconds(s.slaMs)]) },
    },
    {
      title: 'Sales: time to owner and pass/fail',
      lines: changed(['time-to-owner']).map((c) => `${c.message}.`).concat(changed(['verdict']).map((c) => `${c.message}.`)),
    },
    {
      title: 'Support and marketing: source and attribution',
      lines: changed(['field']).length
        ? changed(['field']).map((c) => `${c.message}.`)
        : [`Every source/UTM field both runs read holds the same value as in run ${diff.baseline.runId}.`],
    },
    {
      title: 'Support and marketing: lifecycle',
      lines: changed(['lifecycle']).length
        ? changed(['lifecycle']).map((c) => `${c.message}.`)
        : [`Every lifecycle path is the same as in run ${diff.baseline.runId}.`],
    },
    {
      title: 'Branches and scenarios added or removed',
      lines: changed(['branch-added', 'branch-removed', 'scenario-added', 'scenario-removed']).map((c) => `${c.message}.`),
    },
    {
      title: 'What stayed the same',
      lines: sameLines(diff),
    },
  ].filter((p) => p.lines.length > 0 || p.table);
}

function sameLines(diff: RunDiff): string[] {
  const same = diff.scenarios.filter((s) => s.status === 'unchanged');
  if (same.length === 0) return ['Every scenario both runs had changed in some way (see above).'];
  return same.map((s) => {
    const c = s.current!;
    const owner = c.assignees.length ? `goes to ${c.assignees.map((a) => a.words).join(' | ')}` : 'asserts no owner';
    const life = c.lifecycle ? `, lifecycle ${pathWords(c.lifecycle)}` : '';
    const time = c.timeToOwner ? `, owner after ${seconds(c.timeToOwner.medianMs)} (SLA ${seconds(c.slaMs)})` : '';
    return `${s.branch ? `${s.branch} — ` : ''}"${s.scenario}" ${owner}${life}${time}, ${c.passedLeads === c.leads ? 'passed' : 'failed'} in both runs.`;
  });
}

function scenarioOf(diff: RunDiff, c: Change): ScenarioDiff | undefined {
  return diff.scenarios.find((s) => s.scenario === c.scenario);
}

/** "EMEA × mid-market leads (organic-search, form demo-request; scenario "…")". */
function leadWords(s: ScenarioSnapshot | undefined): string {
  if (!s) return 'Leads';
  const how = [s.channel, s.form ? `form ${s.form}` : ''].filter(Boolean).join(', ');
  return `${s.branch ? `${s.branch} leads` : 'Leads'} (${how ? `${how}; ` : ''}scenario "${s.scenario}")`;
}

/** The people behind a team-level assignee, when the run recorded them. */
function people(c: Change, side: 'from' | 'to'): string {
  const list = (side === 'to' ? c.detail?.toAssignee : c.detail?.fromAssignee) ?? [];
  const named = list.filter((a) => a.person && !a.words.includes(a.person)).map((a) => `${a.person}${a.email ? ` <${a.email}>` : ''}`);
  return named.length ? ` (received by ${named.join(', ')})` : '';
}
