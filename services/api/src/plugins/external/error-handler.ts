import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** Thrown by routes for input the schema cannot express (e.g. `from` after `to`). */
export class BadRequestError extends Error {
  readonly statusCode = 400;
}

/**
 * An error whose message is written for the client, whatever its status: a conflict (409), a
 * missing server setting the operator must fix (503), a wait that timed out (504).
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The one error handler: every error is `{ error: { code, message } }`. A 4xx explains what was
 * wrong with the input; a 5xx never shows its message to the client (it is logged instead).
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        const message = err.validation
          .map((v) => {
            const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
            return field ? `${field}: ${v.message}` : (v.message ?? 'invalid');
          })
          .join('; ');
        return reply.code(400).send({
          error: { code: 'bad_request', message: `invalid ${err.validationContext ?? 'request'}: ${message}` },
        });
      }
      if (isResponseSerializationError(err)) {
        req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
        return reply.code(500).send({ error: { code: 'internal', message: 'internal server error' } });
      }
      if (err instanceof ApiError) {
        if (err.statusCode >= 500) req.log.warn({ code: err.code, msg: err.message }, 'request could not be served');
        return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message } });
      }
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) {
        req.log.error({ err }, 'request failed');
        return reply.code(status).send({ error: { code: 'internal', message: 'internal server error' } });
      }
      return reply
        .code(status)
        .send({ error: { code: status === 404 ? 'not_found' : 'bad_request', message: err.message } });
    });
  },
  { name: 'error-handler' },
);
