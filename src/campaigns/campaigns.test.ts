import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseCampaignCsv, utmChanges } from './index.js';

const issues = (text: string) => {
  try {
    parseCampaignCsv(text, 'c.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).exitCode).toBe(2);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
};

describe('campaign CSV', () => {
  it('reads URL, channel and campaign by header, whatever the case, ignoring other columns', () => {
    expect(parseCampaignCsv('Campaign Name,Final URL,Clicks,Channel\nq4-na,https://a.example/demo?utm_source=google,12,paid-search\nx,https://a.example/b,3,\n', 'c.csv')).toEqual([
      { line: 2, url: 'https://a.example/demo?utm_source=google', channel: 'paid-search', campaign: 'q4-na' },
      { line: 3, url: 'https://a.example/b', channel: undefined, campaign: 'x' },
    ]);
  });

  it('names the line and the column of every bad row, a missing URL column, broken CSV, an empty list', () => {
    expect(issues('URL,channel\n,email\nnot a url,email\n')).toEqual([
      { file: 'c.csv:2', field: 'URL', message: 'is empty; every row needs the campaign URL.' },
      { file: 'c.csv:3', field: 'URL', message: '"not a url" is not an absolute http(s) URL; write it as the ad links to it, e.g. https://www.acme.com/demo?utm_source=google.' },
    ]);
    expect(issues('link,channel\nhttps://x.example/,email\n')[0]).toMatchObject({ file: 'c.csv:1', field: 'URL', message: expect.stringContaining('no URL column (the header has: link, channel)') });
    expect(issues('URL,channel\n"https://x.example/,email\n')[0]).toMatchObject({ file: 'c.csv:2', message: expect.stringMatching(/^is not valid CSV: Quote Not Closed/) });
    expect(issues('URL,channel\n')[0].message).toMatch(/lists no URL/);
  });
});

describe('utmChanges', () => {
  it('tells dropped from rewritten UTMs and ignores other parameters', () => {
    expect(utmChanges('https://a/x?utm_source=google&utm_medium=cpc&utm_campaign=q4&gclid=1', 'https://a/y?utm_source=Google&utm_campaign=q4')).toEqual({
      dropped: ['utm_medium'],
      changed: [{ param: 'utm_source', from: 'google', to: 'Google' }],
    });
  });
});
