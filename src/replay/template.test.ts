import { describe, expect, it } from 'vitest';
import type { FormCapture } from '../forms/capture.js';
import type { Lead } from '../scenario/lead.js';
import { replayRequest } from './send.js';
import { buildTemplate, flatFields } from './template.js';

const HUTK = '0123456789abcdef0123456789abcdef';
const twin: Lead = { email: 'lp.run1.1.ann@leadproof.test', firstName: 'Ann', lastName: 'Lee', company: 'Acme GmbH', website: 'acme.example', country: 'US', employees: 300, title: 'CMO', phone: '555-1', consent: true, message: '' };
const next: Lead = { ...twin, email: 'lp.run1.2.bob@leadproof.test', firstName: 'Bob', lastName: 'Roe', company: 'Zeta Inc', website: 'zeta.example', title: 'VP Sales', phone: '555-2' };

function hubspotCapture(extraFields: { name: string; value: string }[] = [], secondLoadHidden: Record<string, string> = { utm_source: 'google' }): FormCapture {
  const fields = [['email', twin.email], ['firstname', 'Ann'], ['lastname', 'Lee'], ['company', 'Acme GmbH'], ['numemployees', '300'], ['country', 'United States'], ['utm_source', 'google']]
    .map(([name, value]) => ({ objectTypeId: '0-1', name, value })).concat(extraFields.map((f) => ({ objectTypeId: '0-1', ...f })));
  return {
    key: 'v.scenario.yaml#0.0',
    request: {
      method: 'POST', url: 'http://127.0.0.1:9/submissions/v3/integration/submit/424242/guid', contentType: 'application/json',
      body: JSON.stringify({ submittedAt: '1700000000000', fields, context: { pageUri: 'http://127.0.0.1:9/demo?utm_source=google', pageName: 'Demo', hutk: HUTK } }),
    },
    beacons: [`http://127.0.0.1:9/__ptq.gif?hutk=${HUTK}&url=x&referrer=`],
    cookies: [{ name: 'hubspotutk', value: HUTK }],
    secondLoadHidden,
    captcha: false,
  };
}

describe('replay template', () => {
  it('swaps the person, refreshes the visitor id in the body and the beacon, and keeps the source fields', () => {
    const res = buildTemplate(hubspotCapture(), twin);
    if (!res.ok) throw new Error(res.reason);
    expect(res.template.visitorIds).toEqual([{ name: 'hubspotutk', value: HUTK }]);
    const req = replayRequest(res.template, next, 1_800_000_000_000);
    const body = JSON.parse(req.body) as { submittedAt: string; fields: { name: string; value: string }[]; context: { hutk: string; pageUri: string } };
    const f = Object.fromEntries(body.fields.map((x) => [x.name, x.value]));
    expect(f).toMatchObject({ email: next.email, firstname: 'Bob', lastname: 'Roe', company: 'Zeta Inc', numemployees: '300', country: 'United States', utm_source: 'google' });
    expect(body.submittedAt).toBe('1800000000000');
    expect(body.context.hutk).toMatch(/^[0-9a-f]{32}$/);
    expect(body.context.hutk).not.toBe(HUTK);
    expect(body.context.pageUri).toBe('http://127.0.0.1:9/demo?utm_source=google');
    expect(req.beacons).toEqual([`http://127.0.0.1:9/__ptq.gif?hutk=${body.context.hutk}&url=x&referrer=`]);
    // Each lead its own visitor.
    expect(JSON.parse(replayRequest(res.template, next).body).context.hutk).not.toBe(body.context.hutk);
  });

  it('refuses a request with a token-named field', () => {
    const res = buildTemplate(hubspotCapture([{ name: 'form_nonce', value: 'abc.def' }], { form_nonce: 'abc.def' }), twin);
    expect(res).toEqual({ ok: false, reason: 'the form request carries a per-page token (form_nonce)' });
  });

  it('refuses a hidden field whose value changes between two loads of the page, whatever its name', () => {
    const res = buildTemplate(hubspotCapture([{ name: 'session_ref', value: 'r-1' }], { utm_source: 'google', session_ref: 'r-2' }), twin);
    expect(res).toEqual({ ok: false, reason: 'hidden field(s) session_ref change between two loads of the page (a per-page token)' });
  });

  it('refuses a captcha, an uncaptured request and a request without the lead', () => {
    expect(buildTemplate({ ...hubspotCapture(), captcha: true }, twin)).toMatchObject({ ok: false, reason: expect.stringContaining('captcha') });
    expect(buildTemplate({ key: 'k', error: 'Timeout 15000ms exceeded', beacons: [], cookies: [], captcha: false }, twin)).toMatchObject({ ok: false, reason: expect.stringContaining('could not be captured (Timeout 15000ms exceeded)') });
    expect(buildTemplate(null, twin)).toMatchObject({ ok: false });
    expect(buildTemplate(hubspotCapture(), next)).toMatchObject({ ok: false, reason: expect.stringContaining("does not carry the lead's email") });
  });

  it('replays a Salesforce Web-to-Lead post (url-encoded) and refuses one with reCAPTCHA', () => {
    const body = new URLSearchParams({ oid: '00D000000000001', retURL: 'http://x/thanks', first_name: 'Ann', last_name: 'Lee', company: 'Acme GmbH', email: twin.email, '00N000000000001': 'google' }).toString();
    const capture: FormCapture = { key: 'k', request: { method: 'POST', url: 'http://x/servlet/servlet.WebToLead?encoding=UTF-8', contentType: 'application/x-www-form-urlencoded', body }, beacons: [], cookies: [], secondLoadHidden: { oid: '00D000000000001', '00N000000000001': 'google' }, captcha: false };
    const res = buildTemplate(capture, twin);
    if (!res.ok) throw new Error(res.reason);
    const sent = flatFields(replayRequest(res.template, next).body, 'urlencoded')!;
    expect(Object.fromEntries(sent)).toEqual({ oid: '00D000000000001', retURL: 'http://x/thanks', first_name: 'Bob', last_name: 'Roe', company: 'Zeta Inc', email: next.email, '00N000000000001': 'google' });
    const withCaptcha = { ...capture, request: { ...capture.request!, body: `${body}&g-recaptcha-response=03AF` } };
    expect(buildTemplate(withCaptcha, twin)).toMatchObject({ ok: false, reason: expect.stringContaining('captcha') });
  });
});
