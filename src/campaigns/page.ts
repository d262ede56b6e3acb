/**
 * The landing page in a real browser, as a visitor from the ad sees it: does a form profile
 * leadproof knows match the page's form (its step-1 fields and button resolve, as preflight
 * checks them), and does the page's own tracking script set the visitor cookie. Nothing is typed
 * or submitted; each URL gets a fresh browser context, so a cookie can only come from that page.
 */
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../forms/browser.js';
import { probeForm, type FormProbe } from '../forms/probe.js';
import { resolveForm } from '../scenario/plan.js';
import type { ProjectConfig } from '../scenario/types.js';

export interface PageCheck {
  /** The form profile whose URL is this page, when one is. */
  form?: string;
  /** Why the profile does not match the page's form (undefined: it matches). */
  formProblem?: string;
  /** The visitor cookie as the browser holds it after the page loaded (undefined: not set, or not checked). */
  cookie?: string;
  /** The page did not load in the browser. */
  error?: string;
}

export interface PageOptions {
  forms: ProjectConfig['forms'];
  /** Base for relative form URLs; default the landing page's own origin. */
  siteUrl?: string;
  /** Visitor cookie name; false: not checked. */
  cookie: string | false;
  /** How long an async tracking script may take to set it. */
  cookieWaitMs: number;
}

/** One check per URL, in order, in one browser. */
export async function checkPages(urls: { visit: string; landing: string }[], opts: PageOptions): Promise<PageCheck[]> {
  if (urls.length === 0) return [];
  const choice = findChromium();
  const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  try {
    const out: PageCheck[] = [];
    for (const u of urls) out.push(await checkPage(browser, u, opts));
    return out;
  } finally {
    await browser.close();
  }
}

async function checkPage(browser: Browser, u: { visit: string; landing: string }, opts: PageOptions): Promise<PageCheck> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const id = profileFor(u.landing, opts);
    const out: PageCheck = {};
    if (id) {
      // The browser follows the campaign URL's redirects itself, as the visitor's does.
      const form = { ...resolveForm(id, opts.forms[id], crmOf(id, u.landing, opts), base(opts, u.landing)), url: u.visit };
      const probe = await probeForm(page, form);
      if (probe.unreachable) return { form: id, error: probe.unreachable };
      Object.assign(out, { form: id, formProblem: mismatch(probe) });
    } else {
      try {
        await page.goto(u.visit, { waitUntil: 'load', timeout: 30_000 });
      } catch (err) {
        return { error: (err as Error).message.split('\n')[0] };
      }
      out.formProblem = `no form profile points at ${new URL(u.landing).pathname} (profiles: ${Object.entries(opts.forms).map(([k, f]) => `${k} → ${urls(f.url).join(' | ')}`).join(', ') || 'none'})`;
    }
    if (opts.cookie) out.cookie = await waitForCookie(context, opts.cookie, u.landing, opts.cookieWaitMs);
    return out;
  } finally {
    await context.close();
  }
}

function mismatch(p: FormProbe): string | undefined {
  if (!p.rendered) return `the form of profile ${p.form.id} did not appear on the page (labels seen: ${p.labels.join(', ') || 'none'})`;
  const bad = p.fields.filter((f) => f.matches !== 1).map((f) => `${f.field.attribute} ("${f.field.label ?? f.field.selector}" ${f.matches === 0 ? 'not found' : `matches ${f.matches} fields`})`);
  if (bad.length) return `profile ${p.form.id} does not match the page's form: ${bad.join(', ')}`;
  if (p.missingButton) return `profile ${p.form.id}: the page has no button ${p.missingButton}`;
  return undefined;
}

async function waitForCookie(context: import('playwright-core').BrowserContext, name: string, url: string, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = (await context.cookies(url)).find((c) => c.name === name);
    if (found || Date.now() >= deadline) return found?.value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The profile whose URL (for any CRM) is this page: same origin and path. */
function profileFor(landing: string, opts: PageOptions): string | undefined {
  const want = key(landing);
  return Object.keys(opts.forms).find((id) => urls(opts.forms[id].url).some((raw) => key(new URL(raw, base(opts, landing)).href) === want));
}

function crmOf(id: string, landing: string, opts: PageOptions): 'hubspot' | 'salesforce' {
  const url = opts.forms[id].url;
  if (typeof url === 'string') return 'hubspot';
  const hit = (['hubspot', 'salesforce'] as const).find((c) => url[c] && key(new URL(url[c]!, base(opts, landing)).href) === key(landing));
  return hit ?? 'hubspot';
}

function urls(u: ProjectConfig['forms'][string]['url']): string[] {
  return typeof u === 'string' ? [u] : Object.values(u).filter((x): x is string => Boolean(x));
}

function key(u: string): string {
  const x = new URL(u);
  return `${x.origin}${x.pathname.replace(/\/+$/, '')}`;
}

/** What relative form URLs resolve against: the site URL, else the landing page's origin. */
function base(opts: PageOptions, landing: string): string {
  if (opts.siteUrl) return opts.siteUrl.endsWith('/') ? opts.siteUrl : `${opts.siteUrl}/`;
  return `${new URL(landing).origin}/`;
}
