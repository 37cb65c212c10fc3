import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { checkUrlShape, isPrivateAddress } from '@lp/outbound/address-policy';
import { zSourceId, type SourceDetail } from '@lp/contracts/sources';
import {
  SECRET_FIELDS,
  SECRET_REFS_KEY,
  SOURCE_TYPES,
  durationSeconds,
  formatDuration,
  isSourceType,
} from '@lp/contracts/source-types';
import type { Source } from '@lp/db/queries/sources';
import { decryptSecrets } from '@lp/secrets/secrets';
import { ApiError, BadRequestError } from '../../../plugins/external/error-handler';

export const zSourceParams = z.object({ id: zSourceId });

/** The one 404 of the source routes: `notFound('source', id)` → no source "id". */
export const notFound = (what: 'source' | 'import', id: string | number) =>
  new ApiError(404, 'not_found', what === 'source' ? `no source "${id}"` : `no import ${id}`);

/** Checks of a dashboard source's input that zod alone cannot express, with messages for the form. */

export function checkType(type: string): void {
  if (!isSourceType(type))
    throw new BadRequestError(`type: unknown source type "${type}" (known: ${SOURCE_TYPES.join(', ')})`);
}

export function everySeconds(every: string): number {
  const seconds = durationSeconds(every);
  if (seconds === null) throw new BadRequestError(`every: "${every}" is not a duration like 30s, 5m or 1h`);
  return seconds;
}

/** Credentials belong in `secrets` (encrypted), never in `config` (stored and shown in clear). */
export function checkConfig(type: string, config: Record<string, unknown>): void {
  for (const field of SECRET_FIELDS[type] ?? []) {
    if (field in config)
      throw new BadRequestError(`config.${field}: ${field} is a credential; send it in "secrets", never in config`);
  }
  if (SECRET_REFS_KEY in config) throw new BadRequestError(`config.${SECRET_REFS_KEY}: reserved name`);
  const withCredentials = urlWithCredentials(config);
  if (withCredentials) {
    const fields = SECRET_FIELDS[type] ?? [];
    throw new BadRequestError(
      `config.${withCredentials}: a URL must not carry a user name or password (it would be stored and shown in clear); ` +
        (fields.length
          ? `send credentials in "secrets" (${fields.join(', ')})`
          : `${type} sources read public addresses only, so leave them out`),
    );
  }
}

/**
 * Refuses (400) a config whose URLs name this machine or its network, literally or by what their
 * host resolves to now, unless private addresses are allowed. Ingest checks again on every
 * connection and redirect: a name that resolves differently later is caught there.
 */
export async function checkConfigAddresses(config: Record<string, unknown>, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  for (const [path, value] of urlStrings(config)) {
    let url: URL;
    try {
      // A stream address (ws/wss) is checked as the http(s) address it upgrades from.
      url = checkUrlShape(value.replace(/^ws(s?):\/\//i, 'http$1://'));
    } catch (err) {
      throw new BadRequestError(`config.${path}: ${(err as Error).message}`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) continue;
    const addresses = await lookup(host, { all: true }).catch(() => []);
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside)
      throw new BadRequestError(
        `config.${path}: ${host} resolves to ${inside.address}, a loopback, private or link-local address; sources must be public (or set ALLOW_PRIVATE_SOURCE_URLS=true)`,
      );
  }
}

/** Every string in a config that looks like an http(s) or other scheme URL, with its path. */
function urlStrings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string')
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? [[path || '(value)', value.trim()]] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => urlStrings(v, path ? `${path}.${k}` : k));
}

/** A copy with the user information of every URL replaced by `***`. */
export function withoutUrlCredentials(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
  if (Array.isArray(value)) return value.map(withoutUrlCredentials);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutUrlCredentials(v)]));
}

/** The config path of the first string that is a URL with user information (`https://user:pass@…`). */
export function urlWithCredentials(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return null;
    try {
      const url = new URL(value.trim());
      return url.username || url.password ? path || '(value)' : null;
    } catch {
      // Not a parseable URL, yet shaped like one: look for the user-information part by hand.
      return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value.trim()) ? path || '(value)' : null;
    }
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const found = urlWithCredentials(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

export function checkSecrets(type: string, secrets: Record<string, string>, opts: { requireAll: boolean }): void {
  const allowed = SECRET_FIELDS[type] ?? [];
  const unknown = Object.keys(secrets).filter((f) => !allowed.includes(f));
  if (unknown.length > 0)
    throw new BadRequestError(
      allowed.length === 0
        ? `secrets: ${type} sources take no credentials (got ${unknown.join(', ')})`
        : `secrets: ${unknown.join(', ')} not a credential of ${type} sources (expected ${allowed.join(', ')})`,
    );
  const missing = opts.requireAll ? allowed.filter((f) => !secrets[f]) : [];
  if (missing.length > 0) throw new BadRequestError(`secrets: ${type} sources need ${missing.join(', ')}`);
}

/** Which credentials a source has, never their values. Without a usable key, a sealed value counts as all set. */
function secretFieldsOf(source: Source, key: Buffer | null): string[] {
  if (source.managedBy === 'file') {
    const refs = source.config[SECRET_REFS_KEY];
    return refs && typeof refs === 'object' ? Object.keys(refs) : [];
  }
  if (!source.secrets) return [];
  if (key) {
    try {
      return Object.keys(decryptSecrets(key, source.secrets));
    } catch {
      // a rotated key: the credentials exist but cannot be read; list the type's fields
    }
  }
  return SECRET_FIELDS[source.type] ?? [];
}

export function toSourceDetail(source: Source, key: Buffer | null): SourceDetail {
  const { [SECRET_REFS_KEY]: _refs, ...config } = source.config;
  return {
    id: source.id,
    type: source.type,
    managedBy: source.managedBy === 'dashboard' ? 'dashboard' : 'file',
    enabled: source.enabled,
    synthetic: source.synthetic,
    every: formatDuration(source.pollEverySeconds),
    // Stored before URLs with credentials were refused (or written so in a sources file): never shown.
    config: withoutUrlCredentials(config) as Record<string, unknown>,
    secretFields: secretFieldsOf(source, key),
    state: source.state,
    lastError: source.lastError,
    lastSuccessAt: source.lastSuccessAt?.toISOString() ?? null,
    notBefore: source.notBefore?.toISOString() ?? null,
  };
}
