import type { RouteFactory } from './context.js';
import { hubspotRoutes } from './hubspot/routes.js';
import { salesforceRoutes } from './salesforce/routes.js';
import { siteRoutes } from './site/routes.js';

/**
 * Route modules in dispatch order; the first that answers wins. The Salesforce org view adds
 * itself here with one line (`salesforceRoutes` from ./salesforce/routes.js), reading
 * `ctx.engines.salesforce`, which startSandbox already creates.
 */
export const routeFactories: RouteFactory[] = [hubspotRoutes, salesforceRoutes, siteRoutes];
