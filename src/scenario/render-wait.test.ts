import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { resolveForm } from './plan.js';
import { DEFAULT_FORM_RENDER_MS, formRenderMs } from './render-wait.js';

describe('form render wait', () => {
  it('defaults, reads LEADPROOF_FORM_RENDER_MS, and refuses a malformed value naming it (exit 2)', () => {
    expect(formRenderMs({})).toBe(DEFAULT_FORM_RENDER_MS);
    expect(formRenderMs({ LEADPROOF_FORM_RENDER_MS: '30000' })).toBe(30_000);
    expect(() => formRenderMs({ LEADPROOF_FORM_RENDER_MS: '20s' })).toThrow(ConfigError);
    expect(() => formRenderMs({ LEADPROOF_FORM_RENDER_MS: '20s' })).toThrow(/LEADPROOF_FORM_RENDER_MS: "20s" must be a whole number of milliseconds/);
  });

  it('a form profile\'s renderWait wins over the default', () => {
    const profile = { url: '/demo', fields: { email: 'Email' } };
    expect(resolveForm('demo', { ...profile, renderWait: '40s' }, 'hubspot', 'http://x.test').renderWaitMs).toBe(40_000);
    expect(resolveForm('demo', profile, 'hubspot', 'http://x.test').renderWaitMs).toBe(DEFAULT_FORM_RENDER_MS);
  });
});
