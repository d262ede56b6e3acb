/**
 * Fills a form the way a person does: finds each field by its visible label (or a selector when
 * the profile gives one), types, picks, ticks, then presses the button. Hidden UTM fields are
 * never touched — the page's own script must fill them; that is what is under test.
 */
import type { FrameLocator, Locator, Page } from '@playwright/test';
import type { Lead } from '../scenario/lead.js';
import type { ResolvedField, ResolvedForm } from '../scenario/plan.js';

type Root = Page | FrameLocator;

export class FormFillError extends Error {}

export function formRoot(page: Page, form: ResolvedForm): Root {
  return form.frame ? page.frameLocator(form.frame) : page;
}

/** Fills every step; leaves the final submit click to the caller (which must watch the request). */
export async function fillForm(root: Root, form: ResolvedForm, lead: Lead): Promise<void> {
  const steps = Math.max(1, ...form.fields.map((f) => f.step));
  for (let step = 1; step <= steps; step++) {
    for (const field of form.fields.filter((f) => f.step === step)) await fillField(root, form, field, lead);
    if (step < steps) await button(root, form.next ?? 'Next').click();
  }
}

export function submitButton(root: Root, form: ResolvedForm): Locator {
  return form.submit ? button(root, form.submit) : root.locator('button[type=submit], input[type=submit]').first();
}

function button(root: Root, name: string): Locator {
  return root.getByRole('button', { name, exact: true });
}

async function fillField(root: Root, form: ResolvedForm, field: ResolvedField, lead: Lead): Promise<void> {
  const value = lead[field.attribute];
  const loc = field.selector ? root.locator(field.selector).first() : root.getByLabel(field.label!, { exact: true });
  const where = field.selector ? `selector ${field.selector}` : `label "${field.label}"`;
  let kind: string;
  try {
    kind = await loc.evaluate((el) => `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type ?? ''}`, undefined, { timeout: 10_000 });
  } catch {
    throw new FormFillError(`form "${form.id}" at ${form.url}: no field with ${where} for ${field.attribute} (step ${field.step}). Fix forms.${form.id}.fields.${field.attribute} in the project config, or the page.`);
  }
  if (kind.startsWith('select')) {
    const v = String(value);
    const byValue = await loc.selectOption({ value: v }).catch(() => null);
    if (!byValue || byValue.length === 0) await loc.selectOption({ label: v });
  } else if (kind === 'input:checkbox' || kind === 'input:radio') {
    await loc.setChecked(Boolean(value));
  } else {
    await loc.fill(String(value));
  }
}
