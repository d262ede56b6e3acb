import type { Stack } from './stack-schema.js';
import type { PersonStore } from './store.js';

/**
 * Pre-existing CRM data, deterministic from the stack's seed, so "flush deletes only test
 * records" can be proven against a CRM that is not empty: contacts at existing customers
 * (owned by the account owner, stage customer) and other prospects.
 */

const FIRST = ['Ada', 'Ben', 'Chloe', 'Diego', 'Elif', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kira', 'Luca', 'Mina', 'Nils', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST = ['Adler', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hoffmann', 'Ito', 'Jansen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Olsen', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const TITLES = ['Marketing Manager', 'VP Sales', 'Head of Growth', 'CFO', 'Operations Lead', 'Engineer'];
const STAGES = ['subscriber', 'lead', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity'];

/** mulberry32: tiny, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedRecords(stack: Stack, store: PersonStore, now: number): void {
  const r = rng(stack.seed.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const countries = Object.values(stack.territories).flat();
  for (let i = 0; i < stack.seed.count; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const customer = stack.customers.length > 0 && i % 4 === 0 ? stack.customers[(i / 4) % stack.customers.length] : undefined;
    const domain = customer ? customer.domain : `prospect${Math.floor(r() * 90) + 10}.example`;
    const owner = customer ? stack.owners.find((o) => o.email === customer.owner)! : pick(stack.owners);
    const at = now - Math.floor(r() * 300 + 1) * 86_400_000;
    store.create(
      {
        email: `${first}.${last}.${i}@${domain}`.toLowerCase(),
        firstName: first,
        lastName: last,
        company: customer ? customer.name : `${last} ${pick(['GmbH', 'Ltd', 'Inc', 'SAS'])}`,
        website: domain,
        country: pick(countries) ?? 'US',
        employees: String(Math.floor(r() * 5000) + 5),
        title: pick(TITLES),
        lifecycle: customer ? 'customer' : pick(STAGES),
        owner: owner.id,
        source: pick(['ORGANIC_SEARCH', 'PAID_SEARCH', 'REFERRALS', 'OFFLINE', 'DIRECT_TRAFFIC']),
      },
      'IMPORT',
      at,
      { seeded: true },
    );
  }
}

/**
 * `parkedInFallback`: real leads sitting with the fallback owner — on Salesforce in the fallback
 * queue when the stack has one, as routing leaves them there — evenly spread between the newest
 * and the oldest age. Flagged `seeded` like all pre-existing data: never test records.
 */
export function seedParked(stack: Stack, store: PersonStore, now: number, flavor: 'hubspot' | 'salesforce'): void {
  const p = stack.parkedInFallback;
  if (!p) return;
  const fallback = stack.owners.find((o) => o.email === stack.fallback.owner)!;
  const owner = flavor === 'salesforce' && stack.fallback.queue ? `queue:${stack.fallback.queue}` : fallback.id;
  const countries = Object.values(stack.territories).flat();
  for (let i = 0; i < p.count; i++) {
    const minutes = p.count === 1 ? p.oldestMinutes : p.oldestMinutes - ((p.oldestMinutes - p.newestMinutes) * i) / (p.count - 1);
    const at = Math.round(now - minutes * 60_000);
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const domain = `parked${i}.example`;
    store.create(
      {
        email: `${first}.${last}.p${i}@${domain}`.toLowerCase(),
        firstName: first,
        lastName: last,
        company: `${last} Holdings`,
        website: domain,
        country: countries[i % countries.length] ?? 'US',
        employees: '40',
        title: TITLES[i % TITLES.length],
        lifecycle: 'lead',
        owner,
        source: i % 2 ? 'PAID_SEARCH' : 'ORGANIC_SEARCH',
        leadSource: i % 2 ? 'Partner Referral' : 'Phone Inquiry',
      },
      'FORM',
      at,
      { seeded: true },
    );
  }
}
