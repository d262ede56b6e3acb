/**
 * diff.json: what changed between a baseline run and this one, per scenario (matched by the
 * scenario's name, never by the synthetic email, which differs every run). Versioned like
 * report.json: a field is only added within `v1`, never renamed or removed.
 */
import type { RunVerdict } from '../report/model.js';

export const DIFF_SCHEMA = 'leadproof.diff/v1';

/** The noise rule for time to owner, in words (also written into diff.json). */
export const TIME_NOISE_RULE =
  'time to owner changed when the median moved by more than max(3 × the baseline\'s spread on that scenario, 20 % of the scenario\'s SLA)';

/** What kind of thing changed. */
export type ChangeKind = 'owner' | 'lifecycle' | 'field' | 'time-to-owner' | 'verdict' | 'branch-added' | 'branch-removed' | 'scenario-added' | 'scenario-removed';

/** Where a lead landed, at the level the comparison is made. */
export interface Assignee {
  /** "team EMEA Mid-Market", "Jake Miller <jake.miller@…>", "queue Lead Desk Queue", "nobody". */
  words: string;
  teams: string[];
  person?: string;
  email?: string;
  queue?: string;
}

export interface Change {
  /** Stable within a diff: `<scenario>|<kind>[|<field>]`. */
  id: string;
  kind: ChangeKind;
  /** The scenario (absent for a whole branch added or removed). */
  scenario?: string;
  branch?: string;
  /** For `field`: the logical field name (`utm_source`, `source`). */
  field?: string;
  /** Before and after, in words ("team EMEA Mid-Market", "lead → marketingqualifiedlead", "2.0 s", "passed"). */
  from: string | null;
  to: string | null;
  /** One sentence naming the branch, the scenario and both values. */
  message: string;
  /** Structured values the gate and the brief read. */
  detail?: {
    fromAssignee?: Assignee[];
    toAssignee?: Assignee[];
    fromPath?: string[];
    toPath?: string[];
    fromMs?: number;
    toMs?: number;
    thresholdMs?: number;
    scenarios?: string[];
  };
}

/** One scenario as a run saw it (several leads in a volume run are folded together). */
export interface ScenarioSnapshot {
  scenario: string;
  branch?: string;
  channel?: string;
  form?: string;
  leads: number;
  passedLeads: number;
  /** Where its leads went (distinct, sorted by words); empty when the scenario expects no owner. */
  assignees: Assignee[];
  /** The owner as the scenario expects it ("team EMEA Mid-Market"). */
  expectedOwner?: string;
  /** Lifecycle path seen (from the lifecycle check), null when the scenario asserts none. */
  lifecycle: string[] | null;
  /** Source/UTM fields as the CRM held them (distinct values of its leads joined by " | "). */
  fields: Record<string, string | null>;
  /** Time to owner of its leads, ms: median and spread (max − min); null when none was assigned. */
  timeToOwner: { medianMs: number; spreadMs: number; n: number } | null;
  slaMs: number;
  /** Failed checks in words, for the brief. */
  failures: string[];
}

export interface RunRef {
  runId: string;
  /** Run folder as given. */
  dir: string;
  startedAt: string;
  verdict: RunVerdict;
  crm: { kind: string; account: string; sandbox: boolean };
  stack?: string;
}

export interface ScenarioDiff {
  scenario: string;
  branch?: string;
  status: 'changed' | 'unchanged' | 'added' | 'removed';
  baseline?: ScenarioSnapshot;
  current?: ScenarioSnapshot;
  changes: Change[];
}

export interface GateEntryResult {
  /** Index in the expected-changes file and the entry in words. */
  index: number;
  words: string;
  happened: boolean;
  /** Ids of the changes it accounts for. */
  matched: string[];
}

export interface GateResult {
  file: string;
  passed: boolean;
  /** Changes no entry declared: listed first, they fail the gate. */
  unexpected: Change[];
  /** Declared changes that did not happen: they fail the gate too. */
  missing: GateEntryResult[];
  /** Declared changes that happened. */
  intended: GateEntryResult[];
}

export interface RunDiff {
  schema: typeof DIFF_SCHEMA;
  generatedAt: string;
  baseline: RunRef;
  current: RunRef;
  noiseRule: string;
  scenarios: ScenarioDiff[];
  /** Every change, in scenario order (whole-branch changes first). */
  changes: Change[];
  summary: { changes: number; scenariosChanged: number; scenariosUnchanged: number; added: number; removed: number };
  /** Present when the diff was held against an expected-changes file. */
  gate?: GateResult;
}
