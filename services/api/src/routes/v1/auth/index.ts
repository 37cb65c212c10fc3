import { zLoginRequest, zMeResponse, zPasswordChange, zRole, zLoginResponse } from '@lp/contracts/auth';
import { zErrorResponse } from '@lp/contracts/api';
import { deleteDeadSessions, deleteSession, deleteUserSessions } from '@lp/db/queries/sessions';
import {
  claimSignInAttempt,
  findUserByEmail,
  getUser,
  recordSignIn,
  settleFailedAttempt,
  updateUser,
} from '@lp/db/queries/users';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../../lib/passwords';
import { ApiError } from '../../../plugins/external/error-handler';

/** Sign in, who am I, sign out (here or everywhere), change my password. */
const authRoutes: FastifyPluginAsyncZod<{ localAccounts: boolean }> = async (app, opts) => {
  const { maxAttempts, lockMs } = app.auth.lockPolicy;
  const wrongCredentials = () =>
    new ApiError(
      401,
      'invalid_credentials',
      `Email or password not recognised. After ${maxAttempts} failed attempts in a row an account is locked for ${Math.round(lockMs / 60_000)} minutes.`,
    );

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        rateLimit: {
          max: app.auth.loginPerMinute,
          timeWindow: 60_000,
          // Thrown, so the one error handler gives it the usual shape.
          errorResponseBuilder: (_req, ctx) =>
            new ApiError(429, 'rate_limited', `too many sign-in attempts from this address; try again in ${ctx.after}`),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        description: `The cookie is HTTP-only, Secure and SameSite=Lax; a session ends after 30 minutes unused or 12 hours at most. ${maxAttempts} failures in a row lock the account.`,
        security: [],
        body: zLoginRequest,
        response: {
          200: zLoginResponse,
          400: zErrorResponse,
          401: zErrorResponse,
          403: zErrorResponse,
          429: zErrorResponse,
        },
      },
    },
    async (req, res) => {
      if (!opts.localAccounts)
        throw new ApiError(403, 'forbidden', 'passwords are turned off here: sign in with your organisation account');
      const email = req.body.email.toLowerCase();
      const user = await findUserByEmail(app.db, email);
      // The attempt is counted before the slow check, so a burst of guesses cannot outrun the lock.
      const attempt = user && !user.disabledAt ? await claimSignInAttempt(app.db, user.id, maxAttempts) : null;
      // Verify even when there is no such account or it is locked: the answer takes as long either way.
      const passwordOk = await verifyPassword(user?.passwordHash ?? null, req.body.password);
      if (!user || user.disabledAt || attempt === null || !passwordOk) {
        const reason = !user
          ? 'unknown_account'
          : user.disabledAt
            ? 'disabled'
            : attempt === null
              ? 'locked'
              : 'wrong_password';
        // The typed email is kept only when it names an account: people type passwords into email fields.
        await app.audit(req, {
          action: 'auth.login_failed',
          actorEmail: user?.email ?? null,
          target: user?.email ?? null,
          detail: { reason },
        });
        if (user && attempt !== null) {
          const { lockedNow } = await settleFailedAttempt(app.db, user.id, attempt, { maxAttempts, lockMs });
          if (lockedNow)
            await app.audit(req, {
              action: 'auth.locked',
              actorEmail: user.email,
              target: user.email,
              detail: { minutes: Math.round(lockMs / 60_000) },
            });
        }
        throw wrongCredentials();
      }
      // A sign-in replaces whatever session this browser had.
      if (req.session) await deleteSession(app.db, req.session.tokenHash);
      await recordSignIn(app.db, user.id);
      await app.auth.startSession(req, res, user.id);
      await app.audit(req, { action: 'auth.login', actorUserId: user.id, actorEmail: user.email, target: user.email });
      // Housekeeping at a quiet moment: sessions nobody can use any more.
      void deleteDeadSessions(app.db, app.auth.idleMs).catch((err) => req.log.warn({ err }, 'session clean-up failed'));
      return { user: { email: user.email, role: zRole.parse(user.role) } };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and when this session ends',
        response: { 200: zMeResponse, 401: zErrorResponse },
      },
    },
    async (req) => {
      const user = req.user!;
      const s = req.session;
      return {
        user: { email: user.email, role: user.role },
        session: s
          ? {
              idleExpiresAt: new Date(
                Math.min(s.lastSeenAt.getTime() + app.auth.idleMs, s.expiresAt.getTime()),
              ).toISOString(),
              expiresAt: s.expiresAt.toISOString(),
              idleMinutes: Math.round(app.auth.idleMs / 60_000),
            }
          : undefined,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out of this browser (204 even when the session had already ended)',
        security: [],
        response: { 204: z.null(), 403: zErrorResponse },
      },
    },
    async (req, res) => {
      const who = req.user;
      await app.auth.endSession(req, res);
      if (who) await app.audit(req, { action: 'auth.logout', target: who.email });
      return res.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-everywhere',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out of every browser and device',
        response: { 204: z.null(), 401: zErrorResponse },
      },
    },
    async (req, res) => {
      const ended = await deleteUserSessions(app.db, req.user!.id);
      app.auth.clearCookie(res);
      await app.audit(req, { action: 'auth.logout_everywhere', target: req.user!.email, detail: { sessions: ended } });
      return res.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password; every other session ends',
        body: zPasswordChange,
        response: { 204: z.null(), 400: zErrorResponse, 401: zErrorResponse },
      },
    },
    async (req, res) => {
      const me = await getUser(app.db, req.user!.id);
      if (!me) throw new ApiError(401, 'unauthorized', 'your session has ended; sign in again');
      // Guessing the current password from a borrowed session counts toward the same lock-out as sign-in.
      const attempt = await claimSignInAttempt(app.db, me.id, maxAttempts);
      const ok = await verifyPassword(me.passwordHash, req.body.currentPassword);
      if (attempt === null || !ok) {
        const { lockedNow } =
          attempt === null
            ? { lockedNow: false }
            : await settleFailedAttempt(app.db, me.id, attempt, { maxAttempts, lockMs });
        if (lockedNow || attempt === null) {
          // Locked: every session of the account ends, this one included.
          await deleteUserSessions(app.db, me.id);
          if (lockedNow)
            await app.audit(req, {
              action: 'auth.locked',
              target: me.email,
              detail: { minutes: Math.round(lockMs / 60_000) },
            });
          throw new ApiError(
            401,
            'unauthorized',
            'too many wrong passwords: you have been signed out and the account is locked',
          );
        }
        throw new ApiError(400, 'bad_request', 'currentPassword: is not your current password');
      }
      await updateUser(app.db, me.id, { passwordHash: await hashPassword(req.body.newPassword) });
      await deleteUserSessions(app.db, me.id);
      await app.auth.startSession(req, res, me.id);
      await app.audit(req, { action: 'auth.password_changed', target: me.email });
      return res.code(204).send(null);
    },
  );
};

export default authRoutes;
