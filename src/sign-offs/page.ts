/**
 * sign-offs.html: who attested and signed off what over one run, and what the sign-off policy
 * still requires. report.html is a subject of the run's signed attestation, so statements that
 * come after the run cannot be written into it without breaking the builder's signature; this
 * page sits beside it instead (report.html links to it) and is rebuilt from the signed files by
 * every `attest` and `sign-off`. It is not signed itself: each line comes from a file whose
 * signature was checked when the page was built, and `verify --policy` checks the same again.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES, TEST_RESULT_PREDICATE, type ChecklistVerdict, type TestResultPredicate } from '../attest/predicates.js';
import { checkPolicyAndAttestations, stillOwed } from '../attest/policy-check.js';
import { readEnvelope, sha256, statementOf } from '../attest/statement.js';
import { ArtifactError } from '../attest/errors.js';
import { displayPath } from '../attest/verify.js';
import type { ApprovalRecord, PolicyOutcome } from '../policy/index.js';
import { PARTS } from '../report/definition-of-done.js';
import { CSS } from '../report/html/style.js';
import { readableTime } from '../report/html/time.js';
import { escapeXml as x } from '../report/xml.js';

export const SIGN_OFFS_PAGE = 'sign-offs.html';

export interface SignOffsInput {
  runId: string;
  verdict?: string;
  checklist: ChecklistVerdict[];
  approvals: ApprovalRecord[];
  policy: PolicyOutcome;
  /** Signed files that did not hold, with why. */
  problems: { file: string; message: string }[];
  builtAt: Date;
}

/** Rebuilds sign-offs.html in the run folder from its signed files; returns its path. */
export async function writeSignOffsPage(runDir: string, opts: { policyPath?: string; now?: Date } = {}): Promise<string> {
  const { envelope, bytes } = await readEnvelope(join(runDir, RUN_FILES.attestation));
  const run = statementOf<TestResultPredicate>(envelope, RUN_FILES.attestation);
  if (run.predicateType !== TEST_RESULT_PREDICATE) throw new ArtifactError(`${RUN_FILES.attestation} is not a leadproof run attestation (${run.predicateType}).`);
  const checks: { ok: boolean; file: string; message: string }[] = [];
  const builderKeyids = envelope.signatures.map((s) => s.keyid ?? '').filter(Boolean);
  const now = opts.now ?? new Date();
  const merged = await checkPolicyAndAttestations(runDir, run.predicate, sha256(bytes), builderKeyids, checks, { enabled: true, path: opts.policyPath, now });
  const html = renderSignOffs({
    runId: run.predicate.leadproof?.runId ?? '', verdict: run.predicate.leadproof?.summary?.verdict,
    checklist: merged.checklist ?? [], approvals: merged.approvals ?? [], policy: merged.policy!,
    problems: checks.filter((c) => !c.ok), builtAt: now,
  });
  const file = join(runDir, SIGN_OFFS_PAGE);
  await writeFile(file, html);
  return file;
}

export function renderSignOffs(i: SignOffsInput): string {
  const partLabel = (id: string) => PARTS.find((p) => p.id === id)?.label ?? id;
  const attested = i.checklist.filter((c) => c.attestation);
  const attRows = attested.map((c) => {
    const a = c.attestation!;
    return `<tr data-attested="${x(c.id)}"><td>${x(a.name)}</td><td>${x(a.role)}</td><td>${x(c.label)} <span class="meta">(${x(partLabel(c.part ?? ''))})</span></td><td>${x(readableTime(a.attestedAt))}</td><td>“${x(a.statement)}” <code>${x(a.link)}</code></td></tr>`;
  });
  const refused = new Map(i.policy.refused.map((r) => [r.file, r.reason]));
  const stale = new Set(i.policy.stale.map((s) => s.file));
  const apRows = i.approvals.map((a) => {
    const status = refused.has(a.file) ? `<span class="bad">not counted</span>: ${x(refused.get(a.file)!)}` : stale.has(a.file) ? `<span class="pending">stale</span> (older than ${x(i.policy.policy.reviewCadence)})` : '<span class="ok">counted</span>';
    return `<tr data-approval="${x(a.role)}"><td>${x(a.name)}</td><td>${x(a.role)}${a.title ? ` <span class="meta">${x(a.title)}</span>` : ''}</td><td>${x(a.parts.map(partLabel).join(', '))}</td><td>${x(readableTime(a.approvedAt))}</td><td>${status}</td></tr>`;
  });
  const partRows = i.policy.parts.map((p) => `<tr data-part="${x(p.part)}" data-owed="${x(p.owed.join(','))}"><td>${x(partLabel(p.part))}</td><td>${x(p.required.join(' + '))}</td>` +
    `<td>${x(p.signed.map((s) => `${s.role}: ${s.name}${s.stale ? ' (stale)' : ''}`).join('; ') || '—')}</td><td>${p.owed.length ? `<span class="bad">${x(p.owed.join(', '))}</span>` : '<span class="ok">nothing</span>'}</td></tr>`);
  const owed = stillOwed(i.checklist, i.policy);
  const table = (head: string[], rows: string[], none: string) => rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>` : `<p class="meta">${none}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>leadproof sign-offs — ${x(i.runId)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>Sign-offs of run ${x(i.runId)}</h1>
<p class="meta">The run's verdict as the builder signed it: ${x(i.verdict ?? '—')} (<a href="report.html">report.html</a>). Built ${x(readableTime(i.builtAt.toISOString()))} by <code>leadproof attest</code> / <code>leadproof sign-off</code> from the signed files in approvals/ and attestations/, each checked with its own key and bound to this run's attestation.dsse.json. This page is not signed: check it with <code>npx leadproof verify &lt;run folder&gt; --key builder.pub --policy</code>.</p>
${i.problems.length ? `<h2>Signed files that do not hold</h2><ul>${i.problems.map((p) => `<li data-problem="${x(p.file)}"><code>${x(p.file)}</code>: ${x(p.message)}</li>`).join('')}</ul>` : ''}
<h2 id="attestations">Attestations</h2>
${table(['name', 'role', 'item (part)', 'date', 'statement and link'], attRows, 'No item has been attested yet.')}
<h2 id="approvals">Approvals</h2>
${table(['name', 'role', 'parts', 'date', 'status'], apRows, 'Nobody has signed off this run yet.')}
<h2 id="policy">Sign-off policy ${x(i.policy.policy.id)}</h2>
<p class="meta">${i.policy.policy.source === 'default' ? 'The shipped default policy' : x(i.policy.policy.source)}; approvals are stale after ${x(i.policy.policy.reviewCadence)}. Policy ${i.policy.ok ? '<span class="ok">met</span>' : '<span class="bad">not met</span>'} for the parts it requires of this run.</p>
${table(['part', 'required roles', 'signed by', 'owed'], partRows, 'The policy lists no part.')}
<h2 id="owed">Still owed</h2>
${owed.length ? `<ul class="owed">${owed.map((l) => `<li>${x(l)}</li>`).join('')}</ul>` : '<p class="ok">Nothing: every part is signed off and every item is proven or attested.</p>'}
</main></body></html>
`;
}

/** After attest / sign-off: rebuild the page and say where it is. The signed file is already
 *  written, so a page that cannot be built is a warning, never the command's failure. */
export async function showSignOffs(runDir: string, policyPath?: string, log: (l: string) => void = console.log): Promise<void> {
  try {
    log(`Who signed what, and what is still owed: ${displayPath(await writeSignOffsPage(runDir, { policyPath }))}`);
  } catch (err) {
    console.error(`leadproof: ${SIGN_OFFS_PAGE} not rebuilt: ${(err as Error).message.split('\n')[0]}`);
  }
}
