import { FALLBACK_WORKFLOW_ID, reassignWorkflowId, routingWorkflowId } from './automations.js';
import type { Assign, Stack, StackOwner } from './stack-schema.js';

/** Where routing sends a lead: a user (by stack owner) or a queue (Salesforce only). */
export type OwnerRef = { kind: 'user'; owner: StackOwner } | { kind: 'queue'; queue: string };

export interface RoutingDecision {
  /** Rule name, or "fallback". */
  rule: string;
  /** The rule's workflow id, recorded as the author of the owner change in field history. */
  workflowId: string;
  target: OwnerRef;
  delayMs: number;
  /** A second rule that reassigns the lead `delayMs` after this decision's assignment. */
  reassign?: Omit<RoutingDecision, 'reassign'>;
}


export interface RoutingFacts {
  country: string | null;
  employees: number | null;
  website: string | null;
  form: string;
}

/**
 * A country arrives as an ISO code (plain forms, Web-to-Lead) or as its English name (HubSpot's
 * embedded country list posts "Germany"); territories are listed by code, like a routing
 * workflow's "Country is any of" that a RevOps team keeps in sync with the form's list.
 */
export function territoryOf(stack: Stack, country: string | null): string | null {
  if (!country) return null;
  const c = country.trim().length === 2 ? country.trim().toUpperCase() : codeOfName(stack, country);
  for (const [name, codes] of Object.entries(stack.territories)) if (codes.includes(c)) return name;
  return null;
}

/** Segments are matched by the highest threshold the company reaches. */
export function segmentOf(stack: Stack, employees: number | null): string | null {
  if (employees === null || Number.isNaN(employees)) return null;
  const sorted = [...stack.segments].sort((a, b) => b.minEmployees - a.minEmployees);
  return sorted.find((s) => employees >= s.minEmployees)?.name ?? null;
}

/** "https://www.Globex.example/about" → "globex.example". */
export function normalizeDomain(website: string | null): string | null {
  if (!website) return null;
  const host = website.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').split(/[/?#]/)[0];
  return host.replace(/^www\./, '') || null;
}

/**
 * Ordered rules, first match wins; round-robin state lives in the router so every engine (one per
 * CRM) rotates its own pools.
 */
export class Router {
  private readonly cursors = new Map<string, number>();

  constructor(
    private readonly stack: Stack,
    private readonly flavor: 'hubspot' | 'salesforce',
  ) {}

  route(facts: RoutingFacts): RoutingDecision {
    const s = this.stack;
    const territory = territoryOf(s, facts.country);
    const segment = segmentOf(s, facts.employees);
    const customer = s.customers.find((c) => c.domain === normalizeDomain(facts.website));
    for (const rule of s.routing) {
      const m = rule.match;
      if (m.territory !== undefined && m.territory !== territory) continue;
      if (m.segment !== undefined && m.segment !== segment) continue;
      if (m.existingCustomer !== undefined && m.existingCustomer !== Boolean(customer)) continue;
      if (m.form !== undefined && m.form !== facts.form) continue;
      const target = this.resolve(rule.name, rule.assign, customer?.owner);
      if (!target) continue;
      const i = s.routing.indexOf(rule);
      const r = rule.reassign;
      const again = r && this.resolve(r.name, r.assign, customer?.owner);
      return {
        rule: rule.name, workflowId: routingWorkflowId(rule, i), target, delayMs: rule.delaySeconds * 1000,
        ...(r && again ? { reassign: { rule: r.name, workflowId: reassignWorkflowId(rule, i)!, target: again, delayMs: r.afterSeconds * 1000 } } : {}),
      };
    }
    const fb = s.fallback;
    const target: OwnerRef =
      this.flavor === 'salesforce' && fb.queue ? { kind: 'queue', queue: fb.queue } : { kind: 'user', owner: this.owner(fb.owner) };
    return { rule: 'fallback', workflowId: FALLBACK_WORKFLOW_ID, target, delayMs: fb.delaySeconds * 1000 };
  }

  private resolve(name: string, a: Assign, accountOwner: string | undefined): OwnerRef | null {
    if ('owner' in a) return { kind: 'user', owner: this.owner(a.owner) };
    if ('accountOwner' in a) return accountOwner ? { kind: 'user', owner: this.owner(accountOwner) } : null;
    if ('pool' in a) return { kind: 'user', owner: this.owner(this.next(name, a.pool)) };
    if ('team' in a) {
      // Rotations skip deactivated users; only a rule naming one directly still assigns to it.
      const members = this.stack.owners.filter((o) => o.teams.includes(a.team) && !o.archived).map((o) => o.email);
      return members.length ? { kind: 'user', owner: this.owner(this.next(name, members)) } : null;
    }
    // HubSpot has no queues: a queue rule there falls through to the next rule.
    return this.flavor === 'salesforce' ? { kind: 'queue', queue: a.queue } : null;
  }

  private next(key: string, emails: string[]): string {
    const i = this.cursors.get(key) ?? 0;
    this.cursors.set(key, i + 1);
    return emails[i % emails.length];
  }

  private owner(email: string): StackOwner {
    const o = this.stack.owners.find((x) => x.email === email);
    // load-stack cross-checks every reference, so this only fires on a hand-built stack.
    if (!o) throw new Error(`stack references unknown owner ${email}`);
    return o;
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The territory code whose English name this is (only the stack's codes: CLDR also names retired ones, DD is "Germany" too). */
function codeOfName(stack: Stack, name: string): string {
  const n = name.trim().toLowerCase();
  const codes = Object.values(stack.territories).flat();
  return codes.find((code) => regionNames.of(code)?.toLowerCase() === n) ?? name.toUpperCase();
}
