/**
 * Web-to-Lead versions of the demo site's form pages, served under /sf/<page>. Same visible
 * labels and steps as the HubSpot pages (the harness fills forms by label through one form
 * profile), but the markup Salesforce generates: inputs named `first_name`, `URL`, ...; custom
 * fields as hidden inputs named by 15-character field id; `oid` and `retURL`; a plain browser
 * POST to the servlet, which answers with a redirect page whatever happened.
 */
import type { Stack, StackForm } from '../engine/index.js';
import { COUNTRIES, LAYOUTS, type LayoutField } from '../site/layouts.js';
import { customFieldFor } from './lead-fields.js';
import type { SalesforceOrg } from './org.js';

/** HubSpot form field name → Web-to-Lead input name. */
const W2L_NAMES: Record<string, string> = {
  firstname: 'first_name',
  lastname: 'last_name',
  email: 'email',
  company: 'company',
  website: 'URL',
  country: 'country',
  numemployees: 'employees',
  jobtitle: 'title',
  phone: 'phone',
};

const UTMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function field(f: LayoutField): string {
  const id = `f-${f.name}`;
  if (f.kind === 'checkbox') {
    // Consent is posted as Salesforce's emailOptOut (inverted) by the page script.
    return `<div class="consent"><input type="checkbox" id="${id}" data-consent> <label for="${id}">${esc(f.label)}</label></div>`;
  }
  const name = W2L_NAMES[f.name] ?? f.name;
  if (f.kind === 'country') {
    const options = COUNTRIES.map(([code, label]) => `<option value="${code}">${esc(label)}</option>`).join('');
    return `<label for="${id}">${esc(f.label)}</label><select id="${id}" name="${name}"><option value="">Select…</option>${options}</select>`;
  }
  return `<label for="${id}">${esc(f.label)}</label><input type="${f.kind}" id="${id}" name="${name}" maxlength="80">`;
}

export function webToLeadForm(org: SalesforceOrg, form: StackForm, baseUrl: string): string {
  const layout = LAYOUTS[form.layout];
  const omit = new Set(org.model.settings.webToLeadOmit[form.id] ?? []);
  // The admin pasted the generated HTML with the UTM fields the form maps; omitted ids are the fault.
  const utmInputs = UTMS.filter((u) => form.mappedHiddenFields.includes(u))
    .map((u) => customFieldFor(u)!)
    .filter((f) => !omit.has(f.name))
    .map((f) => `<input type="hidden" id="${f.fieldId}" name="${f.fieldId}" data-utm="${f.canonical}">`);
  const formField = customFieldFor('formId')!;
  const capture = (['landingPage', 'referrer', 'latestLandingPage', 'latestReferrer'] as const).map((c) => `<input type="hidden" name="${customFieldFor(c)!.fieldId}" data-capture="${c}">`);
  const hidden = [
    `<input type="hidden" name="oid" value="${org.orgId.slice(0, 15)}">`,
    `<input type="hidden" name="retURL" value="${baseUrl}/sf/thanks?form=${encodeURIComponent(form.id)}">`,
    `<input type="hidden" name="lead_source" value="Web">`,
    `<input type="hidden" name="${formField.fieldId}" value="${esc(form.id)}">`,
    ...utmInputs,
    ...capture,
  ].join('\n');
  let inner: string;
  if (layout.next) {
    const steps = [...new Set(layout.fields.map((f) => f.step ?? 1))].sort();
    inner = steps
      .map((step, i) => {
        const button = i === steps.length - 1 ? `<button type="submit">${esc(layout.submit)}</button>` : `<button type="button" data-next>${esc(layout.next!)}</button>`;
        const fields = layout.fields.filter((f) => (f.step ?? 1) === step).map(field).join('\n');
        return `<fieldset data-step="${step}"${i === 0 ? '' : ' hidden'}><legend>Step ${step} of ${steps.length}</legend>\n${fields}\n${button}</fieldset>`;
      })
      .join('\n');
  } else {
    inner = `${layout.fields.map(field).join('\n')}\n<button type="submit">${esc(layout.submit)}</button>`;
  }
  return `<form data-w2l-form="${form.id}" action="${baseUrl}/servlet/servlet.WebToLead?encoding=UTF-8" method="POST">
${hidden}${org.model.settings.webToLeadRecaptcha.includes(form.id) ? recaptcha(org) : ''}
${inner}
</form>`;
}

/** What Salesforce's generator adds with "Require reCAPTCHA": settings input, widget, Google's script. */
function recaptcha(org: SalesforceOrg): string {
  const settings = JSON.stringify({ keyname: 'LeadproofSandbox', fallback: 'true', orgId: org.orgId.slice(0, 15), ts: '' });
  return `
<input type="hidden" name="captcha_settings" value='${settings}'>
<div class="g-recaptcha" data-sitekey="6LeadproofSandboxSiteKey00000000000000"></div>
<script src="https://www.google.com/recaptcha/api.js"></script>`;
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<link rel="stylesheet" href="/assets/site.css"></head><body>
<nav><a href="/sf/">Acme Funnel Co.</a></nav>
${body}
</body></html>`;
}

/** The landing page; iframe layouts embed `/sf<page>/frame`, like the HubSpot site. */
export function webToLeadPage(org: SalesforceOrg, form: StackForm, baseUrl: string): string {
  const intro = `<h1>${esc(form.title)}</h1><p>Fill in the form and we will get back to you.</p>`;
  if (LAYOUTS[form.layout].iframe) {
    const frame = `<iframe title="${esc(form.title)} form" name="hs-form-frame" data-form-frame data-src="/sf${form.page}/frame"></iframe>`;
    return shell(form.title, `${intro}\n${frame}\n<script src="/assets/frame-host.js"></script>`);
  }
  return shell(form.title, `${intro}\n${webToLeadForm(org, form, baseUrl)}\n<script src="/sf/assets/w2l.js"></script>`);
}

export function webToLeadFramePage(org: SalesforceOrg, form: StackForm, baseUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(form.title)} form</title>
<link rel="stylesheet" href="/assets/site.css"></head><body>
${webToLeadForm(org, form, baseUrl)}
<script src="/sf/assets/w2l.js"></script>
</body></html>`;
}

export function thanksPage(stack: Stack, formId: string | null): string {
  const form = stack.forms.find((f) => f.id === formId);
  const message = form?.inlineMessage ?? 'Thanks! We will be in touch shortly.';
  return shell('Thank you', `<div id="form-status" class="thanks" role="status">${esc(message)}</div>`);
}

/**
 * Fills UTM inputs from the URL, steps through multi-step forms, maps consent to emailOptOut.
 * The first touch (landing page and referrer of the visitor's first page view) is kept in a
 * first-party cookie and posted as Landing_Page__c / Referrer__c; the current page goes to the
 * Latest_* fields. With `dropsFirstTouch` the cookie is never read back (the planted fault).
 */
export function w2lJs(opts: { dropsFirstTouch?: boolean } = {}): string {
  const read = opts.dropsFirstTouch ? 'null' : `document.cookie.match(/(?:^|; )lp_first_touch=([^;]+)/)`;
  return `(function () {
  var form = document.querySelector('form[data-w2l-form]');
  if (!form) return;
  // Inside the ebook iframe the landing page is the parent's: read the top window (same origin).
  var top = window;
  try { if (window.top.location.href) top = window.top; } catch (e) {}
  var params = new URLSearchParams(location.search);
  var now = { landingPage: top.location.href, referrer: top.document.referrer };
  var first = now;
  var m = ${read};
  try { if (m) first = JSON.parse(decodeURIComponent(m[1])); } catch (e) {}
  if (!m) document.cookie = 'lp_first_touch=' + encodeURIComponent(JSON.stringify(now)) + '; path=/; max-age=' + 60 * 60 * 24 * 180 + '; SameSite=Lax';
  var values = { landingPage: first.landingPage, referrer: first.referrer, latestLandingPage: now.landingPage, latestReferrer: now.referrer };
  form.querySelectorAll('input[data-capture]').forEach(function (input) {
    input.value = values[input.dataset.capture] || '';
  });
  form.querySelectorAll('input[data-utm]').forEach(function (input) {
    var v = params.get(input.dataset.utm);
    if (v) input.value = v;
  });
  form.querySelectorAll('button[data-next]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var current = btn.closest('fieldset');
      current.hidden = true;
      var next = form.querySelector('fieldset[data-step="' + (Number(current.dataset.step) + 1) + '"]');
      next.hidden = false;
    });
  });
  form.addEventListener('submit', function () {
    var consent = form.querySelector('input[data-consent]');
    if (consent && !consent.checked) {
      var out = document.createElement('input');
      out.type = 'hidden'; out.name = 'emailOptOut'; out.value = '1';
      form.appendChild(out);
    }
  });
})();`;
}

export const W2L_JS = w2lJs();
