import { describe, expect, it } from 'vitest';
import { PersonStore } from './store.js';

describe('PersonStore email index', () => {
  it('finds records by email case-insensitively, oldest first, following email changes and archives', () => {
    const s = new PersonStore();
    const a = s.create({ email: 'A@x.test', firstname: 'A' }, 'FORM', 1);
    const b = s.create({ email: 'a@X.test' }, 'FORM', 2);
    const c = s.create({ email: 'c@x.test' }, 'FORM', 3);
    expect(s.byEmail('a@x.TEST').map((r) => r.id)).toEqual([a.id, b.id]);
    s.write(c, { email: 'A@x.test' }, 'API', 4);
    expect(s.byEmail('a@x.test').map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(s.byEmail('c@x.test')).toEqual([]);
    s.write(a, { email: 'new@x.test' }, 'API', 5);
    s.archive(b.id);
    expect(s.byEmail('a@x.test').map((r) => r.id)).toEqual([c.id]);
    expect(s.byEmail('new@x.test').map((r) => r.id)).toEqual([a.id]);
  });
});
