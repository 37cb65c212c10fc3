import { getJson } from '../../lib/http';

/** Fields a post needs to become a PostDraft; X returns only id, text and edit history by default. */
export const TWEET_FIELDS =
  'created_at,lang,public_metrics,referenced_tweets,edit_history_tweet_ids,author_id,note_tweet';
/**
 * Only the author: the referenced_tweets field already tells retweets, quotes and replies apart, and
 * expanding referenced posts would return extra post objects X may bill as reads beyond max_results.
 */
export const EXPANSIONS = 'author_id';
/** The author's profile, for their voice (staff, NHS organisation, public); entities carry the expanded url. */
export const USER_FIELDS = 'name,username,description,url,entities';

export interface SearchParams {
  query: string;
  maxResults: number;
  sinceId?: string;
  /** Only when since_id has left the seven-day window (X refuses the two together). */
  startTime?: string;
  nextToken?: string;
}

export interface SearchPage {
  /** The response body: `data`, `includes`, `meta` and perhaps partial `errors`, checked by the transform. */
  body: unknown;
  rateLimitRemaining: number | null;
  rateLimitReset: Date | null;
}

/** X sends the end of its rate-limit window as epoch seconds in x-rate-limit-reset. */
export function rateLimitReset(res: Response): Date | null {
  const v = res.headers.get('x-rate-limit-reset');
  if (!v || !/^\d+$/.test(v.trim())) return null;
  return new Date(Number(v) * 1000);
}

/** GET /2/tweets/search/recent with an app-only bearer token. */
export async function searchRecent(baseUrl: string, bearerToken: string, p: SearchParams): Promise<SearchPage> {
  const url = new URL('/2/tweets/search/recent', baseUrl);
  url.searchParams.set('query', p.query);
  url.searchParams.set('max_results', String(p.maxResults));
  url.searchParams.set('tweet.fields', TWEET_FIELDS);
  url.searchParams.set('expansions', EXPANSIONS);
  url.searchParams.set('user.fields', USER_FIELDS);
  if (p.sinceId) url.searchParams.set('since_id', p.sinceId);
  if (p.startTime) url.searchParams.set('start_time', p.startTime);
  if (p.nextToken) url.searchParams.set('next_token', p.nextToken);
  const { body, res } = await getJson(url.toString(), {
    headers: { authorization: `Bearer ${bearerToken}` },
    resetAt: rateLimitReset,
  });
  const remaining = res.headers.get('x-rate-limit-remaining');
  return {
    body,
    rateLimitRemaining: remaining === null || !/^\d+$/.test(remaining.trim()) ? null : Number(remaining),
    rateLimitReset: rateLimitReset(res),
  };
}
