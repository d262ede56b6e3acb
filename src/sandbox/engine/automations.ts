/**
 * The stack's automations as a CRM lists them: every routing rule, re-routing rule, the fallback
 * and every lifecycle rule is one workflow with a numeric id (HubSpot's flow id). The engine
 * records these ids as the author of its changes; the CRM views list them (HubSpot's workflows
 * list, Salesforce's assignment rule entries), so a reader can match the two as in production.
 */
import type { RoutingRule, Stack } from './stack-schema.js';

/**
 * Routing workflows are numbered by position unless the stack gives ids: rule i is 51200101 + i,
 * its reassigning rule 51200201 + i, the fallback 51200100; lifecycle rule i is 51300100 + i.
 */
const ROUTING_BASE = 51_200_100;
const LIFECYCLE_BASE = 51_300_100;

export const FALLBACK_WORKFLOW_ID = String(ROUTING_BASE);

export function routingWorkflowId(rule: RoutingRule, i: number): string {
  return rule.workflowId ?? String(ROUTING_BASE + 1 + i);
}

export function reassignWorkflowId(rule: RoutingRule, i: number): string | undefined {
  return rule.reassign ? rule.reassign.workflowId ?? String(ROUTING_BASE + 101 + i) : undefined;
}

export function lifecycleWorkflowId(rule: Stack['lifecycle']['rules'][number], i: number): string {
  return rule.workflowId ?? String(LIFECYCLE_BASE + i);
}

/** One automation of the stack, CRM-neutral. */
export interface StackAutomation {
  id: string;
  name: string;
  kind: 'routing' | 'reassign' | 'fallback' | 'lifecycle';
  enabled: boolean;
  /** Position among the routing rules (first match wins), for an assignment rule's entry order. */
  order: number;
  /** The routing rule it belongs to (routing, reassign). */
  rule?: RoutingRule;
}

export function stackAutomations(stack: Stack): StackAutomation[] {
  const out: StackAutomation[] = [];
  stack.routing.forEach((rule, i) => {
    out.push({ id: routingWorkflowId(rule, i), name: rule.name, kind: 'routing', enabled: true, order: i + 1, rule });
    const again = reassignWorkflowId(rule, i);
    if (again) out.push({ id: again, name: rule.reassign!.name, kind: 'reassign', enabled: true, order: i + 1, rule });
  });
  out.push({ id: FALLBACK_WORKFLOW_ID, name: 'Fallback owner', kind: 'fallback', enabled: true, order: stack.routing.length + 1 });
  stack.lifecycle.rules.forEach((rule, i) => {
    out.push({ id: lifecycleWorkflowId(rule, i), name: rule.name, kind: 'lifecycle', enabled: stack.lifecycle.workflowsEnabled, order: i + 1 });
  });
  return out;
}
