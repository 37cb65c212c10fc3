import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/**
 * Serves the built dashboard. Unknown non-API paths get index.html so client-side routes and
 * shared links load; unknown /api paths get a JSON 404.
 */
export default fp<{ webDist: string }>(
  async (app, opts) => {
    const hasWeb = existsSync(`${opts.webDist}/index.html`);
    if (hasWeb) await app.register(fastifyStatic, { root: opts.webDist, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api') && !req.url.startsWith('/docs')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` } });
    });
  },
  { name: 'web' },
);
