import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import taxonomy from './plugins/app/taxonomy';
import db from './plugins/external/db';
import errorHandler from './plugins/external/error-handler';
import helmet from './plugins/external/helmet';
import redis from './plugins/external/redis';
import swagger from './plugins/external/swagger';
import web from './plugins/external/web';
import health from './routes/health';
import posts from './routes/v1/posts';
import sources from './routes/v1/sources';
import topics from './routes/v1/topics';
import trends from './routes/v1/trends';

export interface AppOptions {
  databaseUrl: string;
  redisUrl: string;
  webDist: string;
}

/**
 * The whole API as one plugin: server.ts registers it to listen, tests register it and use
 * `inject()`. Order is fixed: external plugins → app plugins → routes.
 */
async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  await fastify.register(errorHandler);
  await fastify.register(helmet);
  await fastify.register(db, { databaseUrl: opts.databaseUrl });
  await fastify.register(redis, { redisUrl: opts.redisUrl });
  await fastify.register(swagger);

  await fastify.register(taxonomy);

  await fastify.register(health);
  await fastify.register(trends);
  await fastify.register(topics);
  await fastify.register(posts);
  await fastify.register(sources);
  await fastify.register(web, { webDist: opts.webDist });
}

export default fp(app, { name: 'listening-post-api' });
