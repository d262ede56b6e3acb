/**
 * Fills a form the way a person does: finds each field by its visible label (or a selector when
 * the profile gives one), types, picks, ticks, then presses the button. Hidden UTM fields are
 * never touched — the page's own script must fill them; that is what is under test.
 */
import type { FrameLocator, Locator, Page } from '@playwright/test';
import type { Lead } from '../scenario/lead.js';
import type { ResolvedField, ResolvedForm } from '../scenario/plan.js';
import { renderWait } from '../scenario/render-wait.js';
import { chooseOption, labelPattern, type SelectOption } from './labels.js';

export type Root = Page | FrameLocator;

export class FormFillError extends Error {}

export function formRoot(page: Page, form: ResolvedForm): Root {
  return form.frame ? page.frameLocator(form.frame) : page;
}

/** Fills every step; leaves the final submit click to the caller (which must watch the request). */
export async function fillForm(root: Root, form: ResolvedForm, lead: Lead): Promise<void> {
  // A form this worker has filled is not waited for with every step-1 label at once (on the demo
  // form, ten label lookups in the renderer): its first field's action waits for it instead, as
  // long as the form's render wait.
  const first = form.fields.find((f) => f.step === 1);
  const waitInAction = first !== undefined && known.has(shapeKey(form, first));
  if (!waitInAction && !(await formRendered(root, form))) throw new FormFillError(notRenderedMessage(form));
  const steps = Math.max(1, ...form.fields.map((f) => f.step));
  for (let step = 1; step <= steps; step++) {
    for (const field of form.fields.filter((f) => f.step === step)) await fillField(root, form, field, lead, waitInAction && field === first);
    if (step < steps) await button(root, form.next ?? 'Next').click();
  }
}

export function submitButton(root: Root, form: ResolvedForm): Locator {
  return form.submit ? button(root, form.submit) : root.locator('button[type=submit], input[type=submit]').first();
}

/** A field as the page shows it: by selector, or by its label read loosely (labels.ts). */
export function fieldLocator(root: Root, field: ResolvedField): Locator {
  return field.selector ? fieldMatches(root, field).first() : fieldMatches(root, field);
}

/** Every element the field's label or selector matches (preflight counts them: 0 or 2 is a problem). */
export function fieldMatches(root: Root, field: ResolvedField): Locator {
  return field.selector ? root.locator(field.selector) : root.getByLabel(labelPattern(field.label!));
}

export function fieldPlace(field: ResolvedField): string {
  return field.selector ? `selector ${field.selector}` : `label "${field.label}"`;
}

/**
 * Waits (up to the form's render wait) until any step-1 field is in the page: a form rendered by
 * script after `load` is not missing, only late. Resolves false when none appeared.
 */
export async function formRendered(root: Root, form: ResolvedForm, waitMs = renderWait(form)): Promise<boolean> {
  const first = form.fields.filter((f) => f.step === 1).map((f) => fieldLocator(root, f));
  if (first.length === 0) return true;
  const any = first.reduce((a, b) => a.or(b)).first();
  return any.waitFor({ state: 'attached', timeout: waitMs }).then(() => true, () => false);
}

export function notRenderedMessage(form: ResolvedForm): string {
  const places = form.fields.filter((f) => f.step === 1).map(fieldPlace).join(', ');
  return `form "${form.id}" at ${form.url}: none of its fields (${places}) appeared within ${renderWait(form) / 1000} s. Check the form's url and labels in the project config; if the page renders the form later by script, raise renderWait on the form (or LEADPROOF_FORM_RENDER_MS).`;
}

export function button(root: Root, name: string): Locator {
  return root.getByRole('button', { name, exact: true });
}

/**
 * What each field is (tag and type, a list's options), learnt from the first lead that fills a
 * form in this worker: every later lead of that form does one action per field instead of a
 * look at the element and then the action. Per field that halves the round trips to the page —
 * and the label lookups the renderer does for each — which was much of the browser phase's gap
 * to a plain Playwright loop (issue 11; README, Volume runs). A page that changed since (an A/B
 * variant) fails the remembered action, and the field is looked at again.
 */
const known = new Map<string, FieldShape>();

const shapeKey = (form: ResolvedForm, field: ResolvedField) => `${form.id}\u0000${form.url}\u0000${field.attribute}`;

/** What a field is: `kind` is `tag:type` (`input:checkbox`, `select:select-one`); `options`, a <select>'s, as value and visible text. */
export interface FieldShape {
  kind: string;
  options?: SelectOption[];
}

/**
 * A field's shape in one look at the element (one round trip): fillField learns it once per
 * form and worker, preflight's probe reads a list's options from it. `timeout` bounds the wait for
 * the element (the page's default when not given).
 */
export function fieldShape(loc: Locator, timeout?: number): Promise<FieldShape> {
  return loc.evaluate((el) => ({
    kind: `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type ?? ''}`,
    options: el.tagName === 'SELECT' ? Array.from((el as HTMLSelectElement).options, (o) => ({ value: o.value, label: o.text })) : undefined,
  }), undefined, { timeout });
}

/** `waitsForForm`: this field's action is the wait for a form fillForm did not wait for. */
async function fillField(root: Root, form: ResolvedForm, field: ResolvedField, lead: Lead, waitsForForm = false): Promise<void> {
  const value = lead[field.attribute];
  const loc = fieldLocator(root, field);
  const key = shapeKey(form, field);
  const seen = known.get(key);
  if (seen) {
    try {
      if (await act(loc, seen, field, value, waitsForForm ? renderWait(form) : undefined)) return;
    } catch {
      // looked at again below; a real problem then fails with its message
    }
    known.delete(key);
    // Waited for as long as the form's render wait: no step-1 field now means no form.
    if (waitsForForm && !(await formRendered(root, form, 1_000))) throw new FormFillError(notRenderedMessage(form));
  }
  let shape: FieldShape;
  try {
    shape = await fieldShape(loc, 10_000);
  } catch {
    throw new FormFillError(`form "${form.id}" at ${form.url}: no field with ${fieldPlace(field)} for ${field.attribute} (step ${field.step}). Fix forms.${form.id}.fields.${field.attribute} in the project config, or the page.`);
  }
  if (!(await act(loc, shape, field, value))) {
    const options = shape.options ?? [];
    const shown = options.map((o) => o.label).filter(Boolean).slice(0, 8).join(', ');
    throw new FormFillError(`form "${form.id}" at ${form.url}: the ${fieldPlace(field)} list has no option for ${field.attribute} "${value}" (it offers ${shown}${options.length > 8 ? ', ...' : ''}). Give the scenario a value the list offers, or fix the form.`);
  }
  known.set(key, shape);
}

/** One action on a field of a known shape; false when a list has no option for the value. */
async function act(loc: Locator, shape: FieldShape, field: ResolvedField, value: Lead[keyof Lead], timeout?: number): Promise<boolean> {
  const options = timeout === undefined ? undefined : { timeout };
  if (shape.kind.startsWith('select')) {
    const pick = chooseOption(field.attribute, String(value), shape.options ?? []);
    if (pick === null) return false;
    await loc.selectOption({ value: pick }, options);
  } else if (shape.kind === 'input:checkbox' || shape.kind === 'input:radio') {
    await loc.setChecked(Boolean(value), options);
  } else {
    await loc.fill(String(value), options);
  }
  return true;
}
