import { getJson } from '../../lib/http';

/** LinkedIn's application and member daily limits reset at midnight UTC. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * One call to the versioned REST API with an organisation admin's token. A 429 without Retry-After
 * means a daily limit is spent: wait for midnight UTC rather than retry into it.
 */
export async function linkedinGet(
  baseUrl: string,
  version: string,
  token: string,
  path: string,
  params: Record<string, string>,
): Promise<unknown> {
  // Rest.li wants URNs in paths and query values percent-encoded: build the query by hand.
  const query = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const url = `${new URL(path, baseUrl).toString()}${query ? `?${query}` : ''}`;
  const { body } = await getJson(url, {
    headers: {
      authorization: `Bearer ${token}`,
      'LinkedIn-Version': version,
      'X-Restli-Protocol-Version': '2.0.0',
    },
    resetAt: (_res, now) => nextUtcMidnight(now),
  });
  return body;
}
