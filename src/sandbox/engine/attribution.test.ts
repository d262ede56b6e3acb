import { describe, expect, it } from 'vitest';
import { attribute } from './attribution.js';

const view = (query: string, referrer = '') => ({ url: `http://127.0.0.1:1/demo${query}`, referrer, at: 0 });

describe('attribute', () => {
  it.each([
    ['?utm_source=google&utm_medium=cpc&utm_campaign=c', '', 'PAID_SEARCH'],
    ['?utm_source=bing&utm_medium=ppc', '', 'PAID_SEARCH'],
    ['?utm_medium=paid_search', '', 'PAID_SEARCH'],
    ['?utm_source=linkedin&utm_medium=paid_social', '', 'PAID_SOCIAL'],
    ['?utm_source=twitter&utm_medium=social', '', 'SOCIAL_MEDIA'],
    ['?utm_source=newsletter&utm_medium=email', '', 'EMAIL_MARKETING'],
    ['?utm_source=partnerco&utm_medium=partner', '', 'OTHER_CAMPAIGNS'],
    ['?utm_campaign=only', 'https://www.google.com/', 'OTHER_CAMPAIGNS'],
    ['', 'https://www.google.com/', 'ORGANIC_SEARCH'],
    ['', 'https://www.bing.com/search?q=x', 'ORGANIC_SEARCH'],
    ['', 'https://duckduckgo.com/', 'ORGANIC_SEARCH'],
    ['', 'https://partner-agency.example/blog', 'REFERRALS'],
    ['', '', 'DIRECT_TRAFFIC'],
  ])('%s with referrer %s → %s', (query, referrer, source) => {
    expect(attribute(view(query, referrer), 'demo-request').source).toBe(source);
  });

  it('gives drill-downs: utm source/campaign, search engine host, referrer host', () => {
    expect(attribute(view('?utm_source=google&utm_medium=cpc&utm_campaign=q4'), 'f')).toEqual({ source: 'PAID_SEARCH', data1: 'google', data2: 'q4' });
    expect(attribute(view('', 'https://www.bing.com/search'), 'f').data1).toBe('www.bing.com');
    expect(attribute(view('', 'https://partner.example/x'), 'f')).toMatchObject({ data1: 'partner.example', data2: 'https://partner.example/x' });
    expect(attribute(undefined, 'ebook')).toEqual({ source: 'OFFLINE', data1: 'FORM', data2: 'ebook' });
  });
});
