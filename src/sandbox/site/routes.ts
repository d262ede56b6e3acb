import type { RouteFactory } from '../context.js';
import { sendText } from '../http.js';
import { framePage, indexPage, landingPage } from './pages.js';
import { redirectRoute } from './redirects.js';
import { FORM_JS, FRAME_HOST_JS, SITE_CSS, trackJs } from './scripts.js';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** The demo marketing site: one landing page per stack form, plus its scripts. */
export const siteRoutes: RouteFactory = (ctx) => {
  const { stack, stats } = ctx;
  const assets: Record<string, [string, string]> = {
    '/assets/track.js': [JS, trackJs({ dropsFirstTouch: stack.trackingDropsFirstTouch })],
    '/assets/form.js': [JS, FORM_JS],
    '/assets/frame-host.js': [JS, FRAME_HOST_JS],
    '/assets/site.css': ['text/css; charset=utf-8', SITE_CSS],
  };
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (redirectRoute(req, res, url)) return true;
    const asset = assets[path];
    if (asset) {
      sendText(res, 200, asset[0], asset[1]);
      return true;
    }
    if (path === '/') {
      stats.count('site:page');
      sendText(res, 200, HTML, indexPage(stack));
      return true;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return true;
    }
    for (const form of stack.forms) {
      if (path === form.page) {
        stats.count('site:page');
        sendText(res, 200, HTML, landingPage(stack, form, ctx.baseUrl()));
        return true;
      }
      if (path === `${form.page}/frame`) {
        sendText(res, 200, HTML, framePage(stack, form, ctx.baseUrl()));
        return true;
      }
    }
    return false;
  };
};
