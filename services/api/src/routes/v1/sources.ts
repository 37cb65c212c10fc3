import { zSourcesResponse } from '@lp/contracts/api';
import { listSources } from '@lp/db/queries/sources';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const sourcesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['sources'],
        summary: 'Configured sources and their state (never their secrets or config)',
        response: { 200: zSourcesResponse },
      },
    },
    async () => {
      const sources = await listSources(app.db);
      return {
        sources: sources.map((s) => ({
          id: s.id,
          type: s.type,
          enabled: s.enabled,
          synthetic: s.synthetic,
          state: s.state,
          lastError: s.lastError,
          lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
export default sourcesRoutes;
