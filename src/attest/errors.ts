import { LeadproofError } from '../errors.js';

/** A key file is missing, unreadable, of the wrong type, or needs a passphrase. */
export class KeyError extends LeadproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('KEY_INVALID', message, { ...options, exitCode: 2 });
  }
}

/** A signature or a digest did not hold. Exit 1: the artifacts must not be trusted. */
export class VerificationError extends LeadproofError {
  constructor(message: string) {
    super('VERIFY_FAILED', message, { exitCode: 1 });
  }
}

/** Sign-off was refused by policy (same key as the builder, failed run without a reason...). */
export class SignOffRefusedError extends LeadproofError {
  constructor(message: string) {
    super('SIGN_OFF_REFUSED', message, { exitCode: 1 });
  }
}

/** A run folder lacks an artifact or holds one that cannot be parsed. */
export class ArtifactError extends LeadproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ARTIFACT_INVALID', message, { ...options, exitCode: 2 });
  }
}

/** A flag names something that does not exist (a role the policy lacks, an unknown checklist item): exit 2. */
export class SignInputError extends LeadproofError {
  constructor(message: string) {
    super('SIGN_INPUT_INVALID', message, { exitCode: 2 });
  }
}
