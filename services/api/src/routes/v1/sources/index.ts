import type { FastifyPluginAsync } from 'fastify';
import actions from './actions';
import admin from './admin';
import health from './health';
import imports from './imports';
import list from './list';

/**
 * Everything under /api/v1/sources, one file per concern: the list (any role), the health table,
 * reading and editing one source, pause/resume/test, and file imports. Roles are in
 * plugins/app/route-access; input checks and the one 404 in input.ts.
 */
const sourcesRoutes: FastifyPluginAsync<{ testTimeoutMs: number }> = async (app, opts) => {
  await app.register(list);
  await app.register(health);
  await app.register(admin);
  await app.register(actions, { testTimeoutMs: opts.testTimeoutMs });
  await app.register(imports);
};
export default sourcesRoutes;
