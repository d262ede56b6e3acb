/**
 * Visitor tracking and original-source attribution, modelled on HubSpot's.
 *
 * The site's tracking script sets a first-party `hubspotutk` cookie and sends a page-view
 * beacon; the first page view of that visitor (URL with UTMs, referrer) decides the source.
 * No hutk, or a hutk never seen by the beacon → OFFLINE (data_1 FORM, data_2 form id): the same
 * value HubSpot gives a submission from an IP excluded in the portal's tracking settings.
 *
 * Otherwise HubSpot's published rules, first match wins, every "contains" a case-insensitive
 * substring test (knowledge base, "Understand HubSpot's traffic sources in the web traffic
 * analysis tool", "How traffic is categorized into each source", updated 2025):
 *   1 utm_medium is "social" and utm_source is exactly a social network,
 *     or utm_medium is "social" and the referrer is a social site             → SOCIAL_MEDIA
 *   2 the `source` parameter contains adword | ppc | cpc                       → PAID_SEARCH
 *   3 a (well-formed) `gclid` parameter                                        → PAID_SEARCH
 *   4 utm_medium contains paid | ppc | cpc and utm_source is exactly a social
 *     network or the referrer is a social site; or utm_source/utm_medium
 *     contains "paidsocial"                                                    → PAID_SOCIAL
 *   5 any utm_source/medium/campaign and the referring domain is google.com    → PAID_SEARCH
 *   6 utm_source/medium/campaign contains adword | ppc | cpc                    → PAID_SEARCH
 *   7 utm_source/medium/campaign or `source` contains "email"                  → EMAIL_MARKETING
 *   8 any utm_source/medium/campaign or `source`                               → OTHER_CAMPAIGNS
 *   9 referrer is a social site                                                → SOCIAL_MEDIA
 *  10 referrer is a webmail domain or RSS reader                               → DIRECT_TRAFFIC
 *  11 referrer is a search engine                                              → ORGANIC_SEARCH
 *  12 referrer is the site itself (internal)                                   → as if none
 *  13 any other referrer                                                       → REFERRALS
 *  14 nothing                                                                  → DIRECT_TRAFFIC
 * Drill-downs: campaigns give utm_source (or `source`) and utm_campaign; referrers give the
 * referring host (and URL for referrals); direct gives the first page URL.
 *
 * Original and latest: "The Original source property tells you the first known source through
 * which a contact interacted with your business. The Latest source property shows the most recent
 * known source" (knowledge base, "Understand Original and Latest source properties"); earlier
 * tracked visits of the same cookie count once the form passes it ("Contact's 'Original source'
 * value changed": "the source of the contact's earliest visit to your site"). So the same rules
 * run on the visitor's first page view (hs_analytics_source*) and on its latest (hs_latest_source*).
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

/** utm_source values HubSpot recognises as a social network (an exact match is required). */
const SOCIAL_NETWORKS = new Set(['facebook', 'instagram', 'linkedin', 'twitter', 'x', 'youtube', 'pinterest', 'reddit', 'tiktok', 'snapchat', 'xing']);
const SOCIAL_SITES = ['facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'lnkd.in', 'twitter.com', 't.co', 'x.com', 'youtube.com', 'pinterest.com', 'reddit.com', 'tiktok.com', 'snapchat.com', 'xing.com'];
const MAIL_SITES = ['mail.google.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'mail.yahoo.com', 'mail.aol.com', 'mail.proton.me', 'feedly.com', 'inoreader.com'];
const SEARCH_ENGINES = /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia)\.[a-z.]+$/;
/** A Google click id is URL-safe base64 of some length; HubSpot ignores one that is not. */
const GCLID = /^[A-Za-z0-9_-]{20,}$/;

const PAID_MEDIUM = /paid|ppc|cpc/;
const PAID_SEARCH_WORD = /adword|ppc|cpc/;

export function attribute(firstView: PageView | undefined, formId: string): Attribution {
  if (!firstView) return { source: 'OFFLINE', data1: 'FORM', data2: formId };
  let url: URL;
  try {
    url = new URL(firstView.url);
  } catch {
    return { source: 'DIRECT_TRAFFIC', data1: firstView.url, data2: null };
  }
  const q = url.searchParams;
  const get = (k: string) => (q.get(k) ?? '').toLowerCase();
  const [source, medium, campaign, plainSource] = [get('utm_source'), get('utm_medium'), get('utm_campaign'), get('source')];
  const utms = [source, medium, campaign].filter(Boolean);
  const refHost = hostOf(firstView.referrer);
  const refSocial = refHost !== null && onSite(refHost, SOCIAL_SITES);
  const drill = { data1: q.get('utm_source') ?? q.get('source'), data2: q.get('utm_campaign') };

  if (medium === 'social' && (SOCIAL_NETWORKS.has(source) || refSocial)) return { source: 'SOCIAL_MEDIA', ...drill };
  if (PAID_SEARCH_WORD.test(plainSource)) return { source: 'PAID_SEARCH', ...drill };
  if (GCLID.test(q.get('gclid') ?? '')) return { source: 'PAID_SEARCH', ...drill };
  if ((PAID_MEDIUM.test(medium) && (SOCIAL_NETWORKS.has(source) || refSocial)) || [source, medium].some((v) => v.includes('paidsocial'))) {
    return { source: 'PAID_SOCIAL', ...drill };
  }
  if (utms.length > 0 && (refHost === 'google.com' || refHost === 'www.google.com')) return { source: 'PAID_SEARCH', ...drill };
  if (utms.some((v) => PAID_SEARCH_WORD.test(v))) return { source: 'PAID_SEARCH', ...drill };
  if ([...utms, plainSource].some((v) => v.includes('email'))) return { source: 'EMAIL_MARKETING', ...drill };
  if (utms.length > 0 || plainSource) return { source: 'OTHER_CAMPAIGNS', ...drill };

  const direct: Attribution = { source: 'DIRECT_TRAFFIC', data1: `${url.origin}${url.pathname}`, data2: null };
  if (!refHost || refHost === url.hostname.toLowerCase()) return direct;
  if (refSocial) return { source: 'SOCIAL_MEDIA', data1: refHost, data2: null };
  if (onSite(refHost, MAIL_SITES) || /^(web)?mail\./.test(refHost)) return direct;
  if (SEARCH_ENGINES.test(refHost)) return { source: 'ORGANIC_SEARCH', data1: refHost, data2: null };
  return { source: 'REFERRALS', data1: refHost, data2: firstView.referrer };
}

/** The host is one of the sites or a subdomain of one (m.facebook.com, uk.linkedin.com). */
function onSite(host: string, sites: string[]): boolean {
  return sites.some((d) => host === d || host.endsWith(`.${d}`));
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
