import { zSourcesResponse } from '@lp/contracts/api';
import { roleAtLeast } from '@lp/contracts/auth';
import { listSources } from '@lp/db/queries/sources';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const sourcesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['sources'],
        summary: 'Configured sources and their state (never their secrets or config)',
        description: '`lastError` is for admins (it can name hosts and accounts); it is null for other roles.',
        response: { 200: zSourcesResponse },
      },
    },
    async (req) => {
      const sources = await listSources(app.db);
      const admin = req.user !== null && roleAtLeast(req.user.role, 'admin');
      return {
        sources: sources.map((s) => ({
          id: s.id,
          type: s.type,
          enabled: s.enabled,
          synthetic: s.synthetic,
          state: s.state,
          lastError: admin ? s.lastError : null,
          lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
export default sourcesRoutes;
