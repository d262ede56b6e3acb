import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { checkSiteUrl, wholeNumber } from './input.js';

describe('run input checks', () => {
  it('wholeNumber accepts whole numbers from its minimum and nothing else', () => {
    const workers = wholeNumber(1, 'workers');
    expect(workers('4')).toBe(4);
    for (const bad of ['0', '-1', 'abc', '2.5', '3x', '', '1e3']) expect(() => workers(bad), bad).toThrow(InvalidArgumentError);
    expect(wholeNumber(0, 'seed')('0')).toBe(0);
  });

  it('a site URL needs an http(s) scheme; the message names where it came from', () => {
    expect(checkSiteUrl('https://www.acme.com', {})).toBe('https://www.acme.com');
    expect(checkSiteUrl(undefined, { LEADPROOF_SITE_URL: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
    expect(checkSiteUrl(undefined, { LEADPROOF_SITE_URL: '' })).toBeNull();
    expect(() => checkSiteUrl('www.acme.com', {})).toThrow('command line: --site: "www.acme.com" is not an absolute http(s) URL; give the scheme too, such as https://www.acme.com.');
    expect(() => checkSiteUrl(undefined, { LEADPROOF_SITE_URL: 'ftp://acme.com' })).toThrow(/environment: LEADPROOF_SITE_URL: "ftp:\/\/acme\.com"/);
    expect(() => checkSiteUrl('www.acme.com:8080/x', {})).toThrow(ConfigError);
  });
});
