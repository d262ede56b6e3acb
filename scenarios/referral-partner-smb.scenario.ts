import { defineScenario } from '../src/index.js';

/** A small company sent by a partner's blog: SMB leads rotate through the round-robin pool. */
export default defineScenario({
  name: 'SMB demo request referred by a partner blog',
  form: 'demo-request',
  channel: 'referral',
  branch: 'SMB round-robin',
  edge: ['round-robin'],
  referrer: 'https://partner-agency.example/blog/funnel-testing',
  lead: { country: 'GB', employees: 40 },
  expect: {
    fields: { source: 'REFERRALS', source_detail: 'partner-agency.example' },
    lifecycle: ['lead', 'marketingqualifiedlead'],
    owner: {
      oneOf: ['priya.nair@acme-funnel.example', 'liam.obrien@acme-funnel.example', 'emma.wilson@acme-funnel.example'],
    },
    within: '30s',
  },
});
