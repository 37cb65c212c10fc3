import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { roleAtLeast, type Role } from '@lp/contracts/auth';
import { appendAudit, type NewAuditEntry } from '@lp/db/queries/audit';
import { findLiveApiToken, touchApiToken } from '@lp/db/queries/api-tokens';
import { createSession, deleteSession, findLiveSession, touchSession } from '@lp/db/queries/sessions';
import { accessFor } from './route-access';

export interface SignedInUser {
  id: number;
  email: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null (public routes only). */
    user: SignedInUser | null;
    /** The session this request came with: its token's hash and when it ends. */
    session: { tokenHash: string; lastSeenAt: Date; expiresAt: Date } | null;
    /** The personal API token this request came with (`Authorization: Bearer`), or null. */
    apiTokenId: number | null;
  }
  interface FastifyInstance {
    auth: {
      readonly idleMs: number;
      readonly absoluteMs: number;
      /** Consecutive failed sign-ins that lock an account, and for how long. */
      readonly lockPolicy: { maxAttempts: number; lockMs: number };
      readonly loginPerMinute: number;
      /** Starts a session for a user who has just proved who they are, and sets its cookie. */
      startSession(req: FastifyRequest, reply: FastifyReply, userId: number): Promise<void>;
      endSession(req: FastifyRequest, reply: FastifyReply): Promise<void>;
      clearCookie(reply: FastifyReply): void;
    };
    /** Appends to the audit log who (the request's user) did what, from where. */
    audit(req: FastifyRequest, entry: Omit<NewAuditEntry, 'ip'>): Promise<void>;
  }
}

export interface AuthOptions {
  /** Ends a session unused this long (default 30 min). */
  idleMs?: number;
  /** Ends every session this long after sign-in, however busy (default 12 h). */
  absoluteMs?: number;
  /** The dashboard's origin as people reach it (behind a proxy); state-changing requests must come from it. */
  publicUrl?: string;
  /** Consecutive failed sign-ins that lock an account (default 5) … */
  maxFailedSignIns?: number;
  /** … for this long (default 15 min). */
  lockMs?: number;
  /** Sign-in attempts one address may make a minute (default 60): slows password spraying across accounts. */
  loginPerMinute?: number;
  /** Send the cookie only over HTTPS (default true; browsers treat http://localhost as secure). */
  secureCookie?: boolean;
}

export const SESSION_COOKIE = 'lp_session';
// The idle clock is written at most this often, not on every request: idle expiry is then exact to within a minute.
const TOUCH_EVERY_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The URL's origin as browsers write it (default port dropped, lower-case host); null when it is not a URL. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

const deny = (reply: FastifyReply, status: 401 | 403, code: string, message: string) =>
  reply.code(status).send({ error: { code, message } });

/**
 * Sign-in sessions, the route access table and the same-origin rule for state-changing requests,
 * enforced in one onRequest hook before any route (or the response cache) runs.
 *
 * Sessions are our own rows rather than @fastify/session: we need idle and absolute expiry in
 * the database, "sign out everywhere" by user, and only a hash of the token stored, which its
 * store interface does not give. @fastify/cookie signs nothing here: the token is 256 random bits.
 */
export default fp<AuthOptions>(
  async (app, opts) => {
    const idleMs = opts.idleMs ?? 30 * 60_000;
    const absoluteMs = opts.absoluteMs ?? 12 * 3600_000;
    const secure = opts.secureCookie ?? true;
    const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;

    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.decorateRequest('apiTokenId', null);

    const setCookie = (reply: FastifyReply, token: string, maxAgeSeconds: number) =>
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        secure,
        sameSite: 'lax',
        maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
      });
    const clearCookie = (reply: FastifyReply) =>
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'lax' });

    app.decorate('auth', {
      idleMs,
      absoluteMs,
      lockPolicy: { maxAttempts: opts.maxFailedSignIns ?? 5, lockMs: opts.lockMs ?? 15 * 60_000 },
      loginPerMinute: opts.loginPerMinute ?? 60,
      async startSession(req, reply, userId) {
        const token = randomBytes(32).toString('base64url');
        await createSession(app.db, {
          tokenHash: hashToken(token),
          userId,
          absoluteMs,
          ip: req.ip ?? null,
          userAgent: req.headers['user-agent'] ?? null,
        });
        setCookie(reply, token, absoluteMs / 1000);
      },
      async endSession(req, reply) {
        if (req.session) await deleteSession(app.db, req.session.tokenHash);
        clearCookie(reply);
      },
      clearCookie,
    });

    app.decorate('audit', async (req: FastifyRequest, entry: Omit<NewAuditEntry, 'ip'>) => {
      await appendAudit(app.db, {
        actorUserId: req.user?.id ?? null,
        actorEmail: req.user?.email ?? null,
        ...entry,
        ip: req.ip ?? null,
      });
    });

    // Every /api route has a rule, or the API does not start.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (accessFor(method, route.url) === undefined)
          throw new Error(`no access rule for ${method} ${route.url}: add it to plugins/app/route-access.ts`);
      }
    });

    /** The origin a browser on our own pages sends: PUBLIC_URL's, else this request's scheme and host. */
    const expectedOrigin = (req: FastifyRequest) => publicOrigin ?? originOf(`${req.protocol}://${req.host}`);

    function sameOrigin(req: FastifyRequest): boolean {
      const origin = req.headers.origin;
      // Origin when the browser sent one; otherwise the Referer's origin; neither means refuse.
      const claimed =
        origin && origin !== 'null' ? originOf(origin) : req.headers.referer ? originOf(req.headers.referer) : null;
      return claimed !== null && claimed === expectedOrigin(req);
    }

    app.addHook('onRequest', async (req, reply) => {
      const path = req.url.split('?')[0] ?? '';
      // A path no route matched (a 404 to be) under /api still needs a signed-in user: 401 tells nothing about what exists.
      const route = req.routeOptions.url;
      const access = route ? accessFor(req.method, route) : path.startsWith('/api/') ? 'viewer' : 'public';
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer !== undefined) {
        // A personal API token: the cookie is ignored, and there is no origin check (a browser never
        // adds this header on another site's behalf, so a forged cross-site request cannot carry it).
        const found = await findLiveApiToken(app.db, hashToken(bearer));
        if ('refused' in found) {
          if (access === 'public') return;
          const why = {
            unknown: 'this API token is not known',
            revoked: 'this API token has been revoked',
            expired: 'this API token has expired; create a new one under Your account',
            disabled: 'the account this API token belongs to is disabled',
          }[found.refused];
          return deny(reply, 401, 'unauthorized', why);
        }
        const t = found.ok;
        if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
          await touchApiToken(app.db, t.tokenId);
        req.user = { id: t.userId, email: t.email, role: t.role };
        req.apiTokenId = t.tokenId;
        if (access === 'public') return;
        if (access === undefined) return deny(reply, 403, 'forbidden', 'this route has no access rule');
        if (!roleAtLeast(t.role, access))
          return deny(reply, 403, 'forbidden', `this needs the ${access} role; this token acts as ${t.role}`);
        return;
      }
      const token = req.cookies[SESSION_COOKIE];

      if (!SAFE_METHODS.has(req.method)) {
        // A browser sends the cookie on cross-site requests too (top-level POST navigations under Lax):
        // only our own pages may change anything with it. Signing in from another site is refused too.
        const foreignOrigin = req.headers.origin !== undefined && !sameOrigin(req);
        if ((token && !sameOrigin(req)) || foreignOrigin)
          return deny(reply, 403, 'forbidden_origin', 'request refused: it did not come from this dashboard');
      }

      if (token) {
        const session = await findLiveSession(app.db, hashToken(token), idleMs);
        if (session) {
          const now = Date.now();
          let lastSeenAt = session.lastSeenAt;
          // The dashboard marks its timed background refreshes passive: they must not keep an unattended session alive.
          const passive = req.headers['x-lp-passive'] === '1';
          if (!passive && now - lastSeenAt.getTime() >= TOUCH_EVERY_MS)
            lastSeenAt = await touchSession(app.db, session.tokenHash);
          req.user = { id: session.userId, email: session.email, role: session.role };
          req.session = { tokenHash: session.tokenHash, lastSeenAt, expiresAt: session.expiresAt };
        } else {
          clearCookie(reply);
        }
      }

      if (access === 'public') return;
      // onRoute refuses routes without a rule, so this is a route added around it: refuse it too.
      if (access === undefined) return deny(reply, 403, 'forbidden', 'this route has no access rule');
      if (!req.user)
        return deny(
          reply,
          401,
          'unauthorized',
          token ? 'your session has ended; sign in again' : 'sign in to use this',
        );
      if (!roleAtLeast(req.user.role, access))
        return deny(reply, 403, 'forbidden', `this needs the ${access} role; you are signed in as ${req.user.role}`);
    });
  },
  // @fastify/rate-limit is registered by rate-limits, whose per-address check runs before the session lookup.
  { name: 'auth', dependencies: ['db', 'rate-limits'] },
);
