/**
 * The two predicates leadproof signs: the run's test result (standard in-toto test-result
 * predicate, leadproof's own fields under `leadproof`) and the approver's sign-off over it.
 */
import type { RunReport } from '../report/model.js';
import type { KeyAlgorithm } from './keys.js';

export const TEST_RESULT_PREDICATE = 'https://in-toto.io/attestation/test-result/v0.1';
export const SIGN_OFF_PREDICATE = 'https://leadproof.dev/attestation/sign-off/v1';
export const ITEM_ATTESTATION_PREDICATE = 'https://leadproof.dev/attestation-item/v1';

/** File names inside a run folder. */
export const RUN_FILES = {
  report: 'report.json',
  junit: 'junit.xml',
  html: 'report.html',
  attestation: 'attestation.dsse.json',
  /** A sign-off written before the policy (one approver per run); still read and verified. */
  approval: 'approval.dsse.json',
  /** One sign-off per role and key: approvals/<role>-<key id, 8 digits>.dsse.json. */
  approvals: 'approvals',
  /** One statement per item and key: attestations/<item>-<key id, 8 digits>.dsse.json. */
  attestations: 'attestations',
} as const;

/** in-toto ResourceDescriptor (the subset leadproof fills). */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
}

/** The four parts of the definition of done (src/report/definition-of-done.ts). */
export type DodPart = 'crm-build-out' | 'campaign-tracking' | 'lead-routing' | 'attribution';

/** How an item can be proven: by this run's leads, by an evidence file another stage wrote into
 *  the run folder, only by a signed attestation of a named person, or by the policy's sign-offs. */
export type ItemProof = 'run' | 'evidence' | 'attestation' | 'sign-off';

export interface ChecklistVerdict {
  id: string;
  label: string;
  /** done: the run's evidence proves it; failed: a lead that exercised it failed; not-covered:
   *  no lead exercised it (never shown as a failure, but the run is INCOMPLETE); attested: not
   *  proven by the run, but a named person signed a statement (only after the run, at verify). */
  status: 'done' | 'failed' | 'not-covered' | 'attested';
  /** The part of the definition of done it belongs to (absent in reports before the four parts). */
  part?: DodPart;
  /** What can prove it; absent means 'run'. */
  proof?: ItemProof;
  /** false: shown in the four-part checklist but does not decide the run's verdict (only the
   *  original run-proven items do, so adding parts never turned a PASSED run INCOMPLETE). */
  inVerdict?: boolean;
  /** For an attested item: who attested it, with the link they gave (set at verify time). */
  attestation?: { name: string; role: string; statement: string; link: string; attestedAt: string; keyid: string };
  /** status === 'done', kept for verifiers of earlier predicates. */
  done: boolean;
  /** The evidence that decided it, in words. */
  evidence: string;
}

export interface SignerRef {
  keyid: string;
  algorithm: KeyAlgorithm;
}

/** in-toto's test-result values: an INCOMPLETE run (nothing failed, items not covered) is WARNED. */
export type TestResult = 'PASSED' | 'WARNED' | 'FAILED';

export interface TestResultPredicate {
  result: TestResult;
  /** Scenario files, stack file and the CRM the run used. */
  configuration: ResourceDescriptor[];
  passedTests: string[];
  failedTests: string[];
  leadproof: {
    runId: string;
    tool: RunReport['tool'];
    crm: RunReport['crm'];
    stack?: RunReport['stack'];
    git?: RunReport['git'];
    shard?: RunReport['shard'];
    mergedFrom?: RunReport['mergedFrom'];
    startedAt: string;
    finishedAt: string;
    summary: RunReport['summary'];
    flush: { deleted: number; failed: number; refused: number; skipped: boolean };
    /** The definition of done, as the run's evidence decided it. */
    checklist: ChecklistVerdict[];
    /** Key that signed the run; null when the run was not signed. */
    builder: SignerRef | null;
  };
}

/** The signer's public key (SPKI PEM) travels with sign-offs and attestations, so `verify --policy`
 *  can check every signature without being handed each approver's key; who owns a key is still
 *  a matter of key ids (pinned in the policy's roles, or compared by a person). */
export interface EmbeddedKey {
  publicKey?: string;
}

export interface SignOffPredicate {
  /** role: a role id of the policy (free text before the policy existed); title: free text. */
  approver: { name: string; role: string; title?: string } & SignerRef & EmbeddedKey;
  approvedAt: string;
  /** The parts of the definition of done this approval signs (absent before the policy). */
  parts?: DodPart[];
  /** What the approver approved against: a policy id (and the file's sha256) and the checklist they saw. */
  policy: { id: string; sha256?: string; checklist: ChecklistVerdict[] };
  run: {
    runId: string;
    result: TestResult;
    /** leadproof's verdict of the approved run, and the checklist items it left not covered. */
    verdict?: 'PASSED' | 'INCOMPLETE' | 'FAILED';
    notCovered?: string[];
    builderKeyids: string[];
  };
  /** Present only when a failed run was approved anyway. */
  acceptedFailures?: { reason: string; failedTests: string[] };
}

/** A named person's signed statement for one checklist item no run can prove ("SLA documented: <url>"). */
export interface ItemAttestationPredicate {
  item: { id: string; label: string; part: DodPart };
  statement: string;
  link: string;
  attester: { name: string; role: string } & SignerRef & EmbeddedKey;
  attestedAt: string;
  run: { runId: string; builderKeyids: string[] };
}
