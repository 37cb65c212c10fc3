import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Fastify options every instance of the API is created with (server.ts, tests). Errors Fastify
 * raises before any route or error handler runs (a malformed URL, a path parameter past its
 * length limit) get the usual `{ error: { code, message } }` shape instead of Fastify's own.
 */
export const apiServerOptions: Pick<FastifyServerOptions, 'frameworkErrors'> = {
  frameworkErrors: (
    error: Error & { statusCode?: number; code?: string },
    _req: FastifyRequest,
    reply: FastifyReply,
  ) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a value in the path is too long' : 'the URL could not be read';
    void reply.code(status).send({ error: { code: 'bad_request', message } });
  },
};
