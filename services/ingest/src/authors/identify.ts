import { xrpc } from '../connectors/bluesky/xrpc';
import { pseudonymsOf } from '../lib/pseudonym';
import type { PseudonymKey } from '../lib/pseudonym-keys';

/** Platforms whose authors have pseudonyms (the file source's own platform is 'file'). */
export const AUTHOR_PLATFORMS = [
  'x',
  'bluesky',
  'mastodon',
  'reddit',
  'rss',
  'facebook',
  'linkedin',
  'youtube',
  'file',
  'demo',
] as const;

export interface AuthorIdentity {
  platform: string;
  /** What the connector hashes for this platform: a username, `user@instance`, a DID… */
  identifier: string;
  /** Every form the request named (handle and DID), to find quarantined payloads by. */
  identifiers: string[];
  /** The author's pseudonym under each key version, the one in use first. */
  pseudonyms: Array<{ keyId: string; pseudonym: string }>;
}

export type ResolveHandle = (handle: string) => Promise<string>;

/** Bluesky's public resolver (no account needed): handle → DID. */
export function blueskyResolver(service: string): ResolveHandle {
  return async (handle) => {
    const { body } = await xrpc({
      service,
      nsid: 'com.atproto.identity.resolveHandle',
      params: { handle },
      now: () => new Date(),
    });
    const did = (body as { did?: unknown } | null)?.did;
    if (typeof did !== 'string' || !did.startsWith('did:'))
      throw new Error(`${service} did not resolve ${handle} to a DID`);
    return did;
  };
}

/**
 * A person's handle as the connectors hash it: `@name` and `u/name` lose their prefix, a Mastodon
 * account keeps its instance (`name@instance`), and a Bluesky handle is resolved to the DID its
 * posts carry (handles change; DIDs do not). A file import hashes the author cell as it was written
 * (perhaps with its `@`), so every form given is hashed too. Any platform a file source names is
 * accepted besides the connectors' own.
 */
export async function identifyAuthor(
  keys: readonly PseudonymKey[],
  platform: string,
  handle: string,
  resolveBluesky: ResolveHandle,
): Promise<AuthorIdentity> {
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(platform))
    throw new Error(
      `unknown platform "${platform}": one of ${AUTHOR_PLATFORMS.join(', ')}, or a file source's platform`,
    );
  const given = handle.trim();
  if (given === '') throw new Error('a handle is needed');
  let id = given;
  if (platform === 'x' || platform === 'mastodon' || platform === 'bluesky') id = id.replace(/^@/, '');
  if (platform === 'reddit') id = id.replace(/^\/?u\//i, '');
  if (platform === 'mastodon' && !id.includes('@'))
    throw new Error('a Mastodon account needs its instance: name@instance.example');
  const forms = [given, id, given.replace(/^@/, '')];
  if (platform === 'bluesky' && !id.startsWith('did:')) {
    id = await resolveBluesky(id);
    forms.push(id);
  }
  // pseudonymise() trims and lower-cases: forms differing only so are one.
  const identifiers = [...new Set(forms.map((f) => f.toLowerCase()))];
  const pseudonyms = keys.flatMap((k) =>
    identifiers.map((f) => ({ keyId: k.id, pseudonym: pseudonymsOf([k], platform, f)[0]! })),
  );
  return { platform, identifier: id, identifiers, pseudonyms };
}
