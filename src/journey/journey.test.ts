import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadProject } from '../scenario/load.js';
import { journeyWaitMs, planTouches } from './index.js';

describe('planTouches', () => {
  it('opens the form landing page by default, a relative url against the site, with each visit\'s UTMs and referrer', () => {
    const touches = planTouches([
      { visit: { utm: { source: 'linkedin', medium: 'paid_social' } }, wait: '2s' },
      { wait: '1m' },
      { visit: { url: '/blog/post', referrer: 'https://www.google.com/', query: { gclid: 'abc' } } },
    ], 'http://127.0.0.1:9/sf/demo', 'http://127.0.0.1:9');
    expect(touches).toEqual([
      { url: 'http://127.0.0.1:9/sf/demo?utm_source=linkedin&utm_medium=paid_social', referrer: undefined, waitMs: 2000 },
      { waitMs: 60_000 },
      { url: 'http://127.0.0.1:9/blog/post?gclid=abc', referrer: 'https://www.google.com/', waitMs: 0 },
    ]);
    expect(journeyWaitMs(touches)).toBe(62_000);
    expect(planTouches(undefined, 'http://x/demo', 'http://x')).toEqual([]);
  });
});

describe('journey in a scenario file', () => {
  const CONFIG = 'forms:\n  demo: { url: /demo, fields: { email: Email } }\n';

  it('is accepted, and a bad step is named by file and field with the fix', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-journey-'));
    writeFileSync(path.join(dir, 'leadproof.config.yaml'), CONFIG);
    writeFileSync(path.join(dir, 'ok.scenario.yaml'), 'name: Ok\nform: demo\njourney:\n  - visit: { utm: { source: linkedin } }\n    wait: 2s\nexpect: {}\n');
    expect((await loadProject({ scenarios: dir, cwd: dir })).scenarios[0].input.journey).toEqual([{ visit: { utm: { source: 'linkedin' } }, wait: '2s' }]);
    writeFileSync(path.join(dir, 'bad.scenario.yaml'), [
      'name: Bad', 'form: demo', 'journey:', '  - wait: soon', '  - {}', '  - visit: { referrer: google, utm: { sorce: x } }', '  - wait: 2h', 'expect: {}', '',
    ].join('\n'));
    const err = (await loadProject({ scenarios: dir, cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    const issues = err.issues.map((i) => `${i.file}: ${i.field}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining([
      'bad.scenario.yaml: journey.0.wait: must be a duration of at most 10m such as "2s" or "1m"',
      expect.stringMatching(/^bad\.scenario\.yaml: journey\.1: a journey step needs a visit, a wait, or both/),
      'bad.scenario.yaml: journey.2.visit.referrer: must be a full URL such as https://www.google.com/',
      expect.stringMatching(/^bad\.scenario\.yaml: journey\.2\.visit\.utm\.sorce: is not a field leadproof knows here/),
      'bad.scenario.yaml: journey.3.wait: must be a duration of at most 10m such as "2s" or "1m"',
    ]));
  });
});

