/**
 * One diff, ready to write: the files (diff.json, diff.md, change-brief.md), the report.html
 * sections, the console lines and the exit code of the gate.
 */
import type { HtmlSection } from '../report/index.js';
import { diffRuns, type RunInput } from './compare.js';
import { applyGate, type ExpectedChange } from './gate.js';
import type { RunDiff } from './model.js';
import { diffTitle, renderBriefMarkdown, renderDiffMarkdown, renderDiffSections } from './render.js';

export const DIFF_FILES = { json: 'diff.json', md: 'diff.md', brief: 'change-brief.md' } as const;

export interface ExpectedChanges {
  /** The file as the user named it. */
  file: string;
  changes: ExpectedChange[];
}

export interface DiffOutcome {
  diff: RunDiff;
  files: { name: string; text: string }[];
  sections: HtmlSection[];
  /** What the console shows: the changes, then the gate with the unexpected changes first. */
  lines: string[];
  /** 1 when the gate failed, else 0 (a diff without a gate never fails). */
  exitCode: 0 | 1;
}

export function buildDiff(baseline: RunInput, current: RunInput, expected?: ExpectedChanges): DiffOutcome {
  const diff = diffRuns(baseline, current);
  if (expected) diff.gate = applyGate(diff, expected.changes, expected.file);
  return {
    diff,
    files: [
      { name: DIFF_FILES.json, text: JSON.stringify(diff, null, 2) + '\n' },
      { name: DIFF_FILES.md, text: renderDiffMarkdown(diff) },
      { name: DIFF_FILES.brief, text: renderBriefMarkdown(diff) },
    ],
    sections: renderDiffSections(diff),
    lines: consoleLines(diff),
    exitCode: diff.gate && !diff.gate.passed ? 1 : 0,
  };
}

function consoleLines(diff: RunDiff): string[] {
  const n = diff.changes.length;
  const out = [`${diffTitle(diff)} (${diff.baseline.dir}): ${n === 0 ? 'no change' : `${n} change${n === 1 ? '' : 's'}`}, ${diff.summary.scenariosUnchanged} scenario(s) unchanged.`];
  const g = diff.gate;
  if (!g) {
    out.push(...diff.changes.map((c) => `  ~ ${c.message}`));
    return out;
  }
  out.push(`Gate ${g.passed ? 'PASSED' : 'FAILED'} (${g.file}): ${g.unexpected.length} unexpected change(s), ${g.missing.length} declared change(s) that did not happen, ${g.intended.length} declared change(s) that happened.`);
  out.push(...g.unexpected.map((c) => `  ✗ unexpected: ${c.message}`));
  out.push(...g.missing.map((m) => `  ✗ declared, did not happen: ${m.words}`));
  out.push(...g.intended.map((m) => `  ✓ declared, happened: ${m.words}`));
  return out;
}
