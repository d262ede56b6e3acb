/**
 * `leadproof preflight --crm salesforce` on a sandbox org whose demo-request Web-to-Lead page
 * requires reCAPTCHA: a warning that names the page, not a refusal.
 */
import { describe, expect, it } from 'vitest';
import { salesforceStackFile } from '../../sandbox/salesforce/test-stack.js';
import { runCli } from '../../../test/e2e/harness.js';

describe('preflight on a Web-to-Lead page with reCAPTCHA', () => {
  it('warns that a headless browser does not pass it, and still passes', async () => {
    const stack = salesforceStackFile({ webToLeadRecaptcha: ['demo-request'] });
    const r = await runCli(['preflight', '--crm', 'salesforce', '--stack', stack, '--scenarios', 'scenarios']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*form \(demo-request\): .*carries reCAPTCHA \(a g-recaptcha widget\)/);
    expect(r.stderr).not.toMatch(/form \((ebook|contact-sales)\)[^\n]*reCAPTCHA/);
    expect(r.stdout).toContain('Preflight passed');
  });
});
