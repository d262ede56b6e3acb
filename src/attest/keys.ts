/**
 * Signing keys. ECDSA P-256 is the default because it is what cosign generates and verifies
 * (`cosign verify-blob-attestation --key leadproof.pub`); Ed25519 is offered for people who
 * prefer it. Everything goes through Node's own crypto so verification works offline.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyError } from './errors.js';

export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

/** A private key ready to sign, with its public half and key id. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** sha256 of the SPKI DER of the public key, hex. */
  keyid: string;
  algorithm: KeyAlgorithm;
}

export interface PublicKeyInfo {
  key: KeyObject;
  keyid: string;
  algorithm: KeyAlgorithm;
}

/** PEM texts of a fresh key pair; the private key is PKCS#8, encrypted when a passphrase is given. */
export function generateKeyPair(algorithm: KeyAlgorithm, passphrase?: string): { privatePem: string; publicPem: string; keyid: string } {
  const encoding = passphrase
    ? { type: 'pkcs8' as const, format: 'pem' as const, cipher: 'aes-256-cbc', passphrase }
    : { type: 'pkcs8' as const, format: 'pem' as const };
  const pub = { type: 'spki' as const, format: 'pem' as const };
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519', { publicKeyEncoding: pub, privateKeyEncoding: encoding })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: pub, privateKeyEncoding: encoding });
  return { privatePem: pair.privateKey, publicPem: pair.publicKey, keyid: keyIdOf(createPublicKey(pair.publicKey)) };
}

/** Key id used in DSSE signatures: sha256 of the public key's SPKI DER, hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function algorithmOf(key: KeyObject, file: string): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  const kind = key.asymmetricKeyType === 'ec' ? `EC ${key.asymmetricKeyDetails?.namedCurve}` : key.asymmetricKeyType;
  throw new KeyError(`${file}: ${kind} keys are not supported; create one with \`npx leadproof keygen --out keys/\` (ECDSA P-256 or --algorithm ed25519).`);
}

/** Loads a PEM private key (PKCS#8 or SEC1), decrypting it with the passphrase when needed. */
export function loadSigningKey(file: string, passphrase?: string): SigningKey {
  const pem = readKeyFile(file);
  if (pem.includes('ENCRYPTED') && !passphrase) {
    throw new KeyError(`${file} is passphrase-protected; set LEADPROOF_SIGNING_KEY_PASSPHRASE (or the command's --passphrase-env variable) and retry.`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch (err) {
    const hint = pem.includes('ENCRYPTED') ? 'check the passphrase' : 'pass the private key file written by `npx leadproof keygen` (PEM)';
    throw new KeyError(`${file} is not a usable private key: ${hint}.`, { cause: err });
  }
  const algorithm = algorithmOf(privateKey, file);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyid: keyIdOf(publicKey), algorithm };
}

/** Loads a PEM public key (SPKI). A private key is accepted too; only its public half is used. */
export function loadPublicKey(file: string): PublicKeyInfo {
  const pem = readKeyFile(file);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new KeyError(`${file} is not a PEM public key; pass the .pub file written by \`npx leadproof keygen\`.`, { cause: err });
  }
  return { key, keyid: keyIdOf(key), algorithm: algorithmOf(key, file) };
}

/** ECDSA signatures are DER-encoded, as cosign writes and expects them. */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  if (key.algorithm === 'ed25519') return sign(null, data, key.privateKey);
  return sign('sha256', data, { key: key.privateKey, dsaEncoding: 'der' });
}

/** Accepts DER and raw r||s (IEEE P1363) ECDSA signatures: other DSSE tools write either. */
export function verifyBytes(publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  const attempt = (run: () => boolean): boolean => {
    try {
      return run();
    } catch {
      return false; // malformed signature bytes are a failed verification, not a crash
    }
  };
  if (publicKey.asymmetricKeyType === 'ed25519') return attempt(() => verify(null, data, publicKey, signature));
  return (['der', 'ieee-p1363'] as const).some((dsaEncoding) =>
    attempt(() => verify('sha256', data, { key: publicKey, dsaEncoding }, signature)),
  );
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyError(`Cannot read key file ${file}; check the path, or create a key pair with \`npx leadproof keygen --out keys/\`.`, { cause: err });
  }
}
