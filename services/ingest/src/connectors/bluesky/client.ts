import { AuthError, PermanentError, TransientError } from '../../lib/errors';
import { xrpc, XrpcRejection, type RateLimit } from './xrpc';

interface Session {
  service: string;
  identifier: string;
  accessJwt: string;
  refreshJwt: string;
}

/**
 * Sessions by source id, in this process's memory only: tokens never reach the cursor, Postgres
 * or the logs. After a restart each source signs in once more (createSession is limited to 30 per
 * 5 minutes and 300 a day per account, so signing in on every poll is not an option).
 */
const sessions = new Map<string, Session>();

/** Forget a source's session (tests simulate a restart; a rotated app password signs in again on its own). */
export function forgetSession(sourceId: string): void {
  sessions.delete(sourceId);
}

export interface ClientOptions {
  sourceId: string;
  service: string;
  identifier: string;
  appPassword: string;
  now: () => Date;
}

export interface BlueskyClient {
  /** An authenticated query; an expired access token is refreshed (or the session recreated) and the call retried once. */
  query(nsid: string, params: Record<string, string | undefined>): Promise<{ body: unknown; rate: RateLimit }>;
}

export function createBlueskyClient(opts: ClientOptions): BlueskyClient {
  const { service, now } = opts;

  async function signIn(): Promise<Session> {
    try {
      const { body } = await xrpc({
        service,
        nsid: 'com.atproto.server.createSession',
        body: { identifier: opts.identifier, password: opts.appPassword },
        now,
      });
      return remember(body);
    } catch (err) {
      // AuthenticationRequired (wrong password), AuthFactorTokenRequired (a main password with 2FA
      // instead of an app password), AccountTakedown…: no retry can fix these.
      if (err instanceof XrpcRejection)
        throw new AuthError(
          `401: ${new URL(service).host} refused to sign in the configured identifier with its app password (${err.error}); the password is wrong or revoked`,
        );
      throw err;
    }
  }

  /** A refresh token expires or is revoked with its app password: then sign in afresh. */
  async function refresh(s: Session): Promise<Session> {
    try {
      const { body } = await xrpc({
        service,
        nsid: 'com.atproto.server.refreshSession',
        post: true,
        token: s.refreshJwt,
        now,
      });
      return remember(body);
    } catch (err) {
      if (err instanceof XrpcRejection) return signIn();
      throw err;
    }
  }

  function remember(body: unknown): Session {
    const b = body as { accessJwt?: unknown; refreshJwt?: unknown } | null;
    if (typeof b?.accessJwt !== 'string' || typeof b.refreshJwt !== 'string')
      throw new AuthError(`${new URL(service).host} answered the sign-in without session tokens`);
    const s = { service, identifier: opts.identifier, accessJwt: b.accessJwt, refreshJwt: b.refreshJwt };
    sessions.set(opts.sourceId, s);
    return s;
  }

  async function current(): Promise<Session> {
    const s = sessions.get(opts.sourceId);
    // A source whose service or account changed in its config must not reuse the old account's session.
    if (s && s.service === service && s.identifier === opts.identifier) return s;
    return signIn();
  }

  return {
    async query(nsid, params) {
      let s = await current();
      try {
        return await xrpc({ service, nsid, params, token: s.accessJwt, now });
      } catch (err) {
        if (!(err instanceof XrpcRejection)) throw err;
        if (!err.tokenExpired) throw rejected(err);
      }
      s = await refresh(s);
      try {
        return await xrpc({ service, nsid, params, token: s.accessJwt, now });
      } catch (err) {
        throw err instanceof XrpcRejection ? rejected(err) : err;
      }
    },
  };
}

/**
 * After a fresh token, 401/403 means the account lost access and a 400 is a request this config
 * makes wrong; a fresh token already "expired" is the service's clock or state, worth a retry.
 */
function rejected(err: XrpcRejection): Error {
  if (err.status === 401 || err.status === 403)
    return new AuthError(`${err.status}: the token was refused (${err.message}); the account lost access`);
  if (err.tokenExpired) return new TransientError(err.message);
  return new PermanentError(err.message);
}
