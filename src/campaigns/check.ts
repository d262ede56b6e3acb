/**
 * Each campaign URL before go-live, creating no lead: it resolves within the redirect bound, the
 * landing URL still carries every UTM unchanged, a known form profile matches the page, the page
 * sets the visitor cookie, and the UTMs follow the taxonomy.
 */
import pLimit from 'p-limit';
import { checkVisit, type Taxonomy } from '../taxonomy/index.js';
import type { CampaignRow } from './csv.js';
import type { PageCheck, PageOptions } from './page.js';
import { resolveUrl, utmChanges, type Hop } from './resolve.js';

/** One criterion: passed, failed, or not checked (null) with why. */
export interface Criterion {
  ok: boolean | null;
  detail: string;
}

export interface CampaignResult {
  line: number;
  url: string;
  channel?: string;
  campaign?: string;
  hops: Hop[];
  finalUrl?: string;
  checks: { resolves: Criterion; utms: Criterion; form: Criterion; cookie: Criterion; taxonomy: Criterion };
  ok: boolean;
}

export interface CheckOptions extends Omit<PageOptions, 'cookie'> {
  cookie: string | false;
  taxonomy?: Taxonomy;
  maxRedirects: number;
  timeoutMs: number;
}

const NOT_CHECKED = (why: string): Criterion => ({ ok: null, detail: why });

export async function checkCampaigns(rows: CampaignRow[], opts: CheckOptions): Promise<CampaignResult[]> {
  const limit = pLimit(4);
  const resolved = await Promise.all(rows.map((r) => limit(() => resolveUrl(r.url, opts))));
  const reachable = rows.map((r, i) => ({ row: r, res: resolved[i] })).filter((x) => !x.res.error);
  // Loaded when a page is checked: every CLI command imports this module, and playwright-core is
  // 45–90 MB a `leadproof run` process would otherwise carry (src/forms/child.ts).
  const { checkPages } = await import('./page.js');
  const pages = await checkPages(reachable.map((x) => ({ visit: x.row.url, landing: x.res.finalUrl })), opts);
  const pageOf = new Map(reachable.map((x, i) => [x.row, pages[i]]));
  return rows.map((row, i) => {
    const res = resolved[i];
    const page = pageOf.get(row);
    const checks: CampaignResult['checks'] = {
      resolves: res.error ? { ok: false, detail: res.error } : { ok: true, detail: `${res.hops.length - 1} redirect(s) → ${res.finalUrl}` },
      utms: utmCriterion(row.url, res.error ? undefined : res.finalUrl),
      form: formCriterion(page),
      cookie: cookieCriterion(page, opts.cookie),
      taxonomy: taxonomyCriterion(row, opts.taxonomy),
    };
    const ok = Object.values(checks).every((c) => c.ok !== false);
    return { line: row.line, url: row.url, channel: row.channel, campaign: row.campaign, hops: res.hops, finalUrl: res.error ? undefined : res.finalUrl, checks, ok };
  });
}

function utmCriterion(url: string, final: string | undefined): Criterion {
  const utms = [...new URL(url).searchParams.keys()].filter((k) => k.startsWith('utm_'));
  if (utms.length === 0) return NOT_CHECKED('the URL carries no UTM parameter (the taxonomy check says whether its channel needs them)');
  if (!final) return NOT_CHECKED('the URL does not resolve');
  const { dropped, changed } = utmChanges(url, final);
  const problems = [
    dropped.length ? `the redirect drops ${dropped.join(', ')}` : '',
    ...changed.map((c) => `the redirect rewrites ${c.param} "${c.from}" → "${c.to}"`),
  ].filter(Boolean);
  return problems.length ? { ok: false, detail: `${problems.join('; ')}; attribution would be lost` } : { ok: true, detail: `${utms.length} UTM(s) kept` };
}

function formCriterion(page: PageCheck | undefined): Criterion {
  if (!page) return NOT_CHECKED('the URL does not resolve');
  if (page.error) return { ok: false, detail: `the page did not load in the browser: ${page.error}` };
  return page.formProblem ? { ok: false, detail: page.formProblem } : { ok: true, detail: page.form! };
}

function cookieCriterion(page: PageCheck | undefined, cookie: string | false): Criterion {
  if (!cookie) return NOT_CHECKED('--no-cookie');
  if (!page || page.error) return NOT_CHECKED('the page did not load');
  return page.cookie ? { ok: true, detail: `${cookie} set` } : { ok: false, detail: `the page's tracking did not set the ${cookie} cookie: leads from it would have no visitor and no source` };
}

function taxonomyCriterion(row: CampaignRow, taxonomy: Taxonomy | undefined): Criterion {
  if (!taxonomy) return NOT_CHECKED('no taxonomy');
  const params = new URL(row.url).searchParams;
  const get = (k: string) => params.get(k) ?? undefined;
  const v = checkVisit(taxonomy, { channel: row.channel, utm: { source: get('utm_source'), medium: get('utm_medium'), campaign: get('utm_campaign') }, query: Object.fromEntries(params) });
  const problems = v.problems.map((p) => `${p.param}: ${p.message}`);
  if (row.campaign && get('utm_campaign') !== undefined && get('utm_campaign') !== row.campaign) {
    problems.push(`utm_campaign: "${get('utm_campaign')}" is not the row's campaign "${row.campaign}"`);
  }
  return problems.length ? { ok: false, detail: problems.join('; ') } : { ok: true, detail: v.channel ?? 'untagged' };
}
