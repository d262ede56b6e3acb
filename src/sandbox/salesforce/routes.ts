/**
 * The Salesforce side of the sandbox, registered with one line in src/sandbox/modules.ts:
 * the REST API (/services/data/...), the Web-to-Lead servlet and the /sf/... form pages, all
 * over `ctx.engines.salesforce`.
 */
import type { RouteFactory, SandboxContext } from '../context.js';
import { readBody, sendJson, sendText } from '../http.js';
import { issueToken } from './oauth.js';
import { thanksPage, webToLeadFramePage, webToLeadPage, w2lJs } from './form-page.js';
import { SalesforceOrg } from './org.js';
import { restRoutes } from './rest-routes.js';
import { METADATA_SOAP_PATH, metadataSoap } from './metadata-soap.js';
import { oversizedRequest } from './request-limits.js';

/** API version the sandbox advertises and the harness uses by default. */
export const SANDBOX_SF_VERSION = '62.0';

const HTML = 'text/html; charset=utf-8';
const orgs = new WeakMap<SandboxContext, SalesforceOrg>();

/** The one org view per sandbox (routes, pages and the handle share it). */
export function orgFor(ctx: SandboxContext): SalesforceOrg {
  let org = orgs.get(ctx);
  if (!org) orgs.set(ctx, (org = new SalesforceOrg(ctx.engines.salesforce, ctx.stack)));
  return org;
}

/** What `SandboxHandle.salesforce` carries: enough for `new jsforce.Connection(...)`. */
export function salesforceHandle(ctx: SandboxContext): { instanceUrl: string; accessToken: string; orgId: string; version: string; webToLead: { dailyLimit: number; windowMs: number } } {
  const org = orgFor(ctx);
  const { webToLeadDailyLimit: dailyLimit, webToLeadWindowMs: windowMs } = org.model.settings;
  // The org's Web-to-Lead limit is configuration the harness is told, as an admin would tell it.
  return { instanceUrl: ctx.baseUrl(), accessToken: org.accessToken, orgId: org.orgId, version: SANDBOX_SF_VERSION, webToLead: { dailyLimit, windowMs } };
}

export const salesforceRoutes: RouteFactory = (ctx) => {
  const org = orgFor(ctx);
  const rest = restRoutes(org);
  return async (req, res, url) => {
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') {
      const answer = issueToken(org, new URLSearchParams(await readBody(req)), ctx.baseUrl());
      sendJson(res, answer.status, answer.body);
      return true;
    }
    if (url.pathname.startsWith('/services/')) {
      ctx.stats.count('salesforce:api');
      ctx.stats.count(`salesforce:method:${req.method ?? "GET"}`); // read-only commands are proven by no non-GET here
      const oversized = oversizedRequest(req);
      if (oversized) {
        ctx.stats.count(`salesforce:api:${oversized.status}`);
        return sendText(res, oversized.status, HTML, oversized.html), true;
      }
      if (METADATA_SOAP_PATH.test(url.pathname) && req.method === 'POST') return await metadataSoap(org, req, res), true;
      return rest(req, res, url);
    }
    if (url.pathname === '/servlet/servlet.WebToLead' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const outcome = org.webToLead(form);
      ctx.stats.count(`salesforce:web-to-lead:${outcome.kind}`);
      // Salesforce answers every post the same way: a page that sends the browser to retURL.
      const ret = form.get('retURL');
      const safe = ret && /^https?:\/\//.test(ret) ? ret.replace(/"/g, '%22') : null;
      sendText(res, 200, HTML, safe ? `<html><head><meta http-equiv="Refresh" content="0; URL=${safe}"></head><body></body></html>` : '<html><body></body></html>');
      return true;
    }
    if (!url.pathname.startsWith('/sf/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const path = url.pathname.slice(3).replace(/\/+$/, '') || '/';
    if (path === '/assets/w2l.js') return sendText(res, 200, 'text/javascript; charset=utf-8', w2lJs({ dropsFirstTouch: ctx.stack.trackingDropsFirstTouch })), true;
    if (path === '/thanks') return sendText(res, 200, HTML, thanksPage(ctx.stack, url.searchParams.get('form'))), true;
    for (const form of ctx.stack.forms) {
      if (path === form.page) {
        ctx.stats.count('site:page');
        return sendText(res, 200, HTML, webToLeadPage(org, form, ctx.baseUrl())), true;
      }
      if (path === `${form.page}/frame`) return sendText(res, 200, HTML, webToLeadFramePage(org, form, ctx.baseUrl())), true;
    }
    return false;
  };
};
