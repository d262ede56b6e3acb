/**
 * Preflight's look at each form in the real browser: one page load per form profile, one
 * browser for all of them, nothing typed and nothing submitted. It reports what the page shows;
 * src/expect/form-preflight.ts turns that into problems with their fixes.
 *
 * Only step 1 of a multi-step form is looked at. Later steps appear after step 1 is filled and
 * "Next" pressed, and pressing it is not harmless: HubSpot and others record a partial submission
 * (an abandoned-form contact) at that point. So fields on later steps are checked by the first
 * lead that fills the form, and preflight says so.
 */
import { chromium } from 'playwright-core';
import type { ResolvedField, ResolvedForm } from '../scenario/plan.js';
import { findChromium } from './browser.js';
import { button, fieldMatches, fieldShape, formRendered, formRoot, submitButton, type Root } from './fill.js';
import type { SelectOption } from './labels.js';

export interface FieldProbe {
  field: ResolvedField;
  /** How many elements the label/selector matched: 1 is right. */
  matches: number;
  /** The options when the field is a <select>. */
  options?: SelectOption[];
}

export interface FormProbe {
  form: ResolvedForm;
  /** The page did not load (preflight's HTTP check reports that already). */
  unreachable?: string;
  /** No step-1 field appeared within the form's render wait. */
  rendered: boolean;
  fields: FieldProbe[];
  /** Fields on steps after the first: not checkable without pressing "Next". */
  laterSteps: ResolvedField[];
  /** The button that advances step 1 (multi-step) or submits (single step), when it is not on the page. */
  missingButton?: string;
  /** Label texts the form shows, to suggest the right one. */
  labels: string[];
}

const PAGE_LOAD_MS = 30_000;

/** In this process (src/forms/probe-child.ts; the CLI calls probeForms in src/forms/probe-process.ts). */
export async function probeFormsHere(forms: ResolvedForm[]): Promise<FormProbe[]> {
  if (forms.length === 0) return [];
  const choice = findChromium();
  const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  try {
    const context = await browser.newContext();
    const out: FormProbe[] = [];
    // One at a time: a probe is a page load and a few lookups, and the machine is shared with
    // the CRM and the site under test.
    for (const form of forms) out.push(await probeForm(await context.newPage(), form));
    return out;
  } finally {
    await browser.close();
  }
}

/** Loads `form.url` in `page` and looks at the form there (nothing typed, nothing submitted). */
export async function probeForm(page: import('playwright-core').Page, form: ResolvedForm): Promise<FormProbe> {
  const laterSteps = form.fields.filter((f) => f.step > 1);
  const base: FormProbe = { form, rendered: false, fields: [], laterSteps, labels: [] };
  try {
    await page.goto(form.url, { waitUntil: 'load', timeout: PAGE_LOAD_MS });
  } catch (err) {
    return { ...base, unreachable: (err as Error).message.split('\n')[0] };
  }
  const root: Root = formRoot(page, form);
  const rendered = await formRendered(root, form);
  const labels = [...new Set((await root.locator('label').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean))];
  if (!rendered) return { ...base, labels };
  const fields: FieldProbe[] = [];
  for (const field of form.fields.filter((f) => f.step === 1)) {
    const loc = fieldMatches(root, field);
    const matches = await loc.count();
    // One look at the element (kind and a list's options together), and only when it is the one match.
    const options = matches === 1 ? (await fieldShape(loc)).options : undefined;
    fields.push({ field, matches, options });
  }
  const multiStep = laterSteps.length > 0;
  const advance = multiStep ? button(root, form.next ?? 'Next') : submitButton(root, form);
  const missingButton = (await advance.count()) === 0 ? (multiStep ? `"${form.next ?? 'Next'}"` : form.submit ? `"${form.submit}"` : 'a submit button') : undefined;
  await page.close();
  return { ...base, rendered, fields, missingButton, labels };
}
