import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../report/model.js';
import type { RunPlan } from '../scenario/plan.js';
import { leadAnnotations, leadTitle, verdictError } from './lead-case.js';

// Playwright's own rule for tags in a title (playwright/lib: `path.join(" ").match(/@[\S]+/g)`).
const titleTags = (title: string) => title.match(/@[\S]+/g) ?? [];
const lead = (name: string, volume?: number) =>
  ({ seq: 3, scenario: { name, volume }, lead: { email: 'lp.r1.3.ada@leadproof.test' } }) as unknown as RunPlan['leads'][number];
const check = (name: string, passed: boolean, message: string): CheckResult => ({ name, kind: 'owner', passed, expected: null, actual: null, message });

describe('lead titles', () => {
  it('carry no Playwright tag, yet name the lead; the full email is an annotation', () => {
    expect(leadTitle(lead('EMEA demo'))).toBe('EMEA demo [lp.r1.3.ada]');
    expect(leadTitle(lead('EMEA demo', 5))).toBe('EMEA demo #3 [lp.r1.3.ada]');
    expect(titleTags(`verify › ${leadTitle(lead('Lead from an @acme tweet'))}`)).toEqual([]);
    expect(leadAnnotations(lead('x'))).toEqual([{ type: 'lead email', description: 'lp.r1.3.ada@leadproof.test' }]);
  });
});

describe('verdictError', () => {
  it('is null when every check passed', () => {
    expect(verdictError('a@b.test', [check('owner', true, 'assigned')])).toBeNull();
  });

  it('lists only the failed checks, and carries no stack frame of leadproof', () => {
    const e = verdictError('lp.x@leadproof.test', [check('record found', true, 'found'), check('owner', false, 'went to Tom Reed; expected team EMEA Enterprise'), check('field source', false, 'source is "OFFLINE"')])!;
    expect(e.message).toBe('2 check(s) failed for lp.x@leadproof.test:\n  ✗ owner: went to Tom Reed; expected team EMEA Enterprise\n  ✗ source is "OFFLINE"'); // no stutter: the message already names the field
    expect(e.stack).toBe(e.message);
    expect(e.stack).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
