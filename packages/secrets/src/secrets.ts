import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Source credentials at rest: AES-256-GCM (Node's own crypto, no extra dependency) with a random
 * 96-bit IV per value; the auth tag makes any tampering or a wrong key fail loudly.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export class SecretsKeyError extends Error {}

/** SECRETS_KEY is 32 random bytes as base64 or hex (e.g. `openssl rand -base64 32`). */
export function parseSecretsKey(text: string | undefined): Buffer {
  if (!text)
    throw new SecretsKeyError(
      'SECRETS_KEY is not set: it is needed to store source credentials (generate one with `openssl rand -base64 32`)',
    );
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new SecretsKeyError('SECRETS_KEY must be 32 bytes, as base64 (44 characters) or hex (64 characters)');
  return key;
}

export function encryptSecrets(key: Buffer, secrets: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function decryptSecrets(key: Buffer, sealed: string): Record<string, string> {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new SecretsKeyError('stored credentials are not in a format this version can read');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new SecretsKeyError(
      'stored credentials cannot be decrypted: SECRETS_KEY differs from the key they were stored with',
    );
  }
}
