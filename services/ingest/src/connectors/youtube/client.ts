import { getJson } from '../../lib/http';
import { AuthError, PermanentError, RateLimitedError } from '../../lib/errors';
import { nextPacificMidnight } from '../../lib/pacific-time';

/** The YouTube Data API's page size ceiling for commentThreads and comments. */
export const YOUTUBE_MAX_RESULTS = 100;

/** A video whose comments are turned off: nothing to list, not a reason to stop the source. */
export class CommentsDisabledError extends Error {}

interface GoogleError {
  error?: { code?: number; message?: string; errors?: Array<{ reason?: string; domain?: string }> };
}

/** Google's errors carry a reason: quota, a refused key, a missing video, comments turned off. */
export function youtubeError(status: number, body: unknown, _res: Response, now: Date): Error | null {
  const err = (body as GoogleError | null)?.error;
  const reason = err?.errors?.[0]?.reason ?? '';
  const said = (err?.message ?? '').replace(/<[^>]+>/g, '').slice(0, 200);
  if (
    reason === 'quotaExceeded' ||
    reason === 'dailyLimitExceeded' ||
    reason === 'rateLimitExceeded' ||
    reason === 'userRateLimitExceeded'
  ) {
    // A per-minute limit passes in a minute; a spent daily quota at Google's midnight.
    const perMinute = reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded';
    const at = perMinute ? new Date(now.getTime() + 60_000) : nextPacificMidnight(now);
    return new RateLimitedError(`YouTube quota exceeded (${reason}) until ${at.toISOString()}`, at);
  }
  if (reason === 'commentsDisabled') return new CommentsDisabledError(said || 'comments are disabled');
  if (reason === 'keyInvalid' || reason === 'keyExpired' || /API key not valid/i.test(said))
    return new AuthError(
      `${status}: the API key was refused by YouTube (${reason || 'keyInvalid'}); it is wrong or deleted`,
    );
  if (status === 401 || status === 403)
    return new AuthError(
      `${status}: YouTube refused this API key (${reason || 'forbidden'}): ${said || 'no permission'}; check the key's API restrictions`,
    );
  if (status === 404 || reason === 'videoNotFound' || reason === 'channelNotFound')
    return new PermanentError(`404: YouTube has no such video or channel (${reason || 'notFound'}): ${said}`);
  return null;
}

/** One Data API call. The key goes in a header (X-Goog-Api-Key), so it never sits in a URL or a log. */
export async function youtubeGet(
  baseUrl: string,
  apiKey: string,
  path: 'commentThreads' | 'comments',
  params: Record<string, string>,
): Promise<unknown> {
  const url = new URL(`/youtube/v3/${path}`, baseUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const { body } = await getJson(url.toString(), {
    headers: { 'x-goog-api-key': apiKey },
    errorFromBody: youtubeError,
  });
  return body;
}
