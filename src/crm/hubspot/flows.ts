/**
 * The portal's workflows, for routing coverage: Automation v4 `GET /automation/v4/flows`
 * (developers.hubspot.com/docs/api-reference/legacy/automation/workflows/get-workflows), paged by
 * `after`. The SDK (13.x/14.x) has no client for it, so it goes through `Client.apiRequest`, the
 * SDK's own HTTP. Property history names the workflow that made a change by this id
 * (`sourceType: AUTOMATION_PLATFORM`, `sourceId`), so leads are attributed by history.
 *
 * Only contact workflows (objectTypeId 0-1) count. A token without the `automation` scope answers
 * 403 MISSING_SCOPES: that is reported as such, never guessed around.
 */
import type { AutomationInfo, AutomationList } from '../adapter.js';
import type { HubSpotApis } from './client.js';

type Call = <T>(kind: string, fn: () => Promise<T>) => Promise<T>;

interface FlowsPage {
  results?: { id: string; name?: string; isEnabled?: boolean; objectTypeId?: string; flowType?: string }[];
  paging?: { next?: { after?: string } };
}

const CONTACT = '0-1';
/** Pages read at most (100 flows each): a portal with more is listed in part, said in the name of none. */
const MAX_PAGES = 20;

export async function listHubSpotFlows(apis: HubSpotApis, call: Call): Promise<AutomationList> {
  const automations: AutomationInfo[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call('flows', async () => {
      const res = await apis.request({ method: 'GET', path: '/automation/v4/flows', qs: { limit: '100', ...(after ? { after } : {}) } });
      const text = await res.text();
      const body = parse(text);
      if (res.status === 403 && (body as { category?: string } | undefined)?.category === 'MISSING_SCOPES') return { denied: body as { message?: string } };
      // Shaped like the SDK's ApiException so the budget classifies it (429 waits, 5xx retries).
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status} from GET /automation/v4/flows`), { code: res.status, body, headers: Object.fromEntries(res.headers.entries()) });
      return { page: body as FlowsPage };
    });
    if ('denied' in answer) {
      return {
        status: 'missing-scope', scope: 'automation',
        message: `HubSpot refused the workflows list (403 MISSING_SCOPES): the token lacks the automation scope. Add "automation" to the Service Key (or private app) to see which workflows no scenario reached.`,
      };
    }
    for (const f of answer.page.results ?? []) {
      if (f.objectTypeId !== undefined && f.objectTypeId !== CONTACT) continue;
      automations.push({ id: String(f.id), name: f.name ?? `workflow ${f.id}`, enabled: f.isEnabled !== false, kind: 'workflow' });
    }
    after = answer.page.paging?.next?.after;
    if (!after) break;
  }
  return { status: 'listed', automations, attribution: 'history' };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
