import { describe, expect, it } from 'vitest';
import { attribute } from './attribution.js';

const view = (query: string, referrer = '') => ({ url: `http://127.0.0.1:1/demo${query}`, referrer, at: 0 });

describe('attribute', () => {
  it.each([
    ['?utm_source=google&utm_medium=cpc&utm_campaign=c', '', 'PAID_SEARCH'],
    ['?utm_source=bing&utm_medium=ppc', '', 'PAID_SEARCH'],
    // "paid_search" contains none of adword/ppc/cpc: HubSpot calls it another campaign.
    ['?utm_medium=paid_search', '', 'OTHER_CAMPAIGNS'],
    ['?utm_source=linkedin&utm_medium=paid_social', '', 'PAID_SOCIAL'],
    ['?utm_source=twitter&utm_medium=social', '', 'SOCIAL_MEDIA'],
    ['?utm_source=newsletter&utm_medium=email', '', 'EMAIL_MARKETING'],
    ['?utm_source=partnerco&utm_medium=partner', '', 'OTHER_CAMPAIGNS'],
    ['?utm_campaign=only', 'https://partner.example/', 'OTHER_CAMPAIGNS'],
    ['', 'https://www.google.com/', 'ORGANIC_SEARCH'],
    ['', 'https://www.bing.com/search?q=x', 'ORGANIC_SEARCH'],
    ['', 'https://duckduckgo.com/', 'ORGANIC_SEARCH'],
    ['', 'https://partner-agency.example/blog', 'REFERRALS'],
    ['', '', 'DIRECT_TRAFFIC'],
  ])('%s with referrer %s → %s', (query, referrer, source) => {
    expect(attribute(view(query, referrer), 'demo-request').source).toBe(source);
  });

  // Where HubSpot's ordered, contains-matching rules differ from a plain utm_medium lookup.
  it.each([
    ['paid medium + social network source is paid social, before paid search', '?utm_source=facebook&utm_medium=cpc', '', 'PAID_SOCIAL'],
    ['paid medium + social referrer', '?utm_source=partner&utm_medium=paid', 'https://m.facebook.com/', 'PAID_SOCIAL'],
    ['"paidsocial" anywhere in source or medium', '?utm_source=meta&utm_medium=paidsocial-retarget', '', 'PAID_SOCIAL'],
    ['a gclid ad click without UTMs', '?gclid=EAIaIQobChMIx9v4kLyZ8wIVDOJ3Ch0', '', 'PAID_SEARCH'],
    ['a gclid beats an organic referrer', '?gclid=EAIaIQobChMIx9v4kLyZ8wIVDOJ3Ch0', 'https://www.google.com/', 'PAID_SEARCH'],
    ['a malformed gclid is ignored', '?gclid=x', '', 'DIRECT_TRAFFIC'],
    ['the source parameter with cpc', '?source=adwords', '', 'PAID_SEARCH'],
    ['UTMs arriving from google.com', '?utm_source=brand&utm_medium=banner', 'https://www.google.com/', 'PAID_SEARCH'],
    ['"cpc" in the campaign', '?utm_source=partnerco&utm_medium=partner&utm_campaign=co-cpc-test', '', 'PAID_SEARCH'],
    ['"email" in the campaign', '?utm_source=partnerco&utm_medium=newsletter&utm_campaign=nov-email-digest', '', 'EMAIL_MARKETING'],
    ['"email" inside the medium', '?utm_source=crm&utm_medium=emailblast', '', 'EMAIL_MARKETING'],
    ['medium social but no social network is another campaign', '?utm_source=newsletter&utm_medium=social', '', 'OTHER_CAMPAIGNS'],
    ['medium social from a social referrer', '?utm_source=promo&utm_medium=social', 'https://t.co/abc', 'SOCIAL_MEDIA'],
    ['a social referrer without UTMs is organic social', '', 'https://www.linkedin.com/feed/', 'SOCIAL_MEDIA'],
    ['a webmail referrer is direct, not organic search', '', 'https://mail.google.com/mail/u/0/', 'DIRECT_TRAFFIC'],
    ['an Outlook web referrer is direct', '', 'https://outlook.live.com/mail/0/inbox', 'DIRECT_TRAFFIC'],
    ['Yahoo search is organic search', '', 'https://search.yahoo.com/search?p=x', 'ORGANIC_SEARCH'],
    ['an internal referrer is as good as none', '', 'http://127.0.0.1:1/pricing', 'DIRECT_TRAFFIC'],
  ])('%s', (_, query, referrer, source) => {
    expect(attribute(view(query, referrer), 'demo-request').source).toBe(source);
  });

  it('gives drill-downs: utm source/campaign, search engine host, referrer host', () => {
    expect(attribute(view('?utm_source=google&utm_medium=cpc&utm_campaign=q4'), 'f')).toEqual({ source: 'PAID_SEARCH', data1: 'google', data2: 'q4' });
    expect(attribute(view('', 'https://www.bing.com/search'), 'f').data1).toBe('www.bing.com');
    expect(attribute(view('', 'https://partner.example/x'), 'f')).toMatchObject({ data1: 'partner.example', data2: 'https://partner.example/x' });
    expect(attribute(undefined, 'ebook')).toEqual({ source: 'OFFLINE', data1: 'FORM', data2: 'ebook' });
    expect(attribute(view('', 'https://www.linkedin.com/feed/'), 'f')).toMatchObject({ data1: 'www.linkedin.com' });
    expect(attribute(view('', 'https://mail.google.com/mail/u/0/'), 'f')).toMatchObject({ data1: 'http://127.0.0.1:1/demo' });
  });
});
