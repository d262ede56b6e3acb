/**
 * The UTM taxonomy file (`taxonomy.yaml`): the one place that says which channels exist, which
 * utm_source / utm_medium values each may carry, how campaigns are named, and which source value
 * each CRM must compute for the channel. Strict objects, so a typo is reported, not ignored.
 */
import { z } from 'zod';
import { isRegExp } from '../scenario/schema.js';

/** A UTM value: exactly this string (case matters, as in every analytics tool), or a pattern. */
export type UtmValueRule = string | { pattern: string };

/** Per-CRM value, or one value for every CRM. */
export type PerCrm<T> = T | Partial<Record<'hubspot' | 'salesforce', T>>;

export interface TaxonomyChannel {
  /** What the channel is, for people ("Google and Bing Ads"). */
  description?: string;
  /** Allowed utm_source values (one value or a list). A channel that lists neither utm_source nor utm_medium takes no UTMs. */
  utm_source?: UtmValueRule[];
  /** Allowed utm_medium values. */
  utm_medium?: UtmValueRule[];
  /** Visits may also arrive without any UTM (from a referrer, a typed URL). Implied for a channel with no UTM lists. */
  untagged?: boolean;
  /** Query parameters of auto-tagged clicks (gclid, msclkid) that stand in for UTMs. */
  clickIds?: string[];
  /** Source value(s) the CRM must compute for this channel: one for all CRMs, or per CRM. A list allows any of them. */
  crmSource?: PerCrm<string | string[]>;
}

export interface Taxonomy {
  /** Schema version of the file; 1. */
  version: 1;
  /** Campaign naming rule, applied to utm_campaign. */
  campaign?: {
    /** Regular expression every utm_campaign must match, e.g. "^[a-z0-9]+(-[a-z0-9]+)*$". */
    pattern?: string;
    /** A tagged visit must carry a utm_campaign. Default false. */
    required?: boolean;
    /** A name that follows the rule, shown in error messages. */
    example?: string;
  };
  /** The CRM field (native name) that holds the computed source: hs_analytics_source, LeadSource, ... */
  sourceField?: Partial<Record<'hubspot' | 'salesforce', string>>;
  /** Channels by id, the ids scenarios use in `channel:` and campaign CSVs in their channel column. */
  channels: Record<string, TaxonomyChannel>;
}

const regex = z.string().min(1).refine(isRegExp, 'is not a valid regular expression');
const valueRule = z.union([z.string().min(1), z.strictObject({ pattern: regex })], { error: 'must be a value such as "cpc" or { pattern: "^q[1-4]-" }' });
/** A single value is shorthand for a list of one (`utm_medium: cpc`). */
const valueRules = z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(valueRule).min(1));
const sourceValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const crmNames = z.strictObject({ hubspot: z.string().min(1).optional(), salesforce: z.string().min(1).optional() });

const channelSchema = z.strictObject({
  description: z.string().optional(),
  utm_source: valueRules.optional(),
  utm_medium: valueRules.optional(),
  untagged: z.boolean({ message: 'must be true or false' }).optional(),
  clickIds: z.array(z.string().min(1)).min(1).optional(),
  crmSource: z.union([sourceValue, z.strictObject({ hubspot: sourceValue.optional(), salesforce: sourceValue.optional() })], {
    error: 'must be a source value (PAID_SEARCH), a list of them, or one per CRM: { hubspot: PAID_SEARCH, salesforce: Advertisement }',
  }).optional(),
});

export const taxonomySchema = z.strictObject({
  version: z.literal(1, { message: 'must be 1 (the taxonomy schema version)' }),
  campaign: z.strictObject({ pattern: regex.optional(), required: z.boolean({ message: 'must be true or false' }).optional(), example: z.string().optional() }).optional(),
  sourceField: crmNames.optional(),
  channels: z.record(z.string(), channelSchema).superRefine((c, ctx) => {
    if (Object.keys(c).length === 0) ctx.addIssue({ code: 'custom', message: 'lists no channel; add at least one (see README "UTM taxonomy")' });
    for (const id of Object.keys(c)) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) ctx.addIssue({ code: 'custom', path: [id], message: `"${id}" is not a channel id: write it in kebab-case, such as paid-search (scenarios name it in channel:)` });
    }
  }),
});

