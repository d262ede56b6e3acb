import { describe, expect, it } from 'vitest';
import { DEFAULT_STACK } from '../index.js';
import { loadStack } from './index.js';
import { territoryOf } from './routing.js';

describe('territoryOf', () => {
  const { stack } = loadStack(DEFAULT_STACK);

  it('reads a country given by ISO code or by the English name a HubSpot country list posts', () => {
    expect(territoryOf(stack, 'DE')).toBe(territoryOf(stack, 'Germany'));
    expect(territoryOf(stack, 'Germany')).not.toBeNull();
    expect(territoryOf(stack, ' united states ')).toBe(territoryOf(stack, 'us'));
    expect(territoryOf(stack, 'Atlantis')).toBeNull();
  });
});
