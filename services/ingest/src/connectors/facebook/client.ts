import { getJson } from '../../lib/http';
import { AuthError, PermanentError, RateLimitedError, TransientError } from '../../lib/errors';

/** Meta's throttling codes: application (4), user (17), page (32), a call type (613), Pages business use case (80001). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001]);
/** Meta's usage windows roll over an hour; without an estimate, wait a slice of that. */
const DEFAULT_WAIT_MS = 10 * 60_000;

interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; is_transient?: boolean };
}

/** Code 100: a bad request; `gone` when Meta says the object does not exist (subcode 33). */
export class GraphNotFoundError extends PermanentError {
  constructor(
    message: string,
    readonly gone: boolean,
  ) {
    super(message);
    this.name = 'GraphNotFoundError';
  }
}

/** Meta's code for a refused token (expired, invalidated, revoked). */
export const TOKEN_REFUSED = 190;

/** Meta answers most failures with 400 and an error code: sort them into the poller's errors. */
export function graphError(status: number, body: unknown, res: Response, now: Date): Error | null {
  const err = (body as GraphError | null)?.error;
  if (!err) return null;
  const code = err.code ?? 0;
  const said = (err.message ?? '').slice(0, 200);
  if (THROTTLE_CODES.has(code)) {
    const minutes = usage(res).regainMinutes;
    const at = new Date(now.getTime() + (minutes > 0 ? minutes * 60_000 : DEFAULT_WAIT_MS));
    return new RateLimitedError(`rate limited by Facebook (code ${code}) until ${at.toISOString()}`, at);
  }
  // Unknown (1) and temporary (2) errors, or any Meta marks transient, heal by retrying.
  if (code === 1 || code === 2 || err.is_transient === true)
    return new TransientError(`Facebook answered ${status} with a temporary error (code ${code}): ${said}`);
  if (code === TOKEN_REFUSED) {
    const why =
      err.error_subcode === 463
        ? 'the token has expired'
        : err.error_subcode === 460
          ? 'the token was invalidated by a password change'
          : 'it is wrong, expired or revoked';
    return new AuthError(`401: the token was refused by Facebook (code 190): ${why}; replace the page access token`);
  }
  if (code === 10 || (code >= 200 && code < 300))
    return new AuthError(`403: Facebook refused access with this token (code ${code}): ${said}`);
  if (code === 100 && status < 500)
    return new GraphNotFoundError(
      `${status}: Facebook says the Page or post does not exist or cannot be read (code 100${err.error_subcode ? `, subcode ${err.error_subcode}` : ''}): ${said}`,
      err.error_subcode === 33,
    );
  return null;
}

export interface Usage {
  /** The highest share of any limit used, in percent. */
  highest: number;
  /** Meta's estimate of minutes until access returns (business use case), 0 when none. */
  regainMinutes: number;
}

/** x-app-usage and x-business-use-case-usage: JSON with percentages of the hourly limits used. */
export function usage(res: Response): Usage {
  let highest = 0;
  let regainMinutes = 0;
  const read = (name: string): unknown => {
    try {
      return JSON.parse(res.headers.get(name) ?? 'null');
    } catch {
      return null;
    }
  };
  const take = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    for (const key of ['call_count', 'total_cputime', 'total_time']) {
      const v = (o as Record<string, unknown>)[key];
      if (typeof v === 'number' && v > highest) highest = v;
    }
    const regain = (o as Record<string, unknown>).estimated_time_to_regain_access;
    if (typeof regain === 'number' && regain > regainMinutes) regainMinutes = regain;
  };
  take(read('x-app-usage'));
  const buc = read('x-business-use-case-usage');
  if (buc && typeof buc === 'object')
    for (const list of Object.values(buc)) if (Array.isArray(list)) list.forEach(take);
  return { highest, regainMinutes };
}

export interface GraphPage {
  body: unknown;
  usage: Usage;
}

/** One Graph API call; the token goes in the Authorization header, never in the URL. */
export async function graphGet(
  baseUrl: string,
  version: string,
  token: string,
  path: string,
  params: Record<string, string>,
): Promise<GraphPage> {
  const url = new URL(`/${version}/${path}`, baseUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const { body, res } = await getJson(url.toString(), {
    headers: { authorization: `Bearer ${token}` },
    errorFromBody: graphError,
  });
  return { body, usage: usage(res) };
}

/**
 * Meta documents debug_token with the token to inspect as `input_token` in the query string: this is
 * the one call that puts it there (over TLS to Meta; never logged: errors name only the path).
 * When the token stops working: debug_token's `expires_at` (0: never; a page token from a
 * long-lived user token does not expire) or `data_access_expires_at`, whichever is sooner.
 * Null when it never expires; undefined when Meta would not say (the poll goes on regardless).
 */
export async function tokenExpiry(baseUrl: string, version: string, token: string): Promise<Date | null | undefined> {
  try {
    const { body } = await graphGet(baseUrl, version, token, 'debug_token', { input_token: token });
    const data = (body as { data?: { expires_at?: unknown; data_access_expires_at?: unknown } }).data;
    const times = [data?.expires_at, data?.data_access_expires_at].filter(
      (t): t is number => typeof t === 'number' && t > 0,
    );
    return times.length ? new Date(Math.min(...times) * 1000) : null;
  } catch (err) {
    // A refused token stops the source; debug_token itself being refused (a permission) does not.
    if (err instanceof AuthError && err.message.includes(`code ${TOKEN_REFUSED}`)) throw err;
    return undefined;
  }
}
