import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrmEngine, Stack } from '../engine/index.js';
import { readJson, sendJson } from '../http.js';
import { LAYOUTS } from '../site/layouts.js';
import { NONCE_FIELD, spendNonce } from '../site/nonce.js';

/** Form field name (HubSpot property name) → canonical engine field, for visible fields. */
const VISIBLE: Record<string, string> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  company: 'company',
  website: 'website',
  country: 'country',
  numemployees: 'employees',
  jobtitle: 'title',
  phone: 'phone',
  marketing_consent: 'consent',
};

export const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

interface SubmitBody {
  submittedAt?: string | number;
  fields?: { objectTypeId?: string; name?: string; value?: unknown }[];
  context?: { hutk?: string; pageUri?: string; pageName?: string };
}

type FormError = { message: string; errorType: string };

/**
 * POST /submissions/v3/integration/submit/{portalId}/{formGuid} — unauthenticated, like the real
 * forms API. Since 2022 HubSpot answers 400 FIELD_NOT_IN_FORM_DEFINITION when a submission
 * carries a field the form does not define (changelog "validation change to the Forms API
 * submission endpoints"): a page that posts utm_campaign to a form without that hidden field
 * loses every lead that arrives with a campaign — and only those, which is why nobody notices.
 */
export async function submitForm(req: IncomingMessage, res: ServerResponse, portalId: string, guid: string, stack: Stack, engine: CrmEngine): Promise<void> {
  const form = stack.forms.find((f) => f.guid === guid);
  if (portalId !== stack.hubspot.portalId || !form) {
    return sendJson(res, 404, { status: 'error', message: `Form ${guid} was not found in portal ${portalId}.`, errors: [{ message: 'Form not found', errorType: 'FORM_NOT_FOUND' }] }, CORS);
  }
  const body = (await readJson(req)) as SubmitBody | undefined;
  if (!body || !Array.isArray(body.fields)) {
    return sendJson(res, 400, { status: 'error', message: 'Invalid input JSON: expected { fields: [...] }.', errors: [{ message: 'fields is required', errorType: 'INPUT_TOO_LARGE' }] }, CORS);
  }
  const values = new Map<string, string>();
  for (const f of body.fields) if (f.name) values.set(f.name, String(f.value ?? '').trim());
  const errors: FormError[] = [];
  for (const name of form.required) {
    if (!values.get(name)) errors.push({ message: `Error in 'fields.${name}'. Required field '${name}' is missing`, errorType: 'REQUIRED_FIELD' });
  }
  const defined = new Set([...LAYOUTS[form.layout].fields.map((f) => f.name), ...form.mappedHiddenFields, ...(form.nonce ? [NONCE_FIELD] : [])]);
  // Sandbox-only: a form whose page issues per-page tokens (stack `nonce: true`) takes each once.
  const nonce = form.nonce ? spendNonce(form.id, values.get(NONCE_FIELD)) : null;
  if (nonce) errors.push({ message: `Error in 'fields.${NONCE_FIELD}'. The page token is ${nonce}; load the page again.`, errorType: 'INVALID_NONCE' });
  for (const [name, value] of values) {
    if (!defined.has(name) && value !== '') {
      errors.push({ message: `Error in 'fields.${name}'. Field '${name}' is not part of the form definition.`, errorType: 'FIELD_NOT_IN_FORM_DEFINITION' });
    }
  }
  // A real hubspotutk is 32 hex characters; HubSpot refuses anything else (empty included) rather
  // than attributing the submission to no one, so a page that sends a mangled cookie loses leads.
  const hutk = body.context?.hutk;
  if (hutk !== undefined && !/^[0-9a-f]{32}$/i.test(String(hutk))) {
    errors.push({ message: `Error in 'context.hutk'. '${String(hutk).slice(0, 64)}' is not a valid HubSpot user token (32 hexadecimal characters).`, errorType: 'INVALID_HUTK' });
  }
  const email = values.get('email');
  if (email && !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(email)) {
    errors.push({ message: `Error in 'fields.email'. Invalid email address`, errorType: 'INVALID_EMAIL' });
  }
  if (errors.length > 0) {
    return sendJson(res, 400, { status: 'error', message: 'The request is not valid', correlationId: crypto.randomUUID(), errors }, CORS);
  }
  const fields: Record<string, string | null> = {};
  for (const [name, value] of values) {
    const target = VISIBLE[name] ?? (form.mappedHiddenFields.includes(name) && stack.customProperties.includes(name) ? name : undefined);
    if (target && value !== '') fields[target] = value;
  }
  engine.submit({ formId: form.id, fields, hutk, pageUri: body.context?.pageUri });
  sendJson(res, 200, { inlineMessage: `<p>${form.inlineMessage}</p>` }, CORS);
}
