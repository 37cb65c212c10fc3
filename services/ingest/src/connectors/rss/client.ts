import { AuthError, PermanentError, RateLimitedError, TransientError } from '../../lib/errors';
import { blockedAddress } from '@lp/outbound/address-policy';
import { guardedFetch } from '@lp/outbound/guarded-fetch';
import { parseRetryAfter } from '../../lib/http';

/**
 * How long to leave a feed alone after a 403 or a 429 without Retry-After. CDNs in front of news
 * sites and trust blogs (Cloudflare, Akamai) answer 403 to clients they think poll too often; a
 * quarter of an hour is longer than their usual penalty and still inside an hour's news cycle.
 */
export const DEFAULT_BACKOFF_MS = 15 * 60_000;

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedResponse =
  { notModified: true } | { notModified: false; body: string; contentType: string | null; validators: Validators };

/** A feed is XML, not JSON, so lib/http's getJson does not fit; the status mapping follows it. */
export async function fetchFeed(
  url: string,
  validators: Validators | null,
  now: () => Date,
  timeoutMs = 30_000,
): Promise<FeedResponse> {
  const host = new URL(url).host;
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'user-agent': 'ListeningPost/0.1 (NHS social listening; feed reader)',
  };
  // Conditional GET: an unchanged feed answers 304 with no body, which costs the publisher and us nothing.
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  let res: Response;
  try {
    res = await guardedFetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const blocked = blockedAddress(err);
    if (blocked) throw new PermanentError(`not fetched: ${blocked.message}`);
    throw new TransientError(`request to ${host} failed: ${(err as Error).message}`);
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { notModified: true };
  }
  const status = `${res.status} ${res.statusText}`.trim();
  if (res.status === 429 || res.status === 403) {
    const at = parseRetryAfter(res.headers.get('retry-after'), now()) ?? new Date(now().getTime() + DEFAULT_BACKOFF_MS);
    await res.body?.cancel();
    throw new RateLimitedError(`${host} answered ${status}; backing off until ${at.toISOString()}`, at);
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw new TransientError(`${host} answered ${status}`);
  }
  if (res.status === 401) {
    await res.body?.cancel();
    throw new AuthError(`401: ${host} wants a sign-in for this feed (${status}); feeds we poll must be public`);
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel();
    throw new PermanentError(
      `${host} answered ${status} for ${new URL(url).pathname}: the feed is gone; fix the URL and re-enable the source`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new TransientError(`${host} answered ${status}`);
  }
  let body: string;
  try {
    body = await res.text();
  } catch (err) {
    throw new TransientError(`reading the feed from ${host} failed: ${(err as Error).message}`);
  }
  return {
    notModified: false,
    body,
    contentType: res.headers.get('content-type'),
    validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
  };
}
