import fp from 'fastify-plugin';
import { createDb, type Db } from '@lp/db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export default fp<{ databaseUrl: string }>(
  async (app, opts) => {
    const handle = createDb(opts.databaseUrl, { applicationName: 'lp-api' });
    app.decorate('db', handle.db);
    app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
