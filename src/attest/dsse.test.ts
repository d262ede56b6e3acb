import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnvelope, pae, verifyEnvelope, type DsseEnvelope } from './dsse.js';
import { generateKeyPair, keyIdOf, type SigningKey } from './keys.js';

// The team's shared folder sits beside the repository (CI clones main next to it).
const vector = JSON.parse(readFileSync(new URL('../../../shared/vectors/dsse-protocol-example.json', import.meta.url), 'utf8'));

/** Decimal coordinate → 32-byte big-endian base64url, as a JWK wants it. */
const b64u = (dec: string) => Buffer.from(BigInt(dec).toString(16).padStart(64, '0'), 'hex').toString('base64url');
const jwk = { kty: 'EC', crv: 'P-256', x: b64u(vector.key.x), y: b64u(vector.key.y) };

function keyFrom(pem: { privatePem: string }): SigningKey {
  const privateKey = createPrivateKey(pem.privatePem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyid: keyIdOf(publicKey), algorithm: privateKey.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'ecdsa-p256' };
}

describe('DSSE PAE and the spec test vector', () => {
  it('encodes PAE exactly as the spec example', () => {
    expect(pae(vector.payloadType, Buffer.from(vector.payloadUtf8)).toString('utf8')).toBe(vector.pae);
  });

  it('counts lengths in bytes, not characters', () => {
    expect(pae('t', Buffer.from('é', 'utf8')).toString('utf8')).toBe('DSSEv1 1 t 2 é');
  });

  it('verifies the published P1363 signature with the vector key rebuilt from x/y', () => {
    const env: DsseEnvelope = vector.envelope;
    expect(verifyEnvelope(env, createPublicKey({ key: jwk, format: 'jwk' })).ok).toBe(true);
    const tampered = { ...env, payload: Buffer.from('hello world!').toString('base64') };
    expect(verifyEnvelope(tampered, createPublicKey({ key: jwk, format: 'jwk' })).ok).toBe(false);
  });

  it('the vector private key (d) produces signatures the vector public key accepts', () => {
    const priv = createPrivateKey({ key: { ...jwk, d: b64u(vector.key.d) }, format: 'jwk' });
    const message = Buffer.from(vector.pae);
    const sig = sign('sha256', message, { key: priv, dsaEncoding: 'ieee-p1363' });
    const env = { payloadType: vector.payloadType, payload: vector.envelope.payload, signatures: [{ sig: sig.toString('base64') }] };
    expect(verifyEnvelope(env, createPublicKey(priv)).ok).toBe(true);
  });
});

describe('sign and verify envelopes', () => {
  for (const algorithm of ['ecdsa-p256', 'ed25519'] as const) {
    it(`round-trips with ${algorithm} and rejects changes`, () => {
      const key = keyFrom(generateKeyPair(algorithm));
      const env = createEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), [key]);
      expect(env.signatures[0]!.keyid).toBe(key.keyid);
      expect(verifyEnvelope(env, key.publicKey).ok).toBe(true);
      expect(verifyEnvelope({ ...env, payload: Buffer.from('{"a":2}').toString('base64') }, key.publicKey).ok).toBe(false);
      expect(verifyEnvelope({ ...env, payloadType: 'text/plain' }, key.publicKey).ok).toBe(false);
      const other = keyFrom(generateKeyPair(algorithm));
      expect(verifyEnvelope(env, other.publicKey)).toMatchObject({ ok: false, reason: expect.stringContaining('no signature by key') });
    });
  }

  it('writes ECDSA signatures in DER, as cosign does', () => {
    const key = keyFrom(generateKeyPair('ecdsa-p256'));
    const sig = Buffer.from(createEnvelope('x', Buffer.from('y'), [key]).signatures[0]!.sig, 'base64');
    expect(sig[0]).toBe(0x30); // DER SEQUENCE
  });

  it('treats an envelope without signatures as unverified', () => {
    const key = keyFrom(generateKeyPair('ecdsa-p256'));
    expect(verifyEnvelope(createEnvelope('x', Buffer.from('y'), []), key.publicKey).reason).toMatch(/unsigned/);
  });
});
