import { describe, expect, it } from 'vitest';
import { checkLine } from './check-words.js';

describe('checkLine', () => {
  it('never repeats the check name the message already opens with', () => {
    expect(checkLine({ name: 'lifecycle', message: 'lifecycle went lead; expected lead → marketingqualifiedlead within 30 s' })).toBe('lifecycle went lead; expected lead → marketingqualifiedlead within 30 s');
    expect(checkLine({ name: 'field utm_source (utm_source)', message: 'utm_source (utm_source) is empty; expected "google"' })).toBe('utm_source (utm_source) is empty; expected "google"');
    expect(checkLine({ name: 'field source', message: 'source is "ORGANIC"; expected "PAID"' })).toBe('source is "ORGANIC"; expected "PAID"');
  });

  it('prefixes a message that does not say what was checked', () => {
    expect(checkLine({ name: 'owner', message: 'went to Tom Reed after 2 s' })).toBe('owner: went to Tom Reed after 2 s');
    expect(checkLine({ name: 'lifecycle', message: 'became salesqualifiedlead after 3 s' })).toBe('lifecycle: became salesqualifiedlead after 3 s');
    // A word that merely starts like the name is not the name.
    expect(checkLine({ name: 'sla', message: 'slack notified' })).toBe('sla: slack notified');
  });
});
