/** `leadproof campaigns`: campaign URLs checked before go-live (redirects, UTMs, form, cookie, taxonomy), no lead created. */
export { parseCampaignCsv, type CampaignRow } from './csv.js';
export { resolveUrl, utmChanges, type Hop, type Resolution } from './resolve.js';
export { checkCampaigns, type CampaignResult, type CheckOptions, type Criterion } from './check.js';
export { campaignsReport, consoleLines, markdown, writeCampaignsReport, CAMPAIGNS_SCHEMA, type CampaignsReport } from './report.js';
