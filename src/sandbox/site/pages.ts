import type { Stack, StackForm } from '../engine/index.js';
import { COUNTRIES, LAYOUTS, type LayoutField } from './layouts.js';
import { issueNonce, NONCE_FIELD } from './nonce.js';

const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function shell(title: string, body: string, opts: { track: boolean }): string {
  const scripts = opts.track ? ['/assets/track.js'] : [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/site.css">
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</head><body>
<nav><a href="/">Acme Funnel Co.</a><a href="/demo">Demo</a><a href="/resources/ebook">Guide</a><a href="/contact-sales">Sales</a></nav>
${body}
</body></html>`;
}

type FormStyle = StackForm['style'];

/** HubSpot's embed marks a required field with a separate asterisk span inside the label. */
function labelHtml(id: string, f: LayoutField, style: FormStyle): string {
  if (style !== 'hubspot-embed') return `<label for="${id}">${esc(f.label)}</label>`;
  return `<label for="${id}"><span>${esc(f.label)}</span>${f.required ? '<span class="hs-form-required">*</span>' : ''}</label>`;
}

function fieldHtml(f: LayoutField, style: FormStyle = 'plain'): string {
  const id = `f-${f.name}`;
  const req = f.required ? ' required' : '';
  if (f.kind === 'checkbox') {
    return `<div class="consent"><input type="checkbox" id="${id}" name="${f.name}"> ${labelHtml(id, f, style)}</div>`;
  }
  if (f.kind === 'country') {
    // HubSpot's country list posts the country's name; the plain pages post ISO codes.
    const options = COUNTRIES.map(([code, name]) => `<option value="${style === 'hubspot-embed' ? esc(name) : code}">${esc(name)}</option>`).join('');
    return `${labelHtml(id, f, style)}<select id="${id}" name="${f.name}"${req}><option value="">Select…</option>${options}</select>`;
  }
  const extra = f.kind === 'number' ? ' min="1" step="1"' : '';
  return `${labelHtml(id, f, style)}<input type="${f.kind}" id="${id}" name="${f.name}"${extra}${req}>`;
}

/** The <form> itself: visible fields (by step), hidden UTM inputs, the submit button(s). */
export function formHtml(stack: Stack, form: StackForm, baseUrl: string): string {
  const layout = LAYOUTS[form.layout];
  const action = `${baseUrl}/submissions/v3/integration/submit/${stack.hubspot.portalId}/${form.guid}`;
  const hidden = [
    ...UTM_FIELDS.map((n) => `<input type="hidden" name="${n}">`),
    ...(form.nonce ? [`<input type="hidden" name="${NONCE_FIELD}" value="${issueNonce(form.id)}">`] : []),
  ].join('\n');
  let inner: string;
  if (layout.next) {
    const steps = [...new Set(layout.fields.map((f) => f.step ?? 1))].sort();
    inner = steps
      .map((step, i) => {
        const last = i === steps.length - 1;
        const button = last
          ? `<button type="submit">${esc(layout.submit)}</button>`
          : `<button type="button" data-next>${esc(layout.next!)}</button>`;
        const fields = layout.fields.filter((f) => (f.step ?? 1) === step).map((f) => fieldHtml(f, form.style)).join('\n');
        return `<fieldset data-step="${step}"${i === 0 ? '' : ' hidden'}><legend>Step ${step} of ${steps.length}</legend>\n${fields}\n${button}</fieldset>`;
      })
      .join('\n');
  } else {
    inner = `${layout.fields.map((f) => fieldHtml(f, form.style)).join('\n')}\n<button type="submit">${esc(layout.submit)}</button>`;
  }
  return `<form data-hs-form="${form.guid}" data-form-id="${form.id}" action="${action}" method="post" novalidate>
${inner}
${hidden}
</form>
<div id="form-status" aria-live="polite"></div>`;
}

/** The landing page of a form. Iframe layouts embed `${page}/frame` instead of the form. */
export function landingPage(stack: Stack, form: StackForm, baseUrl: string): string {
  const layout = LAYOUTS[form.layout];
  const intro = `<h1>${esc(form.title)}</h1><p>Fill in the form and we will get back to you.</p>`;
  if (layout.iframe) {
    const frame = `<iframe title="${esc(form.title)} form" name="hs-form-frame" data-form-frame data-src="${form.page}/frame"></iframe>`;
    // frame-host.js runs after the iframe element exists, so it sits at the end of <body>.
    return shell(form.title, `${intro}\n${frame}\n<script src="/assets/frame-host.js"></script>`, { track: form.visitorCookie });
  }
  if (form.style === 'hubspot-embed') return shell(form.title, `${intro}\n${embedHtml(stack, form, baseUrl)}`, { track: form.visitorCookie });
  return shell(form.title, `${intro}\n${formHtml(stack, form, baseUrl)}\n<script src="/assets/form.js"></script>`, { track: form.visitorCookie });
}

/**
 * Like HubSpot's embed code: the page ships an empty target and a script that draws the form
 * later (`hbspt.forms.create` after its own bundle loads). The form sits in an inert <template>
 * until then, so neither a person nor Playwright can find its fields before it is drawn.
 */
function embedHtml(stack: Stack, form: StackForm, baseUrl: string): string {
  return `<div class="hs-form-target" data-hs-embed></div>
<template id="hs-form-template">${formHtml(stack, form, baseUrl)}</template>
<script>setTimeout(function () {
  var target = document.querySelector('[data-hs-embed]');
  target.appendChild(document.getElementById('hs-form-template').content.cloneNode(true));
  var s = document.createElement('script'); s.src = '/assets/form.js'; document.body.appendChild(s);
}, ${form.renderDelayMs});</script>`;
}

/** The document inside the iframe: just the form, no tracking script of its own. */
export function framePage(stack: Stack, form: StackForm, baseUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(form.title)} form</title>
<link rel="stylesheet" href="/assets/site.css"></head><body>
${formHtml(stack, form, baseUrl)}
<script src="/assets/form.js"></script>
</body></html>`;
}

export function indexPage(stack: Stack): string {
  const links = stack.forms.map((f) => `<li><a href="${f.page}">${esc(f.title)}</a></li>`).join('\n');
  return shell('Acme Funnel Co.', `<h1>Acme Funnel Co.</h1><p>Demo marketing site of the leadproof sandbox (stack ${esc(stack.name)}).</p><ul>${links}</ul>`, { track: true });
}
