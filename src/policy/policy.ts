/**
 * The sign-off policy: which roles sign off which part of the definition of done, and the review
 * cadence. A shipped default (default-policy.yaml) or the user's own file, validated like a
 * scenario: every problem named by field, exit 2.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { PARTS } from '../report/definition-of-done.js';
import type { DodPart } from '../report/definition-of-done.js';

export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('./default-policy.yaml', import.meta.url));
export const PART_IDS = PARTS.map((p) => p.id);

export interface PolicyRole {
  /** How the role reads to people, e.g. "CRO / VP Revenue". */
  title?: string;
  /** Key ids (or prefixes of 8+ hex digits) allowed to sign under this role; absent: any key. */
  keys?: string[];
}

export interface Policy {
  id: string;
  /** Approvals older than this (ms) are stale. */
  reviewCadenceMs: number;
  /** As written, e.g. "30d". */
  reviewCadence: string;
  roles: Record<string, PolicyRole>;
  /** Part → the roles that must all sign it off. */
  parts: Record<DodPart, string[]>;
  requireParts: DodPart[];
  /** The file it came from ("default" for the shipped one) and its sha256. */
  source: string;
}

const ROLE_ID = /^[a-z][a-z0-9-]*$/;
const schema = z.object({
  id: z.string().min(1),
  reviewCadence: z.string(),
  roles: z.record(z.string().regex(ROLE_ID, 'role ids are lower-case words joined by "-", e.g. marketing-ops'), z.object({
    title: z.string().optional(),
    keys: z.array(z.string().regex(/^[0-9a-f]{8,64}$/, 'a key id: 8 to 64 lower-case hex digits')).optional(),
  }).strict().nullable()),
  parts: z.partialRecord(z.enum(PART_IDS as [DodPart, ...DodPart[]]), z.array(z.string()).min(1)),
  requireParts: z.array(z.enum(PART_IDS as [DodPart, ...DodPart[]])).default([]),
}).strict();

/** "30d", "12h", "90m": the review cadence in ms; null when malformed. */
export function parseCadence(text: string): number | null {
  const m = /^(\d+)\s*(d|h|m)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000);
}

/** Loads the policy file (the shipped default when none is given); ConfigError (exit 2) naming every problem. */
export function loadPolicy(file?: string): Policy {
  const path = file ?? DEFAULT_POLICY_FILE;
  const shown = file ?? 'default policy';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([{ file: shown, field: '', message: 'cannot be read; pass a policy YAML file (start from src/policy/default-policy.yaml), or leave --policy without a value for the default' }], 'Sign-off policy problems:');
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError([{ file: shown, field: '', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }], 'Sign-off policy problems:');
  }
  const parsed = schema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ file: shown, field: i.path.join('.'), message: i.message }));
  if (parsed.success) {
    const p = parsed.data;
    const roles = Object.keys(p.roles);
    if (parseCadence(p.reviewCadence) === null) issues.push({ file: shown, field: 'reviewCadence', message: `"${p.reviewCadence}" is not a duration; write e.g. 30d, 12h or 90m` });
    for (const [part, need] of Object.entries(p.parts)) {
      need.forEach((r, i) => {
        if (!roles.includes(r)) issues.push({ file: shown, field: `parts.${part}.${i}`, message: `"${r}" is not a role of this policy (roles: ${roles.join(', ')})` });
      });
    }
    for (const part of p.requireParts) if (!p.parts[part]) issues.push({ file: shown, field: 'requireParts', message: `"${part}" is required but parts.${part} names no role` });
    if (issues.length === 0) {
      return {
        id: p.id, reviewCadence: p.reviewCadence, reviewCadenceMs: parseCadence(p.reviewCadence)!,
        roles: Object.fromEntries(Object.entries(p.roles).map(([k, v]) => [k, v ?? {}])),
        parts: p.parts as Record<DodPart, string[]>, requireParts: p.requireParts, source: file ?? 'default',
      };
    }
  }
  throw new ConfigError(issues, 'Sign-off policy problems:');
}

/** The parts a role signs when `sign-off` gets no --parts: every part that lists the role. */
export function defaultPartsOf(policy: Policy, role: string): DodPart[] {
  return PART_IDS.filter((p) => policy.parts[p]?.includes(role));
}
