import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { evidenceMode } from './evidence.js';

describe('evidenceMode', () => {
  it('is full for an ordinary run and lean for a volume run, unless LEADPROOF_EVIDENCE says otherwise', () => {
    expect(evidenceMode({}, false)).toBe('full');
    expect(evidenceMode({}, true)).toBe('lean');
    expect(evidenceMode({ LEADPROOF_EVIDENCE: 'full' }, true)).toBe('full');
    expect(evidenceMode({ LEADPROOF_EVIDENCE: ' lean ' }, false)).toBe('lean');
  });

  it('refuses another value with exit 2, naming the variable and the choices', () => {
    let err: unknown;
    try {
      evidenceMode({ LEADPROOF_EVIDENCE: 'some' }, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as Error).message).toContain('environment: LEADPROOF_EVIDENCE: "some" is not an evidence mode: use full');
  });
});
