/**
 * Per-page form tokens for stack forms with `nonce: true`: the landing page embeds a fresh one,
 * the forms endpoint accepts each once. Signed with a per-process secret, so a token cannot be
 * made up, and remembered once used, so a captured request cannot be posted again.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const NONCE_FIELD = 'form_nonce';
const SECRET = randomBytes(32);
const used = new Set<string>();

export function issueNonce(formId: string): string {
  const id = randomBytes(12).toString('hex');
  return `${id}.${sign(formId, id)}`;
}

/** Null when the token is good (and now spent), else why not. */
export function spendNonce(formId: string, token: string | undefined): string | null {
  if (!token) return 'missing';
  const [id, mac] = token.split('.');
  if (!id || mac !== sign(formId, id)) return 'not issued by this page';
  if (used.has(id)) return 'already used';
  used.add(id);
  return null;
}

function sign(formId: string, id: string): string {
  return createHmac('sha256', SECRET).update(`${formId}:${id}`).digest('hex').slice(0, 32);
}
