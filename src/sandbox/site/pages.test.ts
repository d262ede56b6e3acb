import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STACK } from '../index.js';
import { loadStack } from '../engine/index.js';
import { framePage, landingPage } from './pages.js';

/** Every label the example project config fills by must exist, exactly once, on its page. */
const stack = loadStack(DEFAULT_STACK).stack;
const config = parse(readFileSync(join(DEFAULT_STACK, '../../../scenarios/leadproof.config.yaml'), 'utf8')) as {
  forms: Record<string, { url: string | { hubspot?: string }; frame?: string; submit?: string; next?: string; fields: Record<string, string | { label: string }> }>;
};

function formHtmlFor(id: string): string {
  const form = stack.forms.find((f) => f.id === id)!;
  const page = landingPage(stack, form, 'http://127.0.0.1:1');
  // The iframe's document is what a person (and the harness) fills.
  return config.forms[id].frame ? framePage(stack, form, 'http://127.0.0.1:1') : page;
}

describe('demo site pages', () => {
  it.each(Object.keys(config.forms))('%s has every configured label, button and hidden UTM input', (id) => {
    const profile = config.forms[id];
    const url = typeof profile.url === 'string' ? profile.url : profile.url.hubspot;
    const form = stack.forms.find((f) => f.page === url);
    expect(form?.id).toBe(id);
    const html = formHtmlFor(id);
    for (const fill of Object.values(profile.fields)) {
      const label = typeof fill === 'string' ? fill : fill.label;
      const matches = [...html.matchAll(/<label for="([^"]+)">([^<]+)<\/label>/g)].filter((m) => m[2] === label);
      expect(matches, `label "${label}" on ${id}`).toHaveLength(1);
      expect(html).toContain(`id="${matches[0][1]}"`);
    }
    for (const button of [profile.submit, profile.next].filter(Boolean)) expect(html).toContain(`>${button}</button>`);
    for (const utm of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']) expect(html).toContain(`<input type="hidden" name="${utm}">`);
  });

  it('loads the tracking script only where the stack says the page sets the visitor cookie', () => {
    const ebook = stack.forms.find((f) => f.id === 'ebook')!;
    expect(landingPage(stack, ebook, '')).toContain('/assets/track.js');
    expect(landingPage(stack, { ...ebook, visitorCookie: false }, '')).not.toContain('/assets/track.js');
    expect(landingPage(stack, ebook, '')).toContain('<iframe');
  });

  it('uses ISO alpha-2 option values for country', () => {
    expect(formHtmlFor('demo-request')).toMatch(/<option value="DE">Germany<\/option>/);
  });
});

describe('the HubSpot-embed form variant', () => {
  const embed = stack.forms.find((f) => f.style === 'hubspot-embed')!;
  const page = landingPage(stack, embed, 'http://127.0.0.1:1');

  it('marks required labels with an hs-form-required span and posts country names', () => {
    expect(page).toContain('<label for="f-firstname"><span>First name</span><span class="hs-form-required">*</span></label>');
    expect(page).toContain('<label for="f-website"><span>Website</span></label>');
    expect(page).toContain('<option value="Germany">Germany</option>');
  });

  it('draws the form by script, after a delay: the fields start out in an inert <template>', () => {
    expect(page.indexOf('<template id="hs-form-template"><form')).toBeGreaterThan(0);
    expect(page).toContain(`}, ${embed.renderDelayMs});`);
    expect(embed.renderDelayMs).toBeGreaterThan(0);
  });
});
