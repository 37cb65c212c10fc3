import fp from 'fastify-plugin';
import { createDb, type Db } from '@lp/db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export default fp<{ databaseUrl: string }>(
  async (app, opts) => {
    const handle = createDb(opts.databaseUrl, {
      applicationName: 'lp-api',
      // The API's queries are small (rollup ranges, index probes) and many at once. JIT compiling
      // costs 50-200 ms and starts on cost estimates alone; a parallel worker per query only queues
      // behind the other requests' on a small machine.
      settings: { jit: 'off', max_parallel_workers_per_gather: '0' },
    });
    app.decorate('db', handle.db);
    app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
