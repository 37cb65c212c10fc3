import { zLoginRequest, zMeResponse, zPasswordChange, zRole, zLoginResponse } from '@lp/contracts/auth';
import { zErrorResponse } from '@lp/contracts/api';
import { deleteDeadSessions, deleteUserSessions } from '@lp/db/queries/sessions';
import { findUserByEmail, getUser, recordFailedSignIn, recordSignIn, updateUser } from '@lp/db/queries/users';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../../lib/passwords';
import { ApiError } from '../../../plugins/external/error-handler';

/** Sign in, who am I, sign out (here or everywhere), change my password. */
const authRoutes: FastifyPluginAsyncZod = async (app) => {
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
        },
      },
    },
    async (req, res) => {
      const email = req.body.email.toLowerCase();
      const user = await findUserByEmail(app.db, email);
      // Verify even when there is no such account or it is locked: the answer takes as long either way.
      const passwordOk = await verifyPassword(user?.passwordHash ?? null, req.body.password);
      const locked = user?.lockedUntil != null && user.lockedUntil > new Date();
      if (!user || !passwordOk || locked || user.disabledAt) {
        const reason = !user ? 'unknown_account' : user.disabledAt ? 'disabled' : locked ? 'locked' : 'wrong_password';
        // The typed email is kept only when it names an account: people type passwords into email fields.
        await app.audit(req, {
          action: 'auth.login_failed',
          actorEmail: user?.email ?? null,
          target: user?.email ?? null,
          detail: { reason },
        });
        if (user && reason === 'wrong_password') {
          const { lockedNow } = await recordFailedSignIn(app.db, user.id, { maxAttempts, lockMs });
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
      schema: { tags: ['auth'], summary: 'Sign out of this browser', response: { 204: z.null(), 401: zErrorResponse } },
    },
    async (req, res) => {
      await app.auth.endSession(req, res);
      await app.audit(req, { action: 'auth.logout', target: req.user!.email });
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
      if (!me || !(await verifyPassword(me.passwordHash, req.body.currentPassword)))
        throw new ApiError(400, 'bad_request', 'currentPassword: is not your current password');
      await updateUser(app.db, me.id, { passwordHash: await hashPassword(req.body.newPassword) });
      await deleteUserSessions(app.db, me.id);
      await app.auth.startSession(req, res, me.id);
      await app.audit(req, { action: 'auth.password_changed', target: me.email });
      return res.code(204).send(null);
    },
  );
};

export default authRoutes;
