import { describe, expect, it } from 'vitest';
import type { OwnerInfo } from '../crm/adapter.js';
import { checkOwnerExpectation } from './owner-preflight.js';

const user = (email: string, active = true): OwnerInfo => ({ id: email, kind: 'user', name: email.split('@')[0], email, teams: ['SMB'], active });
const owners = [user('priya@acme.example', false), user('liam@acme.example'), user('emma@acme.example')];

describe('checkOwnerExpectation', () => {
  it('a pool with one deactivated member is a warning naming that member, not a stop', () => {
    const f = checkOwnerExpectation({ oneOf: ['priya@acme.example', 'liam@acme.example', 'emma@acme.example'] }, owners);
    expect(f.problem).toBeUndefined();
    expect(f.warning).toContain('priya@acme.example is a deactivated user in the CRM');
  });

  it('an owner nobody knows is still a problem, and a deactivated one is named as such', () => {
    expect(checkOwnerExpectation({ oneOf: ['ghost@acme.example', 'liam@acme.example'] }, owners).problem).toBe('"ghost@acme.example" is not an owner in the CRM.');
    expect(checkOwnerExpectation({ email: 'priya@acme.example' }, owners).problem).toContain('is a deactivated user in the CRM');
    expect(checkOwnerExpectation({ email: 'liam@acme.example' }, owners)).toEqual({});
  });

  it('a team made only of deactivated users is not a team anyone can be routed to', () => {
    expect(checkOwnerExpectation({ team: 'SMB' }, [user('priya@acme.example', false)]).problem).toContain('"SMB" is not a team in the CRM');
  });
});
