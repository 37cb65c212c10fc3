import { createHash } from 'node:crypto';
import { getJson } from '../../lib/http';
import { AuthError } from '../../lib/errors';

export interface RedditAuth {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
}

interface Token {
  value: string;
  expiresAt: number;
  /** The credentials it was issued for: a changed secret must not reuse it. */
  credentials: string;
}

/**
 * Tokens live in memory per source, across polls (a connector is created for each poll);
 * never in Postgres or Redis, so a leaked dump holds no working token.
 */
const tokens = new Map<string, Token>();

/** Renew this long before Reddit's stated expiry, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

/** X-Ratelimit-Reset is SECONDS until the window resets (not an epoch, unlike most platforms). */
export function rateLimitReset(res: Response, now: Date): Date | null {
  const v = res.headers.get('x-ratelimit-reset');
  if (v === null || !/^\d+(\.\d+)?$/.test(v.trim())) return null;
  return new Date(now.getTime() + Math.ceil(Number(v) * 1000));
}

export interface RateWindow {
  /** Requests left in this window; Reddit sends a decimal such as "598.0". */
  remaining: number | null;
  resetAt: Date | null;
}

export function readRateWindow(res: Response, now: Date): RateWindow {
  const r = res.headers.get('x-ratelimit-remaining');
  const remaining = r === null || Number.isNaN(Number(r)) ? null : Number(r);
  return { remaining, resetAt: rateLimitReset(res, now) };
}

const fingerprint = (a: RedditAuth) =>
  createHash('sha256').update(`${a.authUrl}\0${a.clientId}\0${a.clientSecret}`).digest('hex');

/** Application-only OAuth (client credentials): a bearer token for public, read-only listings. */
async function fetchToken(auth: RedditAuth, now: Date): Promise<Token> {
  const basic = Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64');
  // A 401/403 here is thrown by getJson as an AuthError: the source stops with that reason.
  const { body } = await getJson(auth.authUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'user-agent': auth.userAgent },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const b = (body ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
  // Reddit answers some refusals (an unknown grant, a suspended app) with 200 and an `error` field.
  if (typeof b.access_token !== 'string' || b.access_token === '') {
    const why = typeof b.error === 'string' || typeof b.error === 'number' ? `: ${b.error}` : '';
    throw new AuthError(`${new URL(auth.authUrl).host} issued no access token${why}`);
  }
  const seconds = typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 3600;
  return {
    value: b.access_token,
    expiresAt: now.getTime() + seconds * 1000 - EXPIRY_MARGIN_MS,
    credentials: fingerprint(auth),
  };
}

export interface RedditClient {
  get(path: string, params: Record<string, string>): Promise<{ body: unknown; window: RateWindow }>;
}

export function createRedditClient(key: string, baseUrl: string, auth: RedditAuth, now: () => Date): RedditClient {
  const token = async (fresh: boolean): Promise<string> => {
    const held = tokens.get(key);
    if (!fresh && held && held.credentials === fingerprint(auth) && held.expiresAt > now().getTime()) return held.value;
    tokens.delete(key);
    const t = await fetchToken(auth, now());
    tokens.set(key, t);
    return t.value;
  };
  const call = async (url: string, bearer: string) =>
    getJson(url, {
      headers: { authorization: `bearer ${bearer}`, 'user-agent': auth.userAgent },
      resetAt: rateLimitReset,
      now,
    });
  return {
    async get(path, params) {
      const url = new URL(path, baseUrl);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      const bearer = await token(false);
      let res;
      try {
        res = await call(url.toString(), bearer);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        // A revoked or expired token: one fresh token and one retry; a second refusal stops the source.
        res = await call(url.toString(), await token(true));
      }
      return { body: res.body, window: readRateWindow(res.res, now()) };
    },
  };
}
