import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyError } from './errors.js';
import { writeKeyPair } from './keygen.js';
import { loadPublicKey, loadSigningKey } from './keys.js';

describe('writeKeyPair', () => {
  it('writes a P-256 pair by default: private key 0600, SPKI public key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-keys-'));
    const { privatePath, publicPath, keyid } = await writeKeyPair(dir);
    expect((await stat(privatePath)).mode & 0o777).toBe(0o600);
    expect(await readFile(publicPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(loadSigningKey(privatePath)).toMatchObject({ algorithm: 'ecdsa-p256', keyid });
    expect(loadPublicKey(publicPath).keyid).toBe(keyid);
  });

  it('encrypts with a passphrase and refuses to load without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-keys-'));
    const { privatePath } = await writeKeyPair(dir, { algorithm: 'ed25519', passphrase: 's3cret' });
    expect(await readFile(privatePath, 'utf8')).toMatch(/ENCRYPTED PRIVATE KEY/);
    expect(() => loadSigningKey(privatePath)).toThrow(/passphrase-protected/);
    expect(() => loadSigningKey(privatePath, 'wrong')).toThrow(KeyError);
    expect(loadSigningKey(privatePath, 's3cret').algorithm).toBe('ed25519');
  });

  it('never overwrites an existing key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-keys-'));
    await writeKeyPair(dir);
    await expect(writeKeyPair(dir)).rejects.toThrow(/already exists/);
  });
});
