/**
 * Synthesises the person behind each lead: plausible for its territory (faker locale by country),
 * reproducible from the run seed, and always carrying the test identity in the email.
 */
import { createHash } from 'node:crypto';
import {
  fakerDA, fakerDE, fakerDE_AT, fakerDE_CH, fakerEN_AU, fakerEN_CA, fakerEN_GB, fakerEN_IE, fakerEN_IN, fakerEN_US,
  fakerES, fakerES_MX, fakerFI, fakerFR, fakerIT, fakerJA, fakerKO, fakerNB_NO, fakerNL, fakerPL, fakerPT_BR, fakerPT_PT,
  fakerSV, fakerZH_CN, type Faker,
} from '@faker-js/faker';
import type { LeadAttributes } from './types.js';

const LOCALES: Record<string, Faker> = {
  US: fakerEN_US, CA: fakerEN_CA, GB: fakerEN_GB, IE: fakerEN_IE, AU: fakerEN_AU, NZ: fakerEN_AU, IN: fakerEN_IN,
  DE: fakerDE, AT: fakerDE_AT, CH: fakerDE_CH, FR: fakerFR, BE: fakerFR, IT: fakerIT, ES: fakerES, PT: fakerPT_PT,
  NL: fakerNL, SE: fakerSV, DK: fakerDA, NO: fakerNB_NO, FI: fakerFI, PL: fakerPL, BR: fakerPT_BR, MX: fakerES_MX,
  JP: fakerJA, KR: fakerKO, CN: fakerZH_CN,
};

/** A fully specified synthetic person. */
export type Lead = Required<Omit<LeadAttributes, 'message'>> & { email: string; message: string };

/** The test identity: every synthetic email has this local-part prefix and the test domain. */
export function testEmail(runId: string, seq: number, firstName: string, testDomain: string): string {
  const slug = ascii(firstName).slice(0, 12) || 'lead';
  return `lp.${runId}.${seq}.${slug}@${testDomain}`.toLowerCase();
}

/** True when `email` is a synthetic email of this run (or of any run when runId is omitted). */
export function carriesTestIdentity(email: string, testDomain: string, runId?: string): boolean {
  const e = email.toLowerCase();
  if (!e.endsWith(`@${testDomain.toLowerCase()}`)) return false;
  const prefix = runId ? `lp.${runId.toLowerCase()}.` : 'lp.';
  return e.startsWith(prefix) && /^lp\.[0-9a-z-]+\.\d+\./.test(e);
}

/** Deterministic per (seed, key): the same --seed gives the same people. */
export function synthesizeLead(opts: { seed: number; key: string; runId: string; seq: number; testDomain: string; given?: LeadAttributes }): Lead {
  const given = opts.given ?? {};
  const country = given.country ?? 'US';
  const f = LOCALES[country] ?? fakerEN_US;
  f.seed(subSeed(opts.seed, opts.key));
  const firstName = given.firstName ?? f.person.firstName();
  const lastName = given.lastName ?? f.person.lastName();
  const company = given.company ?? f.company.name();
  return {
    firstName,
    lastName,
    company,
    // A company name with no Latin letters (Japanese, Chinese, Korean) must not give every such lead
    // one shared website: a CRM duplicate rule on Website would then drop all but the first.
    website: given.website ?? `${ascii(company).slice(0, 24) || `company-${subSeed(opts.seed, `${opts.key}:website`).toString(36)}`}.example`,
    country,
    employees: given.employees ?? f.number.int({ min: 5, max: 80 }),
    title: given.title ?? f.person.jobTitle(),
    phone: given.phone ?? f.phone.number(),
    consent: given.consent ?? true,
    message: given.message ?? '',
    email: testEmail(opts.runId, opts.seq, firstName, opts.testDomain),
  };
}

function subSeed(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0);
}

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
