import { randomBytes } from 'node:crypto';
import { zErrorResponse } from '@lp/contracts/api';
import { roleAtLeast } from '@lp/contracts/auth';
import { zTokenCreate, zTokenCreated, zTokenIdParams, zTokenList } from '@lp/contracts/tokens';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from '@lp/db/queries/api-tokens';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashToken } from '../../../plugins/app/auth';
import { ApiError } from '../../../plugins/external/error-handler';

/** `lp_` and 256 random bits: recognisable in a leaked file (secret scanners match the prefix), unguessable. */
export const newApiToken = () => `lp_${randomBytes(32).toString('base64url')}`;

const summary = (t: ApiTokenRow, now = Date.now()) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
  revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
  state: t.revokedAt ? ('revoked' as const) : t.expiresAt.getTime() <= now ? ('expired' as const) : ('active' as const),
});

/** Personal API tokens: each person manages their own, from a signed-in session. */
const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  // Tokens are made and revoked by a person in the dashboard, not by another token.
  const sessionOnly = async (req: { apiTokenId: number | null }) => {
    if (req.apiTokenId !== null)
      throw new ApiError(403, 'session_required', 'tokens are managed from a signed-in session, not with a token');
  };

  app.post(
    '/api/v1/tokens',
    {
      preHandler: sessionOnly,
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal API token (shown once)',
        description:
          'The token acts as you, with `role` (default yours; never higher) until `expiresInDays` (default 90, at most 365) or until revoked. Send it as `Authorization: Bearer <token>`. It is shown in this answer only; only its hash is kept.',
        body: zTokenCreate,
        response: { 201: zTokenCreated, 400: zErrorResponse, 403: zErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!;
      const role = req.body.role ?? user.role;
      if (!roleAtLeast(user.role, role))
        throw new ApiError(403, 'role_too_high', `a token cannot have more than your own role (${user.role})`);
      const token = newApiToken();
      const row = await createApiToken(app.db, {
        userId: user.id,
        name: req.body.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 10),
        role,
        expiresInDays: req.body.expiresInDays,
      });
      await app.audit(req, {
        action: 'token.created',
        target: user.email,
        detail: { id: row.id, name: row.name, role, expiresAt: row.expiresAt.toISOString() },
      });
      return reply.code(201).send({ id: row.id, token, name: row.name, role, expiresAt: row.expiresAt.toISOString() });
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens (never the tokens themselves)',
        response: { 200: zTokenList },
      },
    },
    async (req) => ({ tokens: (await listApiTokens(app.db, req.user!.id)).map((t) => summary(t)) }),
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      preHandler: sessionOnly,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of your API tokens',
        params: zTokenIdParams,
        response: { 204: z.null(), 403: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req, reply) => {
      const row = await revokeApiToken(app.db, req.user!.id, req.params.id);
      if (!row) throw new ApiError(404, 'not_found', 'you have no live token with that id');
      await app.audit(req, {
        action: 'token.revoked',
        target: req.user!.email,
        detail: { id: row.id, name: row.name },
      });
      return reply.code(204).send(null);
    },
  );
};

export default tokenRoutes;
