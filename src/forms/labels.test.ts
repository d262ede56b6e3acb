import { describe, expect, it } from 'vitest';
import { chooseOption, countryNames, labelPattern } from './labels.js';

describe('labelPattern', () => {
  it('ignores a required-field asterisk, surrounding whitespace and case', () => {
    const p = labelPattern('First name');
    for (const shown of ['First name', 'First name*', ' First name *', '* First name', 'First  name\n*', 'first Name', 'First name:', 'First name: *', 'First name*:']) expect(shown).toMatch(p);
  });

  it('reads HubSpot\'s <span class="hs-form-required">*</span> label as the same name', () => {
    // The accessible text of <label><span>Company name</span><span class="hs-form-required">*</span></label>.
    expect('Company name*').toMatch(labelPattern('Company name'));
    // A profile written with the asterisk still matches a label without one.
    expect('Company name').toMatch(labelPattern('Company name*'));
  });

  it('does not let one label mean a longer one', () => {
    expect('Company website').not.toMatch(labelPattern('Company'));
    expect('Company').not.toMatch(labelPattern('Company website'));
    expect('Email*').not.toMatch(labelPattern('E.mail'));
  });
});

describe('chooseOption', () => {
  const byName = [{ value: '', label: 'Please select' }, { value: 'Germany', label: 'Germany' }, { value: 'United States', label: 'United States' }, { value: 'Türkiye', label: 'Türkiye' }];
  const byCode = [{ value: 'DE', label: 'Germany' }, { value: 'US', label: 'United States' }];

  it('picks the country named by the ISO code the scenario gives', () => {
    expect(chooseOption('country', 'DE', byName)).toBe('Germany');
    expect(chooseOption('country', 'TR', byName)).toBe('Türkiye');
    expect(chooseOption('country', 'US', [{ value: 'USA', label: 'United States of America' }])).toBe('USA');
  });

  it('still picks an option whose value is the code', () => {
    expect(chooseOption('country', 'DE', byCode)).toBe('DE');
    expect(chooseOption('country', 'Germany', byCode)).toBe('DE');
  });

  it('is null when no option fits, and reads codes as countries only for the country', () => {
    expect(chooseOption('country', 'FR', byName)).toBeNull();
    expect(chooseOption('title', 'DE', byName)).toBeNull();
    expect(countryNames('ZZ')).toEqual([]);
    expect(countryNames('XX')).toEqual([]);
    expect(countryNames('Germany')).toEqual([]);
  });
});
