import { describe, expect, it } from 'vitest';
import { carriesTestIdentity, synthesizeLead, testEmail } from './lead.js';

describe('synthesizeLead', () => {
  const base = { runId: '20261122t2301-ab12', testDomain: 'leadproof.test' };
  it('is reproducible from the seed and differs across seeds', () => {
    const a = synthesizeLead({ ...base, seed: 7, key: 'x#0', seq: 1 });
    const b = synthesizeLead({ ...base, seed: 7, key: 'x#0', seq: 1 });
    const c = synthesizeLead({ ...base, seed: 8, key: 'x#0', seq: 1 });
    expect(a).toEqual(b);
    expect(`${c.firstName} ${c.lastName} ${c.company}`).not.toBe(`${a.firstName} ${a.lastName} ${a.company}`);
  });
  it('keeps what the scenario gives and carries the test identity', () => {
    const l = synthesizeLead({ ...base, seed: 1, key: 'k', seq: 3, given: { country: 'DE', employees: 2500, title: 'VP Marketing' } });
    expect(l.country).toBe('DE');
    expect(l.employees).toBe(2500);
    expect(l.title).toBe('VP Marketing');
    expect(carriesTestIdentity(l.email, 'leadproof.test', base.runId)).toBe(true);
    expect(carriesTestIdentity(l.email, 'leadproof.test', 'other-run')).toBe(false);
  });
  it('gives leads whose company names have no Latin letters websites of their own (a Website duplicate rule must not merge them)', () => {
    const sites = new Set(Array.from({ length: 20 }, (_, i) => synthesizeLead({ ...base, seed: 1, key: `jp#${i}`, seq: i, given: { country: 'JP' } }).website));
    expect(sites.size).toBe(20);
  });
});

describe('carriesTestIdentity', () => {
  it('refuses real-looking addresses and other domains', () => {
    expect(carriesTestIdentity('anna@globex.example', 'leadproof.test')).toBe(false);
    expect(carriesTestIdentity('lp.r1.1.anna@globex.example', 'leadproof.test')).toBe(false);
    expect(carriesTestIdentity('anna.lp.r1.1@leadproof.test', 'leadproof.test')).toBe(false);
    expect(carriesTestIdentity(testEmail('r1', 1, 'Jürgen', 'leadproof.test'), 'leadproof.test', 'r1')).toBe(true);
  });
});
