/** Writes a fresh key pair to disk: private key 0600 (optionally encrypted), public key SPKI PEM. */
import { chmod, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyError } from './errors.js';
import { generateKeyPair, type KeyAlgorithm } from './keys.js';

export interface KeygenOptions {
  algorithm?: KeyAlgorithm;
  passphrase?: string;
  /** File stem: <name>.key and <name>.pub. Default "leadproof". */
  name?: string;
}

export async function writeKeyPair(outDir: string, opts: KeygenOptions = {}): Promise<{ privatePath: string; publicPath: string; keyid: string }> {
  const name = opts.name ?? 'leadproof';
  if (!/^[\w.-]+$/.test(name)) throw new KeyError(`--name "${name}" must be a plain file name (letters, digits, . _ -).`);
  const { privatePem, publicPem, keyid } = generateKeyPair(opts.algorithm ?? 'ecdsa-p256', opts.passphrase);
  await mkdir(outDir, { recursive: true });
  const privatePath = join(outDir, `${name}.key`);
  const publicPath = join(outDir, `${name}.pub`);
  // 'wx' never overwrites: replacing a key silently would orphan every report it signed.
  await writeNew(privatePath, privatePem, 0o600);
  await writeNew(publicPath, publicPem, 0o644);
  return { privatePath, publicPath, keyid };
}

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', mode);
  } catch (err) {
    const exists = (err as NodeJS.ErrnoException).code === 'EEXIST';
    throw new KeyError(exists ? `${file} already exists; choose another --out folder or --name, or delete the old key on purpose.` : `Cannot write ${file}.`, { cause: err });
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await chmod(file, mode); // the umask may have narrowed or widened the mode given to open()
}
