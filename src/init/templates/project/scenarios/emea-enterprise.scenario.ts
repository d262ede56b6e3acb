import { defineScenario } from 'leadproof';

/** One synthetic lead per routing branch: a German enterprise demo request from LinkedIn ads. */
export default defineScenario({
  name: 'EMEA enterprise demo request from LinkedIn ads',
  form: 'demo-request',
  channel: 'paid-social',
  branch: 'EMEA × enterprise',
  utm: { source: 'linkedin', medium: 'paid_social', campaign: 'q4-emea-enterprise' },
  lead: { country: 'DE', employees: 2500, title: 'VP Marketing' },
  expect: {
    fields: { utm_source: 'linkedin', utm_campaign: 'q4-emea-enterprise', source: 'PAID_SOCIAL' },
    lifecycle: ['lead', 'marketingqualifiedlead'],
    owner: { team: 'EMEA Enterprise' },
    within: '30s',
  },
});
