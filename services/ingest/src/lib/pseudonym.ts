import { createHmac, randomBytes } from 'node:crypto';

export type Pseudonymise = (platform: string, handle: string) => string;

/**
 * Keyed pseudonyms (HMAC-SHA256): the same author gets the same pseudonym across posts, and
 * without the key nobody can test a guessed handle against it.
 */
export function createPseudonymiser(key: string): Pseudonymise {
  return (platform, handle) =>
    'a_' +
    createHmac('sha256', key).update(`${platform}:${handle.trim().toLowerCase()}`).digest('base64url').slice(0, 22);
}

export const generatePseudonymKey = (): string => randomBytes(32).toString('base64url');
