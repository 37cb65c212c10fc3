import { getJson } from '../../lib/http';

export interface TagPage {
  statuses: unknown[];
  /** min_id from the Link header's rel="prev": where the next newer page starts. */
  prevMinId: string | null;
  /** max_id from the Link header's rel="next": where the next older page starts (null: nothing older). */
  nextMaxId: string | null;
  rateLimitRemaining: number | null;
  rateLimitReset: Date | null;
}

/** Mastodon sends the end of its rate-limit window as an ISO time in X-RateLimit-Reset. */
function rateLimitReset(res: Response): Date | null {
  const v = res.headers.get('x-ratelimit-reset');
  if (!v) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : new Date(at);
}

export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

/** GET /api/v1/timelines/tag/:hashtag — public, no token needed. */
export async function fetchTagTimeline(
  instance: string,
  tag: string,
  params: { limit: number; minId?: string; maxId?: string },
): Promise<TagPage> {
  const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(tag)}`, instance);
  url.searchParams.set('limit', String(params.limit));
  if (params.minId) url.searchParams.set('min_id', params.minId);
  if (params.maxId) url.searchParams.set('max_id', params.maxId);
  const { body, res } = await getJson(url.toString(), { resetAt: rateLimitReset });
  if (!Array.isArray(body))
    throw new Error(`${url.host} returned ${typeof body} where a list of statuses was expected`);
  const links = parseLinkHeader(res.headers.get('link'));
  const remaining = res.headers.get('x-ratelimit-remaining');
  return {
    statuses: body,
    prevMinId: links.prev ? new URL(links.prev).searchParams.get('min_id') : null,
    nextMaxId: links.next ? new URL(links.next).searchParams.get('max_id') : null,
    rateLimitRemaining: remaining === null ? null : Number(remaining),
    rateLimitReset: rateLimitReset(res),
  };
}
