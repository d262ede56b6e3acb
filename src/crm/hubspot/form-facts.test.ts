import { describe, expect, it } from 'vitest';
import { createHubSpotAdapter, HUBSPOT_CORE_FIELDS } from './adapter.js';

/** What the HubSpot adapter tells the CRM-neutral stages about HubSpot's forms and sources. */
describe('HubSpot adapter: form facts', () => {
  it('paces forms below the forms API limit of 50 per 10 s', () => {
    const adapter = createHubSpotAdapter({ accessToken: 'pat-na1-x', baseUrl: 'http://127.0.0.1:9' });
    expect(adapter.formIntake).toEqual({ perTenSeconds: 40, endpoint: 'the HubSpot forms endpoint' });
  });

  it('explains an OFFLINE original source: an IP excluded in the tracking settings, or no tracking cookie', () => {
    const hint = HUBSPOT_CORE_FIELDS.valueHints?.hs_analytics_source?.OFFLINE ?? '';
    expect(hint).toMatch(/IP address excluded in the portal's tracking settings/);
    expect(hint).toMatch(/hubspotutk tracking cookie/);
  });
});
