import { blockedAddress } from '@lp/outbound/address-policy';
import { guardedFetch } from '@lp/outbound/guarded-fetch';
import { AuthError, PermanentError, RateLimitedError, TransientError } from './errors';

/** Default wait when a 429 carries no usable Retry-After or reset header. */
const DEFAULT_RETRY_MS = 60_000;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : new Date(at);
}

export interface GetJsonOptions {
  headers?: Record<string, string>;
  /** Defaults to GET. */
  method?: 'GET' | 'POST';
  /** A JSON body (sent as application/json) or a form (URLSearchParams, sent urlencoded). */
  body?: unknown;
  timeoutMs?: number;
  /** Reads a platform-specific reset header when Retry-After is absent. */
  resetAt?: (res: Response, now: Date) => Date | null;
  now?: () => Date;
  /**
   * Platforms that say what went wrong in the body (Facebook's error codes, Google's reasons):
   * given a non-2xx answer's JSON body, return the poller's error for it, or null for the default.
   */
  errorFromBody?: (status: number, body: unknown, res: Response, now: Date) => Error | null;
}

/** A request (GET by default) that turns HTTP outcomes into the poller's error classes. */
export async function getJson(url: string, opts: GetJsonOptions = {}): Promise<{ body: unknown; res: Response }> {
  const now = opts.now ?? (() => new Date());
  let res: Response;
  try {
    const form = opts.body instanceof URLSearchParams;
    res = await guardedFetch(url, {
      method: opts.method ?? 'GET',
      headers: {
        accept: 'application/json',
        'user-agent': 'ListeningPost/0.1 (NHS social listening)',
        ...(opts.body === undefined
          ? {}
          : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : form ? String(opts.body) : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (err) {
    const blocked = blockedAddress(err);
    // A refused address will be refused again: no retry, the reason on the source.
    if (blocked) throw new PermanentError(`not fetched: ${blocked.message}`);
    throw new TransientError(`request to ${new URL(url).host} failed: ${(err as Error).message}`);
  }
  if (!res.ok && opts.errorFromBody) {
    let body: unknown = null;
    try {
      body = JSON.parse(await res.text());
    } catch {
      body = null;
    }
    const mapped = opts.errorFromBody(res.status, body, res, now());
    if (mapped) throw mapped;
    // The body is read: the defaults below only look at the status and headers.
    res = new Response(null, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  if (res.status === 429) {
    const at =
      parseRetryAfter(res.headers.get('retry-after'), now()) ??
      opts.resetAt?.(res, now()) ??
      new Date(now().getTime() + DEFAULT_RETRY_MS);
    await res.body?.cancel();
    throw new RateLimitedError(`rate limited by ${new URL(url).host} until ${at.toISOString()}`, at);
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw new TransientError(`${new URL(url).host} answered ${res.status} ${res.statusText}`);
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    // Worded for the health table: the status first, then what it means.
    const { host, pathname } = new URL(url);
    throw new AuthError(
      res.status === 401
        ? `401: the token was refused by ${host} (${res.statusText}) for ${pathname}; it is wrong, expired or revoked`
        : `403: ${host} refused access with this token (${res.statusText}) for ${pathname}; it lacks the permission or the account is blocked`,
    );
  }
  // A request the platform calls malformed (a bad query, say) will not heal by retrying: stop and say why.
  if (res.status === 400 || res.status === 404 || res.status === 410 || res.status === 422) {
    await res.body?.cancel();
    throw new PermanentError(
      `${new URL(url).host} answered ${res.status} ${res.statusText} for ${new URL(url).pathname}`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new TransientError(`${new URL(url).host} answered ${res.status} ${res.statusText}`);
  }
  try {
    return { body: await res.json(), res };
  } catch (err) {
    throw new TransientError(`${new URL(url).host} sent a body that is not JSON: ${(err as Error).message}`);
  }
}
