/**
 * The whole definition of done in its four parts (issue 12): the run-proven checklist
 * (checklist.ts, which alone decides the verdict) plus the items a run cannot prove by itself —
 * evidence files other stages write into the run folder (evidence-hooks.ts), statements a named
 * person attests (`leadproof attest`), and the sign-offs the policy requires (`verify --policy`).
 */
import type { ChecklistVerdict, DodPart, ItemProof } from '../attest/predicates.js';
import { deriveChecklist } from './checklist.js';
import { EVIDENCE_FILES, type EvidenceHook, type EvidenceItemId } from './evidence-hooks.js';
import type { LeadResult, RunReport } from './model.js';

export type { DodPart };

export const PARTS: { id: DodPart; label: string }[] = [
  { id: 'crm-build-out', label: 'CRM build-out' },
  { id: 'campaign-tracking', label: 'Campaign tracking' },
  { id: 'lead-routing', label: 'Lead routing' },
  { id: 'attribution', label: 'Attribution' },
];

export interface ItemSpec {
  id: string;
  part: DodPart;
  label: string;
  proof: ItemProof;
}

/** Every item, in the order the report shows them. Run items keep the ids of checklist.ts. */
export const ITEMS: ItemSpec[] = [
  { id: 'fields', part: 'crm-build-out', proof: 'run', label: '' },
  { id: 'flush', part: 'crm-build-out', proof: 'run', label: '' },
  { id: 'lifecycle', part: 'crm-build-out', proof: 'run', label: '' },
  { id: 'duplicates', part: 'crm-build-out', proof: 'run', label: '' },
  { id: 'sla', part: 'crm-build-out', proof: 'run', label: '' },
  { id: 'sla-documented', part: 'crm-build-out', proof: 'attestation', label: 'Sales handoff SLA documented and communicated' },
  { id: 'crm-sign-off', part: 'crm-build-out', proof: 'sign-off', label: 'Signed off by marketing ops and sales ops' },
  { id: 'taxonomy', part: 'campaign-tracking', proof: 'evidence', label: 'UTM taxonomy documented in one place' },
  { id: 'campaign-urls', part: 'campaign-tracking', proof: 'evidence', label: 'Active campaign URLs validated' },
  { id: 'source-populated', part: 'campaign-tracking', proof: 'run', label: 'Source, medium and campaign populated on form submission' },
  { id: 'channels', part: 'campaign-tracking', proof: 'run', label: '' },
  { id: 'reporting-view', part: 'campaign-tracking', proof: 'attestation', label: 'Reporting view pulls from the right source' },
  { id: 'routing-documented', part: 'lead-routing', proof: 'evidence', label: 'Routing conditions documented explicitly' },
  { id: 'branches', part: 'lead-routing', proof: 'run', label: '' },
  { id: 'fallback', part: 'lead-routing', proof: 'run', label: '' },
  { id: 'volume', part: 'lead-routing', proof: 'run', label: 'Volume test across every routing branch' },
  { id: 'routing-alerts', part: 'lead-routing', proof: 'evidence', label: 'Alert configured for routing failures and default-queue accumulation' },
  { id: 'attribution-model', part: 'attribution', proof: 'attestation', label: 'Attribution model documented with rationale' },
  { id: 'channels-attributed', part: 'attribution', proof: 'run', label: 'Every active channel tracked and attributed' },
  { id: 'baseline', part: 'attribution', proof: 'evidence', label: 'Historical baseline established' },
  { id: 'board-view-sign-off', part: 'attribution', proof: 'sign-off', label: 'Board view signed off by CRO / VP Revenue' },
  { id: 'review-cadence', part: 'attribution', proof: 'attestation', label: 'Review cadence agreed' },
];

export const ITEM_IDS = ITEMS.map((i) => i.id);

/** Which part's sign-off each sign-off item stands for. */
export const SIGN_OFF_ITEMS: Record<string, DodPart> = { 'crm-sign-off': 'crm-build-out', 'board-view-sign-off': 'attribution' };

const SOURCE_FIELD = /utm|source|medium|campaign/i;

/** The four-part checklist as this run (and the evidence files in its folder) decided it. */
export function deriveDefinitionOfDone(report: RunReport, hooks: Map<EvidenceItemId, EvidenceHook> = new Map()): ChecklistVerdict[] {
  const core = new Map(deriveChecklist(report).map((i) => [i.id, i]));
  return ITEMS.map((spec): ChecklistVerdict => {
    const base = { id: spec.id, part: spec.part, proof: spec.proof };
    const decided = core.get(spec.id);
    if (decided) return { ...decided, ...base, inVerdict: true };
    const made = (status: ChecklistVerdict['status'], evidence: string): ChecklistVerdict =>
      ({ ...base, label: spec.label, status, done: status === 'done', evidence, inVerdict: false });
    switch (spec.proof) {
      case 'evidence': {
        const hook = hooks.get(spec.id as EvidenceItemId);
        const file = EVIDENCE_FILES[spec.id as EvidenceItemId];
        if (!hook) return made('not-covered', `no ${file} in the run folder${spec.id === 'routing-alerts' ? '; attest it until leadproof monitor and queue-watch record their alert watches (reports/monitor-alerts.json)' : ''}`);
        return made(hook.status === 'pass' ? 'done' : hook.status === 'fail' ? 'failed' : 'not-covered', hook.summary);
      }
      case 'attestation':
        return made('not-covered', `a named person attests it: npx leadproof attest <run dir> --item ${spec.id}`);
      case 'sign-off':
        return made('not-covered', 'awaiting sign-off: npx leadproof sign-off, checked by verify --policy');
      default:
        return spec.id === 'source-populated' ? sourcePopulated(report.leads, made)
          : spec.id === 'volume' ? volume(report, made)
          : channelsAttributed(report.leads, hooks.get('taxonomy'), made);
    }
  });
}

type Make = (status: ChecklistVerdict['status'], evidence: string) => ChecklistVerdict;

function sourcePopulated(leads: LeadResult[], made: Make): ChecklistVerdict {
  const checks = leads.flatMap((l) => l.checks.filter((c) => c.kind === 'field' && SOURCE_FIELD.test(c.name)));
  const failed = checks.filter((c) => !c.passed).length;
  if (checks.length === 0) return made('not-covered', 'no lead asserted a source/UTM field');
  return made(failed ? 'failed' : 'done', `${checks.length - failed} of ${checks.length} source/UTM field checks passed`);
}

/** A volume test: more than one lead on every routing branch of the run, each branch passing. */
function volume(report: RunReport, made: Make): ChecklistVerdict {
  const branches = new Map<string, LeadResult[]>();
  for (const l of report.leads) if (l.branch) branches.set(l.branch, [...(branches.get(l.branch) ?? []), l]);
  if (branches.size === 0) return made('not-covered', 'no lead declared a routing branch');
  const failing = [...branches].filter(([, ls]) => ls.length > 1 && ls.some((l) => !l.passed)).map(([b]) => b);
  const missed = (report.pools ?? []).filter((p) => p.status === 'missed').flatMap((p) => p.branches);
  const single = [...branches].filter(([, ls]) => ls.length < 2).map(([b]) => b);
  if (failing.length || missed.length) return made('failed', `failed under volume: ${[...new Set([...failing, ...missed])].join(', ')}`);
  if (single.length) return made('not-covered', `one lead only on ${single.length} of ${branches.size} branches (run with --volume)`);
  const counts = [...branches].map(([b, ls]) => `${b} ${ls.length}`).join(', ');
  return made('done', `${report.leads.length} leads over ${branches.size} branches, every branch passing: ${counts}`);
}

/** The active channels are the taxonomy's (taxonomy-lint.json `channels`); each needs a traced lead. */
function channelsAttributed(leads: LeadResult[], taxonomy: EvidenceHook | undefined, made: Make): ChecklistVerdict {
  if (!taxonomy?.channels?.length) return made('not-covered', `no channel list: ${EVIDENCE_FILES.taxonomy} with "channels" names the active channels`);
  const traced = (c: string) => leads.some((l) => l.channel === c && l.recordId !== null && !l.checks.some((k) => (k.kind === 'field' || k.kind === 'record') && !k.passed));
  const failed = taxonomy.channels.filter((c) => leads.some((l) => l.channel === c) && !traced(c));
  const missing = taxonomy.channels.filter((c) => !leads.some((l) => l.channel === c));
  if (failed.length) return made('failed', `source fields wrong for: ${failed.join(', ')}`);
  if (missing.length) return made('not-covered', `no lead for ${missing.length} of ${taxonomy.channels.length} taxonomy channels: ${missing.join(', ')}`);
  return made('done', `all ${taxonomy.channels.length} taxonomy channels traced with their source fields: ${taxonomy.channels.join(', ')}`);
}

/** The items of one part, in order. */
export function itemsOfPart(items: ChecklistVerdict[], part: DodPart): ChecklistVerdict[] {
  return items.filter((i) => i.part === part);
}
