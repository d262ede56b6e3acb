/**
 * DSSE (Dead Simple Signing Envelope) v1: https://github.com/secure-systems-lab/dsse/blob/master/protocol.md
 * Signatures are over PAE(payloadType, payload), never over the JSON of the envelope, so the
 * envelope can be re-serialised freely without breaking them.
 */
import type { KeyObject } from 'node:crypto';
import { keyIdOf, signBytes, verifyBytes, type SigningKey } from './keys.js';

export interface DsseSignature {
  /** sha256 of the signer's SPKI DER, hex: lets a verifier pick the right key. */
  keyid?: string;
  /** Base64 signature over PAE(payloadType, payload). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

/** An envelope signed by each key given (none: an unsigned envelope with an empty list). */
export function createEnvelope(payloadType: string, payload: Buffer, keys: SigningKey[]): DsseEnvelope {
  const message = pae(payloadType, payload);
  return {
    payloadType,
    payload: payload.toString('base64'),
    signatures: keys.map((k) => ({ keyid: k.keyid, sig: signBytes(k, message).toString('base64') })),
  };
}

export function payloadBytes(envelope: DsseEnvelope): Buffer {
  return Buffer.from(envelope.payload, 'base64');
}

export interface EnvelopeCheck {
  ok: boolean;
  /** Key id of the key that was tried. */
  keyid: string;
  /** Why it failed, in words. */
  reason?: string;
}

/**
 * True when at least one signature verifies with the key. Signatures whose keyid names another
 * key are skipped; signatures without a keyid are tried (the DSSE spec makes keyid optional).
 */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: KeyObject): EnvelopeCheck {
  const keyid = keyIdOf(publicKey);
  if (envelope.signatures.length === 0) return { ok: false, keyid, reason: 'the envelope has no signatures (unsigned run)' };
  const message = pae(envelope.payloadType, payloadBytes(envelope));
  const candidates = envelope.signatures.filter((s) => !s.keyid || s.keyid === keyid);
  if (candidates.length === 0) {
    const ids = envelope.signatures.map((s) => short(s.keyid ?? '?')).join(', ');
    return { ok: false, keyid, reason: `no signature by key ${short(keyid)} (signed by ${ids})` };
  }
  const ok = candidates.some((s) => verifyBytes(publicKey, message, Buffer.from(s.sig, 'base64')));
  return ok ? { ok, keyid } : { ok, keyid, reason: `signature does not verify with key ${short(keyid)} (payload or signature changed)` };
}

/** First 8 hex digits: enough for a person to tell keys apart. */
export function short(keyid: string): string {
  return keyid.slice(0, 8);
}
