/**
 * How a lead reads in Playwright's own report: its test titles and the error of a failed
 * `verify ›` case. Kept out of leads.spec.ts so they can be tested without a browser.
 */
import { LeadproofError } from '../errors.js';
import { checkLine } from '../report/check-words.js';
import type { CheckResult } from '../report/model.js';
import type { RunPlan } from '../scenario/plan.js';

type PlannedLead = RunPlan['leads'][number];

/**
 * Playwright reads every `@word` in a title as a tag (`/@\S+/`), so the email's `@domain` would
 * become a stray tag: the title names the email's local part (unique per lead) and the full
 * email goes to an annotation, shown beside the title in the HTML report. An `@` in a scenario's
 * name is written as the full-width `＠` for the same reason.
 */
export function leadTitle(l: PlannedLead): string {
  const local = l.lead.email.split('@')[0];
  return `${l.scenario.name}${l.scenario.volume && l.scenario.volume > 1 ? ` #${l.seq}` : ''} [${local}]`.replaceAll('@', '＠');
}

export function leadAnnotations(l: PlannedLead): { type: string; description: string }[] {
  return [{ type: 'lead email', description: l.lead.email }];
}

/**
 * A failed `verify ›` case: the lead's failed checks are the finding, so they are the whole
 * error. No stack: a stack frame would make Playwright show leadproof's own source line as the
 * place of the failure, which says nothing about the funnel.
 */
export class LeadChecksFailed extends LeadproofError {
  constructor(email: string, failed: CheckResult[]) {
    const lines = failed.map((c) => `  ✗ ${checkLine(c)}`);
    super('LEAD_CHECKS_FAILED', [`${failed.length} check(s) failed for ${email}:`, ...lines].join('\n'), { exitCode: 1 });
    this.stack = this.message;
  }
}

/** The error to fail a `verify ›` case with, or null when every check passed. */
export function verdictError(email: string, checks: CheckResult[]): LeadChecksFailed | null {
  const failed = checks.filter((c) => !c.passed);
  return failed.length ? new LeadChecksFailed(email, failed) : null;
}
