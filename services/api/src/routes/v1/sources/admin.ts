import { zErrorResponse } from '@lp/contracts/api';
import { SYNTHETIC_SOURCE_TYPES } from '@lp/contracts/source-types';
import { zSourceCreate, zSourceDetail, zSourceUpdate } from '@lp/contracts/sources';
import {
  insertDashboardSource,
  removeSourcePosts,
  tombstoneSource,
  updateDashboardSource,
} from '@lp/db/queries/source-admin';
import { getSource } from '@lp/db/queries/sources';
import { decryptSecrets, encryptSecrets, SecretsKeyError } from '@lp/secrets/secrets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, BadRequestError } from '../../../plugins/external/error-handler';
import {
  checkConfig,
  checkConfigAddresses,
  checkSecrets,
  checkType,
  everySeconds,
  notFound,
  toSourceDetail,
  zSourceParams,
} from './input';
import { requestSchedule } from './schedule';

/** Add, read and edit sources. Credentials go in, encrypted; they never come out. */
const sourcesAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'One source with its configuration; credentials are named in `secretFields`, never returned',
        params: zSourceParams,
        response: { 200: zSourceDetail, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      const source = await getSource(app.db, req.params.id);
      if (!source) throw notFound('source', req.params.id);
      return toSourceDetail(source, app.secretsKeyOrNull());
    },
  );

  app.post(
    '/api/v1/sources',
    {
      schema: {
        tags: ['sources'],
        summary: 'Add a dashboard-managed source; `secrets` are encrypted at rest (SECRETS_KEY) and never returned',
        body: zSourceCreate,
        response: { 201: zSourceDetail, 400: zErrorResponse, 409: zErrorResponse, 503: zErrorResponse },
      },
    },
    async (req, reply) => {
      const body = req.body;
      // GET /api/v1/sources/health is the health table, so no source can be read at that path.
      if (body.id === 'health') throw new BadRequestError('id: "health" is reserved; choose another id');
      checkType(body.type);
      const pollEverySeconds = everySeconds(body.every);
      checkConfig(body.type, body.config);
      await checkConfigAddresses(body.config, app.allowPrivateSourceUrls);
      const secrets = body.secrets ?? {};
      checkSecrets(body.type, secrets, { requireAll: true });
      const sealed = Object.keys(secrets).length > 0 ? encryptSecrets(app.secretsKey(), secrets) : null;
      const source = await insertDashboardSource(app.db, {
        id: body.id,
        type: body.type,
        config: body.config,
        enabled: body.enabled,
        synthetic: SYNTHETIC_SOURCE_TYPES.includes(body.type),
        pollEverySeconds,
        secrets: sealed,
      });
      if (!source) throw new ApiError(409, 'conflict', `a source with id "${body.id}" already exists`);
      await requestSchedule(app, source.id);
      // Which credential fields were set, never their values.
      await app.audit(req, {
        action: 'source.created',
        target: source.id,
        detail: { type: source.type, enabled: source.enabled, secretFields: Object.keys(secrets) },
      });
      return reply.code(201).send(toSourceDetail(source, app.secretsKeyOrNull()));
    },
  );

  app.patch(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Edit a dashboard-managed source',
        description:
          'Omitted fields stay as they are. `config` replaces the whole config; the cursor is kept, so a changed query continues from where the old one stopped. Credentials given replace those fields; others are kept. File-managed sources answer 409: edit the sources file.',
        params: zSourceParams,
        body: zSourceUpdate,
        response: {
          200: zSourceDetail,
          400: zErrorResponse,
          404: zErrorResponse,
          409: zErrorResponse,
          503: zErrorResponse,
        },
      },
    },
    async (req) => {
      const current = await getSource(app.db, req.params.id);
      if (!current) throw notFound('source', req.params.id);
      if (current.managedBy !== 'dashboard')
        throw new ApiError(
          409,
          'managed_by_file',
          `source "${current.id}" is managed by the sources file (SOURCES_FILE); edit the file`,
        );
      const body = req.body;
      if (body.config) {
        checkConfig(current.type, body.config);
        await checkConfigAddresses(body.config, app.allowPrivateSourceUrls);
      }
      let sealed: string | undefined;
      if (body.secrets && Object.keys(body.secrets).length > 0) {
        checkSecrets(current.type, body.secrets, { requireAll: false });
        const key = app.secretsKey();
        sealed = encryptSecrets(key, { ...storedSecrets(key, current.secrets), ...body.secrets });
      }
      const updated = await updateDashboardSource(app.db, current.id, {
        config: body.config,
        pollEverySeconds: body.every === undefined ? undefined : everySeconds(body.every),
        secrets: sealed,
        enabled: body.enabled,
      });
      if (!updated) throw notFound('source', current.id);
      await requestSchedule(app, updated.id);
      await app.audit(req, {
        action: 'source.updated',
        target: current.id,
        detail: {
          changed: Object.keys(body).filter((k) => k !== 'secrets'),
          secretFields: Object.keys(body.secrets ?? {}),
        },
      });
      return toSourceDetail(updated, app.secretsKeyOrNull());
    },
  );

  app.delete(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Delete a dashboard source, keeping or removing its posts',
        description:
          '`posts=keep`: the source stops and disappears from every list; its posts stay in every figure under its id (a tombstone, so the id is not reused). `posts=remove`: its posts, tags, labels, raw items, quarantined items and coverage are removed too, and every rollup is corrected by exactly what they added (in batches, each with its rollup changes in one transaction). Asking again is safe: a removal that stopped half-way finishes. Sources from the sources file are removed there instead (409).',
        params: zSourceParams,
        querystring: z.object({ posts: z.enum(['keep', 'remove']) }),
        response: { 204: z.null(), 400: zErrorResponse, 404: zErrorResponse, 409: zErrorResponse },
      },
    },
    async (req, reply) => {
      const outcome = await tombstoneSource(app.db, req.params.id);
      if (outcome === null) throw notFound('source', req.params.id);
      if (outcome === 'file')
        throw new ApiError(
          409,
          'managed_by_file',
          `source "${req.params.id}" comes from the sources file: remove it there (and restart ingest), or pause it here`,
        );
      await requestSchedule(app, outcome.id);
      const removed = req.query.posts === 'remove' ? await removeSourcePosts(app.db, outcome.id) : 0;
      await app.audit(req, {
        action: 'source.deleted',
        target: outcome.id,
        detail: { posts: req.query.posts, removed },
      });
      return reply.code(204).send(null);
    },
  );
};

/** The stored credentials, to merge new ones into; unreadable ones (a rotated key) are replaced wholesale. */
function storedSecrets(key: Buffer, sealed: string | null): Record<string, string> {
  if (!sealed) return {};
  try {
    return decryptSecrets(key, sealed);
  } catch (err) {
    if (err instanceof SecretsKeyError) return {};
    throw err;
  }
}

export default sourcesAdminRoutes;
