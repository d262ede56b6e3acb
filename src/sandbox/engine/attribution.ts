/**
 * Visitor tracking and original-source attribution, modelled on HubSpot's.
 *
 * The site's tracking script sets a first-party `hubspotutk` cookie and sends a page-view
 * beacon; the first page view of that visitor (URL with UTMs, referrer) decides the source.
 *
 * Mapping (first match wins):
 *   no hutk, or a hutk never seen by the beacon      → OFFLINE          (data_1 FORM, data_2 form id)
 *   utm_medium cpc | ppc | paid_search               → PAID_SEARCH      (data_1 utm_source, data_2 utm_campaign)
 *   utm_medium paid_social                           → PAID_SOCIAL      (same drill-down)
 *   utm_medium social                                → SOCIAL_MEDIA     (same drill-down)
 *   utm_medium email                                 → EMAIL_MARKETING  (same drill-down)
 *   any other utm_* present                          → OTHER_CAMPAIGNS  (same drill-down)
 *   no utm, referrer host google./bing./duckduckgo.  → ORGANIC_SEARCH   (data_1 engine host)
 *   no utm, any other referrer                       → REFERRALS        (data_1 referrer host, data_2 referrer URL)
 *   no utm, no referrer                              → DIRECT_TRAFFIC   (data_1 first page URL)
 */

export type AnalyticsSource =
  | 'PAID_SEARCH'
  | 'PAID_SOCIAL'
  | 'SOCIAL_MEDIA'
  | 'EMAIL_MARKETING'
  | 'OTHER_CAMPAIGNS'
  | 'ORGANIC_SEARCH'
  | 'REFERRALS'
  | 'DIRECT_TRAFFIC'
  | 'OFFLINE';

export interface PageView {
  url: string;
  referrer: string;
  at: number;
}

export interface Attribution {
  source: AnalyticsSource;
  data1: string | null;
  data2: string | null;
}

const SEARCH_ENGINES = /(^|\.)(google|bing|duckduckgo)\./;

export function attribute(firstView: PageView | undefined, formId: string): Attribution {
  if (!firstView) return { source: 'OFFLINE', data1: 'FORM', data2: formId };
  let url: URL;
  try {
    url = new URL(firstView.url);
  } catch {
    return { source: 'DIRECT_TRAFFIC', data1: firstView.url, data2: null };
  }
  const q = url.searchParams;
  const medium = (q.get('utm_medium') ?? '').toLowerCase();
  const hasUtm = [...q.keys()].some((k) => k.startsWith('utm_'));
  const drill = { data1: q.get('utm_source'), data2: q.get('utm_campaign') };
  if (['cpc', 'ppc', 'paid_search'].includes(medium)) return { source: 'PAID_SEARCH', ...drill };
  if (medium === 'paid_social') return { source: 'PAID_SOCIAL', ...drill };
  if (medium === 'social') return { source: 'SOCIAL_MEDIA', ...drill };
  if (medium === 'email') return { source: 'EMAIL_MARKETING', ...drill };
  if (hasUtm) return { source: 'OTHER_CAMPAIGNS', ...drill };
  const refHost = hostOf(firstView.referrer);
  if (refHost && SEARCH_ENGINES.test(refHost)) return { source: 'ORGANIC_SEARCH', data1: refHost, data2: null };
  if (refHost) return { source: 'REFERRALS', data1: refHost, data2: firstView.referrer };
  return { source: 'DIRECT_TRAFFIC', data1: `${url.origin}${url.pathname}`, data2: null };
}

function hostOf(ref: string): string | null {
  if (!ref) return null;
  try {
    return new URL(ref).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Page views per visitor token (hutk). Only the first and the latest matter for attribution. */
export class VisitorLog {
  private readonly visitors = new Map<string, { first: PageView; latest: PageView }>();

  record(hutk: string, view: PageView): void {
    const v = this.visitors.get(hutk);
    if (v) v.latest = view;
    else this.visitors.set(hutk, { first: view, latest: view });
  }

  get(hutk: string | undefined): { first: PageView; latest: PageView } | undefined {
    return hutk ? this.visitors.get(hutk) : undefined;
  }
}
