/** Routing coverage as report.json carries it (`routingCoverage`, additive to schema 1). */

/** A routing rule or workflow that acted on at least one of the run's leads. */
export interface ActedRule {
  /** The CRM's id of it (HubSpot flow id; Salesforce `<rule id>#<entry order>`). */
  id: string;
  /** Its name as the CRM lists it; null when the list could not be read or does not hold it. */
  name: string | null;
  /** What it set on the run's leads. */
  on: ('owner' | 'lifecycle')[];
  /** Leads it acted on. */
  leads: number;
  /** Branches (or scenario names, where a scenario names no branch) of those leads. */
  branches: string[];
  /** Whether the CRM's list holds it (false: history names a rule the list does not show). */
  listed: boolean;
}

/** A listed rule or workflow no lead of the run reached. */
export interface UnreachedRule {
  id: string;
  name: string;
  /** Switched off in the CRM: not reaching it is expected. */
  enabled: boolean;
}

/** The rule that set a lead's final owner. */
export interface LeadRule {
  id: string;
  name: string | null;
}

export interface RoutingCoverage {
  /**
   * listed: the CRM listed its rules and the run's leads were matched to them; missing-scope: the
   * token may not list them (acted rules come from history alone, unreached ones are unknown);
   * unsupported: the CRM adapter cannot list them; error: the list or the history could not be read.
   */
  status: 'listed' | 'missing-scope' | 'unsupported' | 'error';
  /** Why the list is missing, in words that say what to do. */
  message?: string;
  /**
   * history: the CRM's field history names the rule that made each change (HubSpot sourceId);
   * owner: it does not (Salesforce LeadHistory names the running user), so a lead is attributed to
   * the first active assignment rule entry that assigns its owner.
   */
  attribution?: 'history' | 'owner';
  acted: ActedRule[];
  unreached: UnreachedRule[];
  /** Lead key → the rule that decided its owner, where the CRM says (or the owner shows) it. */
  decidedBy: Record<string, LeadRule>;
}
