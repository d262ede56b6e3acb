/** diff.md, change-brief.md and the two report.html sections, from one RunDiff. */
import { escapeXml as x } from '../report/xml.js';
import type { HtmlSection } from '../report/index.js';
import { briefParts, type BriefPart } from './brief.js';
import type { Change, GateResult, RunDiff, RunRef } from './model.js';

const KIND_WORDS: Record<Change['kind'], string> = {
  owner: 'owner', lifecycle: 'lifecycle', field: 'field', 'time-to-owner': 'time to owner', verdict: 'verdict',
  'branch-added': 'branch added', 'branch-removed': 'branch removed', 'scenario-added': 'scenario added', 'scenario-removed': 'scenario removed',
};

export function diffTitle(diff: RunDiff): string {
  return `Changes since ${diff.baseline.runId}`;
}

export function renderDiffMarkdown(diff: RunDiff): string {
  const s = diff.summary;
  const out = [
    `# ${diffTitle(diff)}`,
    '',
    `- Baseline: ${runWords(diff.baseline)}`,
    `- This run: ${runWords(diff.current)}`,
    '',
    `**${s.changes === 0 ? 'No change' : `${s.changes} change${s.changes === 1 ? '' : 's'}`}**: ${s.scenariosChanged} scenario(s) changed, ${s.scenariosUnchanged} unchanged, ${s.added} added, ${s.removed} removed.`,
    '',
  ];
  if (diff.gate) out.push(...gateMarkdown(diff.gate), '');
  if (diff.changes.length) {
    out.push('| branch | scenario | what | before | after |', '|---|---|---|---|---|');
    for (const c of diff.changes) out.push(`| ${md(c.branch ?? '—')} | ${md(c.scenario ?? '—')} | ${md(what(c))} | ${md(c.from ?? '—')} | ${md(c.to ?? '—')} |`);
    out.push('');
  }
  out.push(`Noise rule: ${diff.noiseRule}.`, '');
  return out.join('\n');
}

function gateMarkdown(g: GateResult): string[] {
  const out = [`## Gate (${g.file}): ${g.passed ? 'PASSED' : 'FAILED'}`, ''];
  const list = (title: string, lines: string[]) => (lines.length ? [`${title}:`, ...lines.map((l) => `- ${md(l)}`), ''] : []);
  out.push(...list('Unexpected changes (not declared)', g.unexpected.map((c) => c.message)));
  out.push(...list('Declared but did not happen', g.missing.map((m) => m.words)));
  out.push(...list('Declared and happened', g.intended.map((m) => `${m.words} (${m.matched.length} change${m.matched.length === 1 ? '' : 's'})`)));
  return out;
}

export function renderBriefMarkdown(diff: RunDiff): string {
  const out = [`# Change brief: run ${diff.current.runId} compared with run ${diff.baseline.runId}`, '', `${runWords(diff.current)}; baseline ${runWords(diff.baseline)}.`, ''];
  for (const p of briefParts(diff)) {
    out.push(`## ${p.title}`, '');
    for (const l of p.lines) out.push(`- ${md(l)}`);
    if (p.lines.length) out.push('');
    if (p.table) out.push(`| ${p.table.head.join(' | ')} |`, `|${p.table.head.map(() => '---').join('|')}|`, ...p.table.rows.map((r) => `| ${r.map(md).join(' | ')} |`), '');
  }
  return out.join('\n');
}

/** "Changes since <baseline>" and "Change brief", for report.html. */
export function renderDiffSections(diff: RunDiff): HtmlSection[] {
  const s = diff.summary;
  const rows = diff.changes.map((c) => `<tr data-kind="${x(c.kind)}"><td>${x(c.branch ?? '—')}</td><td>${x(c.scenario ?? '—')}</td><td>${x(what(c))}</td><td>${x(c.from ?? '—')}</td><td>${x(c.to ?? '—')}</td></tr>`);
  const gate = diff.gate ? gateHtml(diff.gate) : '';
  const changes = `<p class="meta">Baseline ${x(runWords(diff.baseline))}. ${s.changes === 0 ? 'No change' : `${s.changes} change(s)`}: ${s.scenariosChanged} scenario(s) changed, ${s.scenariosUnchanged} unchanged, ${s.added} added, ${s.removed} removed.</p>
${gate}${rows.length ? `<table><thead><tr><th>branch</th><th>scenario</th><th>what</th><th>before</th><th>after</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''}
<p class="meta">Noise rule: ${x(diff.noiseRule)}.</p>`;
  return [
    { id: 'changes', title: diffTitle(diff), html: changes },
    { id: 'change-brief', title: 'Change brief', html: briefParts(diff).map(partHtml).join('\n') },
  ];
}

function gateHtml(g: GateResult): string {
  const list = (title: string, lines: string[]) => (lines.length ? `<p><strong>${x(title)}</strong></p><ul>${lines.map((l) => `<li>${x(l)}</li>`).join('')}</ul>` : '');
  return `<div class="gate" data-passed="${g.passed}"><p>Gate (${x(g.file)}): <span class="${g.passed ? 'ok' : 'bad'}">${g.passed ? 'PASSED' : 'FAILED'}</span></p>` +
    list('Unexpected changes (not declared)', g.unexpected.map((c) => c.message)) +
    list('Declared but did not happen', g.missing.map((m) => m.words)) +
    list('Declared and happened', g.intended.map((m) => m.words)) + '</div>';
}

function partHtml(p: BriefPart): string {
  const lines = p.lines.length ? `<ul>${p.lines.map((l) => `<li>${x(l)}</li>`).join('')}</ul>` : '';
  const table = p.table ? `<table><thead><tr>${p.table.head.map((h) => `<th>${x(h)}</th>`).join('')}</tr></thead><tbody>${p.table.rows.map((r) => `<tr>${r.map((c) => `<td>${x(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>` : '';
  return `<h3>${x(p.title)}</h3>${lines}${table}`;
}

function what(c: Change): string {
  return c.kind === 'field' ? `field ${c.field}` : KIND_WORDS[c.kind];
}

function runWords(r: RunRef): string {
  return `run ${r.runId} (${r.verdict}, started ${r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}, ${r.crm.account}${r.crm.sandbox ? ' sandbox' : ''}${r.stack ? `, stack ${r.stack}` : ''})`;
}

/** Markdown table cells: a pipe or newline in a CRM value must not break the table. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
