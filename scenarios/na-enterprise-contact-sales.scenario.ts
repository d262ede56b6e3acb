import { defineScenario } from '../src/index.js';

/** The NA enterprise branch via the two-step form: a named owner within a tight SLA. */
export default defineScenario({
  name: 'Canadian enterprise sales contact from an email nurture',
  form: 'contact-sales',
  channel: 'email',
  branch: 'NA × enterprise',
  utm: { source: 'hs_email', medium: 'email', campaign: 'na-enterprise-nurture' },
  lead: { country: 'CA', employees: 4000, title: 'CMO' },
  expect: {
    fields: { source: 'EMAIL_MARKETING', utm_medium: 'email' },
    lifecycle: ['lead', 'marketingqualifiedlead'],
    owner: { email: 'jake.miller@acme-funnel.example' },
    within: '20s',
  },
});
