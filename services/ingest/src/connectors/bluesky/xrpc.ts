import { parseRetryAfter } from '../../lib/http';
import { blockedAddress } from '@lp/outbound/address-policy';
import { guardedFetch } from '@lp/outbound/guarded-fetch';
import { PermanentError, RateLimitedError, TransientError } from '../../lib/errors';

/** Default wait when a 429 carries neither Retry-After nor ratelimit-reset. */
const DEFAULT_RETRY_MS = 60_000;
/** Longer than a slow search, shorter than the poll lease (120 s). */
const TIMEOUT_MS = 30_000;

/**
 * A 400/401/403 with the XRPC error body ({ error, message }). Kept apart from the poller's
 * classes because an expired access token (400 ExpiredToken, or 401) means "refresh and retry",
 * which lib/http's getJson cannot tell apart: it discards 4xx bodies.
 */
export class XrpcRejection extends Error {
  constructor(
    readonly nsid: string,
    readonly status: number,
    readonly error: string,
    detail: string,
  ) {
    super(`${nsid} answered ${status} ${error}${detail ? `: ${detail}` : ''}`);
    this.name = 'XrpcRejection';
  }
  get tokenExpired(): boolean {
    return this.status === 401 || this.error === 'ExpiredToken' || this.error === 'InvalidToken';
  }
}

export interface RateLimit {
  remaining: number | null;
  resetAt: Date | null;
}

/** Bluesky sends the end of its window as epoch seconds in ratelimit-reset (with ratelimit-policy "N;w=secs"). */
export function readRateLimit(headers: Headers): RateLimit {
  const remaining = headers.get('ratelimit-remaining');
  const reset = headers.get('ratelimit-reset');
  return {
    remaining: remaining !== null && /^\d+$/.test(remaining.trim()) ? Number(remaining) : null,
    resetAt: reset !== null && /^\d+$/.test(reset.trim()) ? new Date(Number(reset) * 1000) : null,
  };
}

export interface XrpcCall {
  service: string;
  nsid: string;
  params?: Record<string, string | undefined>;
  /** POST with this JSON body (procedures); queries are GET. */
  body?: unknown;
  /** POST with no body (refreshSession). */
  post?: boolean;
  token?: string;
  now: () => Date;
}

/** One XRPC call, its outcome sorted like lib/http's getJson, except 4xx rejections carry their XRPC error. */
export async function xrpc(call: XrpcCall): Promise<{ body: unknown; rate: RateLimit }> {
  const url = new URL(`/xrpc/${call.nsid}`, call.service);
  for (const [k, v] of Object.entries(call.params ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const host = url.host;
  let res: Response;
  try {
    res = await guardedFetch(url, {
      method: call.body !== undefined || call.post ? 'POST' : 'GET',
      headers: {
        accept: 'application/json',
        'user-agent': 'ListeningPost/0.1 (NHS social listening)',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const blocked = blockedAddress(err);
    if (blocked) throw new PermanentError(`not fetched: ${blocked.message}`);
    throw new TransientError(`request to ${host} failed: ${(err as Error).message}`);
  }
  const rate = readRateLimit(res.headers);
  if (res.status === 429) {
    await res.body?.cancel();
    const at =
      parseRetryAfter(res.headers.get('retry-after'), call.now()) ??
      rate.resetAt ??
      new Date(call.now().getTime() + DEFAULT_RETRY_MS);
    throw new RateLimitedError(`rate limited by ${host} until ${at.toISOString()}`, at);
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw new TransientError(`${host} answered ${res.status} ${res.statusText} for ${call.nsid}`);
  }
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    const err = (await res.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
    // Only the XRPC error name and a short message: they describe the request, never the credentials.
    const name = typeof err?.error === 'string' ? err.error.slice(0, 64) : res.statusText;
    const detail = typeof err?.message === 'string' ? err.message.slice(0, 200) : '';
    throw new XrpcRejection(call.nsid, res.status, name, detail);
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel();
    throw new PermanentError(
      `${host} answered ${res.status} for /xrpc/${call.nsid}: is ${call.service} an AT Protocol service?`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new TransientError(`${host} answered ${res.status} ${res.statusText} for ${call.nsid}`);
  }
  try {
    return { body: await res.json(), rate };
  } catch (err) {
    throw new TransientError(`${host} sent a body that is not JSON: ${(err as Error).message}`);
  }
}
