import { PermanentError } from '../../lib/errors';
import { getJson } from '../../lib/http';

/**
 * Rest.li 2.0 reads bare parentheses and commas as its own syntax: a URN in a path or query value
 * has them percent-encoded too (encodeURIComponent leaves parentheses alone).
 */
export const encodeUrn = (value: string) => encodeURIComponent(value).replace(/\(/g, '%28').replace(/\)/g, '%29');

/** LinkedIn retires each API version after about a year and answers 426 to it. */
function linkedinError(status: number, _body: unknown, _res: Response): Error | null {
  if (status === 426)
    return new PermanentError(
      '426: LinkedIn no longer serves the API version this source asks for: set apiVersion to a current one (YYYYMM)',
    );
  return null;
}

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
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeUrn(v)}`)
    .join('&');
  const url = `${new URL(path, baseUrl).toString()}${query ? `?${query}` : ''}`;
  const { body } = await getJson(url, {
    headers: {
      authorization: `Bearer ${token}`,
      'LinkedIn-Version': version,
      'X-Restli-Protocol-Version': '2.0.0',
    },
    resetAt: (_res, now) => nextUtcMidnight(now),
    errorFromBody: linkedinError,
  });
  return body;
}
