import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecrets, encryptSecrets, parseSecretsKey } from './secrets';

describe('source credentials at rest', () => {
  const key = randomBytes(32);
  it('round-trips and never stores the clear text', () => {
    const sealed = encryptSecrets(key, { bearerToken: 'AAAA-very-secret' });
    expect(sealed).not.toContain('very-secret');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(decryptSecrets(key, sealed)).toEqual({ bearerToken: 'AAAA-very-secret' });
    // A fresh IV each time: the same secret never seals to the same text.
    expect(encryptSecrets(key, { bearerToken: 'AAAA-very-secret' })).not.toBe(sealed);
  });

  it('fails loudly with a wrong key or tampered text', () => {
    const sealed = encryptSecrets(key, { a: 'b' });
    expect(() => decryptSecrets(randomBytes(32), sealed)).toThrow(/SECRETS_KEY differs/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecrets(key, parts.join('.'))).toThrow(/cannot be decrypted/);
  });

  it('reads keys as base64 or hex and rejects bad ones', () => {
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(() => parseSecretsKey(undefined)).toThrow(/not set/);
    expect(() => parseSecretsKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
