/** Runtime schema of `journey:` in a scenario file (see types.ts for the meaning of each key). */
import { z } from 'zod';
import { parseDuration } from '../scenario/duration.js';

/** A journey is a test, not a real week: a step waits at most this long. */
export const MAX_WAIT_MS = 10 * 60_000;

export const touchUtmSchema = z.strictObject({
  source: z.string().optional(),
  medium: z.string().optional(),
  campaign: z.string().optional(),
  term: z.string().optional(),
  content: z.string().optional(),
});

export const referrerSchema = z.string().url('must be a full URL such as https://www.google.com/');

const wait = z.string().refine((s) => {
  const ms = parseDuration(s);
  return ms !== null && ms <= MAX_WAIT_MS;
}, 'must be a duration of at most 10m such as "2s" or "1m"');

export const journeySchema = z.array(
  z.strictObject({
    visit: z.strictObject({
      url: z.string().min(1).optional(),
      utm: touchUtmSchema.optional(),
      referrer: referrerSchema.optional(),
      query: z.record(z.string(), z.string()).optional(),
    }).optional(),
    wait: wait.optional(),
  }).refine((s) => s.visit !== undefined || s.wait !== undefined, 'a journey step needs a visit, a wait, or both, e.g. { visit: { utm: { source: linkedin, medium: paid_social } }, wait: 2s }'),
).min(1, 'needs at least one step; leave journey out for a single-touch lead').max(20, 'has more than 20 steps');
