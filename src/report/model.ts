/**
 * The run report: the one data model every artifact (report.json, report.html, junit.xml, the
 * attestation) is rendered from. Versioned: bump REPORT_SCHEMA_VERSION on any breaking change.
 */
import type { RoutingCoverage } from '../coverage/types.js';
import type { CrmKind } from '../crm/adapter.js';
import type { EdgeCase } from '../scenario/types.js';
import type { IntakeBudget, PoolFairness, VolumeReport } from '../volume-report/index.js';

export const REPORT_SCHEMA_VERSION = 1;

export type CheckKind = 'record' | 'field' | 'lifecycle' | 'owner' | 'sla' | 'unique' | 'submit';

export interface CheckResult {
  /** "owner", "field utm_source", "lifecycle", "sla", "unique", "record found". */
  name: string;
  kind: CheckKind;
  passed: boolean;
  /** What the scenario asked for, in CRM terms. */
  expected: unknown;
  /** What the CRM showed (or null when nothing was seen). */
  actual: unknown;
  /** One sentence a RevOps person would say: "went to queue Default after 41 s; expected team EMEA Enterprise within 5m". */
  message: string;
  /** Milliseconds after submission when the check was decided. */
  decidedAfterMs?: number;
  /** The rule that made the change the check judged, as the CRM names it: `workflow "EMEA routing"`, `user Integration User`. */
  decidedBy?: string;
}

export interface Evidence {
  kind: 'screenshot' | 'payload' | 'trace' | 'page';
  /** Path relative to the run's output folder. */
  path: string;
  sha256: string;
}

export interface LeadTimings {
  /** ISO time the browser sent the (first) form submission. */
  submittedAt: string | null;
  /** ISO time the tracer first saw the record. */
  foundAt: string | null;
  /** CRM's own timestamp of the (final) owner assignment. */
  ownerAssignedAt: string | null;
  /** ownerAssignedAt − submittedAt. */
  timeToOwnerMs: number | null;
  /** The scenario's SLA in ms. */
  slaMs: number;
  /** ISO time every check of this lead was decided. */
  decidedAt: string | null;
}

export interface LeadResult {
  /** Stable key within the run: "<scenario file>#<index>". */
  key: string;
  scenario: string;
  scenarioFile: string;
  channel?: string;
  branch?: string;
  edge?: EdgeCase[];
  /** Form profile id, and the person's country and company size: what routing decided on. */
  form?: string;
  country?: string;
  employees?: number;
  email: string;
  /** The primary record found (null when none was). */
  recordId: string | null;
  /** Every record found for the email (duplicates show here). */
  recordIds: string[];
  passed: boolean;
  checks: CheckResult[];
  timings: LeadTimings;
  /** Landing URL opened, with UTMs. */
  landingUrl: string;
  utm?: Record<string, string>;
  /** Owner in words: expected vs actual (routing matrix). */
  owner?: LeadOwner;
  /**
   * Source/UTM fields as the CRM holds them (per-channel table): the fields any scenario of the
   * run asserts plus the CRM's standard source fields, whether or not this lead's checks assert them.
   */
  sourceFields?: Record<string, string | null>;
  /** Keys of `sourceFields` this lead's own checks assert; the others were read but not checked. */
  assertedFields?: string[];
  evidence: Evidence[];
  /**
   * How the lead was submitted, in a `--replay` run: `browser` (the real page) or `replay` (sent
   * over HTTP from its branch's captured browser request). Absent in runs without replay.
   */
  via?: 'browser' | 'replay';
}

export interface LeadOwner {
  expected: string;
  actual: string | null;
  /** The actual owner's name, email, teams and whether the user is active (absent for queues / nobody). */
  actualName?: string;
  actualEmail?: string;
  actualTeams?: string[];
  actualActive?: boolean;
  /** Members of a `oneOf` pool expectation: round-robin coverage is judged over them. */
  pool?: string[];
}

/** PASSED: every check passed and every checklist item was covered; INCOMPLETE: nothing failed
 *  but some checklist items were not exercised; FAILED: a check, a pool or the flush failed. */
export type RunVerdict = 'PASSED' | 'INCOMPLETE' | 'FAILED';

/** Which members of one `oneOf` owner pool received the run's leads (round-robin coverage). */
export interface PoolCoverage {
  members: string[];
  /** Branch(es) and scenario names whose leads expect this pool. */
  branches: string[];
  /** Leads of this pool that reached the CRM (the ones the pool could route). */
  leads: number;
  /** Leads per member as the scenario names it, email or name (0 for a member that received none). */
  perMember: Record<string, number>;
  /** Leads that went to someone outside the pool (their owner check already failed). */
  outside: number;
  /** covered: every member received a lead; missed: enough leads, a member received none
   *  (a failure); not-exercised: fewer leads than members (a warning). */
  status: 'covered' | 'missed' | 'not-exercised';
  /** Members that received no lead. */
  missing: string[];
  message: string;
  /** Whether the spread is plausibly even (chi-square; src/volume-report/fairness.ts). Unfair is a warning. */
  fairness?: PoolFairness;
}

/** Leads that failed for the same cause (src/report/failure-groups.ts). */
export interface FailureGroup {
  /** The fault in words, without the count: "EMEA × mid-market routes to team NA Mid-Market". */
  cause: string;
  /**
   * The fault's identity, stable across runs (the cause text may carry per-run counts): what the
   * monitor compares and history groups by. Absent in reports written before it existed.
   */
  key?: string;
  /** The failed check's kind; 'pool' for a round-robin member that received no lead. */
  kind: CheckKind | 'pool';
  /** How many leads share it. */
  count: number;
  /** Their lead keys, in run order. */
  leads: string[];
  /** The routing branch, when every lead of the group is on the same one. */
  branch?: string;
}

export interface FlushSummary {
  deleted: number;
  failed: number;
  /** Records found for ledger emails but refused because they lacked the test identity. */
  refused: number;
  skipped: boolean;
  /** Ledger leads the CRM showed no record for yet, which may still arrive (the ledger stays open). */
  unaccounted?: number;
  /** ISO time until which those leads may still arrive; run `flush --orphans` after it. */
  pendingUntil?: string;
  /** Leads whose deadline passed with no record in the CRM: considered never created. */
  settled?: number;
  details: { recordId: string; email: string; outcome: 'deleted' | 'failed' | 'refused'; message?: string }[];
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'leadproof'; version: string };
  runId: string;
  crm: { kind: CrmKind; account: string; sandbox: boolean; baseUrl?: string };
  stack?: { name: string; file: string; sha256: string };
  startedAt: string;
  finishedAt: string;
  seed: number;
  testDomain: string;
  scenarios: { file: string; sha256: string }[];
  git?: { commit: string; dirty: boolean };
  shard?: { current: number; total: number };
  summary: {
    total: number;
    passed: number;
    failed: number;
    durationMs: number;
    /** PASSED, INCOMPLETE (checks passed, some definition-of-done items not exercised) or FAILED. */
    verdict: RunVerdict;
  };
  leads: LeadResult[];
  /** Round-robin coverage of every `oneOf` owner pool the run's leads expect. */
  pools?: PoolCoverage[];
  /** Which of the CRM's routing rules/workflows the run's leads reached, and which none did (src/coverage). */
  routingCoverage?: RoutingCoverage;
  /** The run's failures grouped by cause, biggest first (absent when nothing failed). */
  failureGroups?: FailureGroup[];
  flush: FlushSummary;
  figures: {
    apiCalls: number;
    submissions: number;
    wallTimeMs: number;
    /** The form-intake budget this run (all shards, after a merge) paced its submissions to. */
    intakeBudget?: IntakeBudget;
  };
  /** Started with --volume: the report carries `volume`. */
  volumeRun?: boolean;
  /** Volume figures (src/volume-report): time to owner per branch, submissions against the budget. */
  volume?: VolumeReport;
  /** Set by `leadproof merge`: the shard runs this report combines. */
  mergedFrom?: { runId: string; shard?: { current: number; total: number }; attestationSha256?: string }[];
}
