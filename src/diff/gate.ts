/**
 * The gate: an expected-changes file declares the changes a routing change is meant to make.
 * Declared changes that happened pass; declared changes that did not happen fail; any change
 * nobody declared fails.
 *
 *   - branch: EMEA × mid-market
 *     owner: { team: { from: EMEA Mid-Market, to: EMEA Commercial } }
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { Assignee, Change, GateEntryResult, GateResult, RunDiff } from './model.js';

/** A strict object whose errors say which keys are known and what shape is wanted. */
function strict<T extends z.ZodRawShape>(shape: T, shapeWords: string) {
  return z.strictObject(shape, {
    error: (iss) => iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.map((k) => `"${k}"`).join(', ')}; known here: ${Object.keys(shape).join(', ')}`
      : iss.code === 'invalid_type' ? `must be ${shapeWords}` : undefined,
  });
}

const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'must not be empty'));
const fromTo = strict({
  /** The value before; any value when left out. */
  from: text.optional(),
  /** The value after. */
  to: text,
}, '{ from: <before>, to: <after> } (from may be left out)');
const stagePath = z.union([text.transform((s) => [s]), z.array(text)]);

const entrySchema = strict({
  /** The routing branch as scenarios name it (`branch:`), e.g. "EMEA × mid-market". */
  branch: text.optional(),
  /** Or one scenario by its name. */
  scenario: text.optional(),
  /** Where leads go: by team, person (name or email) or queue. */
  owner: strict({ team: fromTo.optional(), person: fromTo.optional(), queue: fromTo.optional() }, '{ team|person|queue: { from, to } }')
    .refine((o) => o.team || o.person || o.queue, 'name what changes: team, person or queue').optional(),
  /** The lifecycle path (`to: [lead, marketingqualifiedlead]`) or only where it ends (`endStage`). */
  lifecycle: strict({ from: stagePath.optional(), to: stagePath.optional(), endStage: fromTo.optional() }, '{ to: [stages…] } or { endStage: { to: <stage> } }')
    .refine((l) => l.to || l.endStage, 'give `to:` (the new path) or `endStage: { to: … }`').optional(),
  /** Source/UTM fields by the logical name the report shows (`utm_source`, `source`). */
  fields: z.record(z.string(), fromTo).optional(),
  /** Time to owner is allowed to move beyond the noise threshold. */
  timeToOwner: z.literal(true, { error: 'write `timeToOwner: true` to allow the time to owner to move' }).optional(),
  /** A scenario's verdict, passed or failed. */
  verdict: strict({ from: z.enum(['passed', 'failed']).optional(), to: z.enum(['passed', 'failed']) }, '{ from: passed|failed, to: passed|failed }').optional(),
  /** The branch or scenario is new / no longer tested. */
  added: z.literal(true).optional(),
  removed: z.literal(true).optional(),
  /** Free text for people (a ticket, who asked); not compared. */
  note: z.string().optional(),
}, 'a change: { branch: <name> (or scenario: <name>), owner: …, lifecycle: …, fields: …, timeToOwner: true, verdict: …, added: true, removed: true }').refine((e) => Boolean(e.branch) !== Boolean(e.scenario), { message: 'give exactly one of `branch:` or `scenario:`', path: ['branch'] })
  .refine((e) => e.owner || e.lifecycle || e.fields || e.timeToOwner || e.verdict || e.added || e.removed,
    { message: 'declare at least one change: owner, lifecycle, fields, timeToOwner, verdict, added or removed' });

const listSchema = z.array(entrySchema);
const fileSchema = strict({ changes: listSchema }, 'a list of changes, or `changes:` holding that list');

export type ExpectedChange = z.output<typeof entrySchema>;

/** Reads and validates an expected-changes file; every problem, by field, in one ConfigError (exit 2). */
export function loadExpectedChanges(file: string): ExpectedChange[] {
  if (!existsSync(file)) throw new ConfigError([{ file, field: '', message: 'no such file: pass the YAML file that lists the intended changes (see README "Regression runs").' }], 'The expected-changes file cannot be read; no lead was created.');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => ({ file, field: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '.') })), 'The expected-changes file is not valid YAML; no lead was created.');
  }
  const raw: unknown = doc.toJS() ?? [];
  // Either a bare list of changes or `changes:` holding it.
  if (!Array.isArray(raw) && !(raw && typeof raw === 'object' && 'changes' in raw)) {
    throw new ConfigError([{ file, field: '(file)', message: 'must be a list of changes (`- branch: EMEA × mid-market` …), or `changes:` holding that list.' }], 'The expected-changes file has problems; no lead was created.');
  }
  const res = Array.isArray(raw) ? listSchema.safeParse(raw) : fileSchema.safeParse(raw);
  if (res.success) return Array.isArray(res.data) ? res.data : res.data.changes;
  const issues: ConfigIssue[] = res.error.issues.map((i) => ({
    file,
    field: i.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '') || '(file)',
    message: i.message,
  }));
  throw new ConfigError(issues, 'The expected-changes file has problems; no lead was created.');
}

/** Holds the diff against the declared changes. */
export function applyGate(diff: RunDiff, expected: ExpectedChange[], file: string): GateResult {
  const accounted = new Set<string>();
  const results: GateEntryResult[] = expected.map((e, index) => {
    const matched = diff.changes.filter((c) => selects(e, c) && declares(e, c)).map((c) => c.id);
    matched.forEach((id) => accounted.add(id));
    return { index, words: describeEntry(e), happened: matched.length > 0, matched };
  });
  const unexpected = diff.changes.filter((c) => !accounted.has(c.id));
  const missing = results.filter((r) => !r.happened);
  return { file, passed: unexpected.length === 0 && missing.length === 0, unexpected, missing, intended: results.filter((r) => r.happened) };
}

function selects(e: ExpectedChange, c: Change): boolean {
  if (e.scenario) return same(c.scenario, e.scenario);
  return same(c.branch, e.branch);
}

function declares(e: ExpectedChange, c: Change): boolean {
  switch (c.kind) {
    case 'owner': return !!e.owner && ownerMatches(e.owner, c);
    case 'lifecycle': return !!e.lifecycle && lifecycleMatches(e.lifecycle, c.detail?.fromPath ?? [], c.detail?.toPath ?? []);
    case 'field': {
      const f = e.fields?.[c.field ?? ''];
      return !!f && valueIs(f.to, c.to) && (f.from === undefined || valueIs(f.from, c.from));
    }
    case 'time-to-owner': return e.timeToOwner === true;
    case 'verdict': return !!e.verdict && e.verdict.to === c.to && (!e.verdict.from || e.verdict.from === c.from);
    case 'branch-added': case 'scenario-added': return e.added === true;
    case 'branch-removed': case 'scenario-removed': return e.removed === true;
  }
}

type OwnerSpec = NonNullable<ExpectedChange['owner']>;
type FromTo = { from?: string; to: string };

function ownerMatches(spec: OwnerSpec, c: Change): boolean {
  const [before, after] = [c.detail?.fromAssignee ?? [], c.detail?.toAssignee ?? []];
  const side = (ft: FromTo | undefined, pick: (a: Assignee) => string[]): boolean =>
    !ft || (after.every((a) => pick(a).some((v) => same(v, ft.to))) && (ft.from === undefined || before.every((a) => pick(a).some((v) => same(v, ft.from)))));
  return side(spec.team, (a) => a.teams) && side(spec.person, (a) => [a.person ?? '', a.email ?? '']) && side(spec.queue, (a) => (a.queue ? [a.queue] : []));
}

function lifecycleMatches(spec: NonNullable<ExpectedChange['lifecycle']>, from: string[], to: string[]): boolean {
  const samePath = (want: string[], got: string[]) => want.length === got.length && want.every((s, i) => same(s, got[i]));
  if (spec.to && !samePath(spec.to, to)) return false;
  if (spec.from && !samePath(spec.from, from)) return false;
  if (spec.endStage && !(same(to.at(-1), spec.endStage.to) && (spec.endStage.from === undefined || same(from.at(-1), spec.endStage.from)))) return false;
  return true;
}

/** "empty" in the file stands for a field the CRM left empty. */
function valueIs(want: string, got: string | null): boolean {
  return got === null ? same(want, 'empty') : want === got;
}

/** Names compare case-insensitively, with "x" accepted for "×" (people type branch names by hand). */
function same(a: string | undefined, b: string | undefined): boolean {
  const n = (s: string | undefined) => (s ?? '').trim().toLowerCase().replace(/\s+x\s+/g, ' × ').replace(/\s+/g, ' ');
  return a !== undefined && b !== undefined && n(a) === n(b);
}

export function describeEntry(e: ExpectedChange): string {
  const ft = (name: string, v?: FromTo) => (v ? `${name} ${v.from ? `${v.from} → ` : '→ '}${v.to}` : '');
  const parts = [
    e.owner ? ['owner', ft('team', e.owner.team), ft('person', e.owner.person), ft('queue', e.owner.queue)].filter(Boolean).join(' ') : '',
    e.lifecycle ? `lifecycle${e.lifecycle.to ? ` → ${e.lifecycle.to.join(' → ')}` : ''}${e.lifecycle.endStage ? ` ${ft('ends', e.lifecycle.endStage)}` : ''}` : '',
    ...Object.entries(e.fields ?? {}).map(([k, v]) => ft(k, v)),
    e.timeToOwner ? 'time to owner moves' : '',
    e.verdict ? `verdict ${e.verdict.from ? `${e.verdict.from} → ` : '→ '}${e.verdict.to}` : '',
    e.added ? 'added' : '',
    e.removed ? 'removed' : '',
  ].filter(Boolean);
  return `${e.branch ?? `"${e.scenario}"`}: ${parts.join('; ')}`;
}
