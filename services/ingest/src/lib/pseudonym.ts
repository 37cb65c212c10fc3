import { createHmac, randomBytes } from 'node:crypto';
import type { PseudonymKey } from './pseudonym-keys';

export type Pseudonymise = (platform: string, handle: string) => string;

/**
 * Keyed pseudonyms (HMAC-SHA256): the same author gets the same pseudonym across posts, and
 * without the key nobody can test a guessed handle against it. The key's id is written into the
 * pseudonym: `a_…` for key 1 (as every pseudonym was before keys had versions), `a<id>_…` for others.
 */
export function createPseudonymiser(key: PseudonymKey | string): Pseudonymise {
  const { id, secret } = typeof key === 'string' ? { id: '1', secret: key } : key;
  const prefix = id === '1' ? 'a_' : `a${id}_`;
  return (platform, handle) =>
    prefix +
    createHmac('sha256', secret).update(`${platform}:${handle.trim().toLowerCase()}`).digest('base64url').slice(0, 22);
}

/** Which key made a pseudonym (null: not one of ours). */
export function keyIdOfPseudonym(pseudonym: string): string | null {
  const m = /^a([a-z0-9]{0,8})_[A-Za-z0-9_-]{22}$/.exec(pseudonym);
  if (!m) return null;
  return m[1] === '' ? '1' : m[1]!;
}

/** An author's pseudonym under every key version: how they are found after a rotation. */
export function pseudonymsOf(keys: readonly PseudonymKey[], platform: string, handle: string): string[] {
  return keys.map((k) => createPseudonymiser(k)(platform, handle));
}

export const generatePseudonymKey = (): string => randomBytes(32).toString('base64url');

/**
 * The pseudonymiser ingest uses: the current key's pseudonym, except for an erased author. An
 * erasure lists the author under every key in use at the time, and the stores drop their posts;
 * after a later rotation the new key gives them a pseudonym the list does not hold, so this also
 * hashes under the older keys and, when one of those is listed, answers it instead (and the
 * stores drop the post as before). `suppressed` is the list as last read.
 */
export function createRingPseudonymiser(
  keys: readonly PseudonymKey[],
  suppressed: () => ReadonlySet<string>,
): Pseudonymise {
  const [current, ...older] = keys.map((k) => createPseudonymiser(k));
  if (!current) throw new Error('no pseudonym key');
  return (platform, handle) => {
    const mine = current(platform, handle);
    const listed = suppressed();
    if (listed.size === 0 || older.length === 0) return mine;
    for (const p of older) {
      const old = p(platform, handle);
      if (listed.has(old)) return old;
    }
    return mine;
  };
}
