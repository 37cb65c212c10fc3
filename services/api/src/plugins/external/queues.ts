import { QueueEvents } from 'bullmq';
import fp from 'fastify-plugin';
import { closeQueues, createQueues, type Queues } from '@lp/queue/queues';
import { createRedis } from '@lp/queue/redis';

declare module 'fastify' {
  interface FastifyInstance {
    /** The job queues, as a producer (the ingest workers consume them). */
    queues: Queues;
    /** Completion events of 'test-source' jobs: the test endpoint waits on them. */
    testSourceEvents: QueueEvents;
  }
}

export default fp<{ redisUrl: string; queuePrefix: string }>(
  async (app, opts) => {
    // Producers share the API's connection; it fails commands fast when Redis is down.
    const queues = createQueues({ connection: app.redis, prefix: opts.queuePrefix });
    // QueueEvents blocks on Redis, so it needs its own connection with maxRetriesPerRequest null;
    // it duplicates this lazy template, which itself never connects.
    const template = createRedis(opts.redisUrl, { forWorker: true, lazy: true });
    const events = new QueueEvents('test-source', { connection: template, prefix: opts.queuePrefix });
    template.disconnect();
    events.on('error', (err) => app.log.debug({ err: err.message }, 'queue events connection error'));
    app.decorate('queues', queues);
    app.decorate('testSourceEvents', events);
    app.addHook('onClose', async () => {
      await events.close().catch(() => undefined);
      await closeQueues(queues).catch(() => undefined);
    });
  },
  { name: 'queues', dependencies: ['redis'] },
);
