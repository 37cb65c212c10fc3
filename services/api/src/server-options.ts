import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { safeErrorForLog } from '@lp/db/log-safe-error';

/**
 * Fastify options every instance of the API is created with (server.ts, tests). Errors Fastify
 * raises before any route or error handler runs (a malformed URL, a path parameter past its
 * length limit) get the usual `{ error: { code, message } }` shape instead of Fastify's own.
 */
export const apiServerOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  /**
   * Errors Node's HTTP parser meets before Fastify sees a request (headers past 16 kB, a malformed
   * request line, a timeout): answered on the socket in the usual shape, then the connection closed.
   */
  clientErrorHandler: (err: Error & { code?: string }, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request headers are too large (16 kB at most)']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout', 'the request took too long to arrive']
          : [400, 'bad_request', 'the request could not be read'];
    const body = JSON.stringify({ error: { code, message } });
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    socket.destroy();
  },
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

/**
 * What a log says a request asked for: the route's pattern (`/api/v1/sources/:id`), never the values
 * in its path or its query string (search text, filters); a path no route matched is not repeated.
 */
export function loggedPath(req: { url: string; routeOptions?: { url?: string } }): string {
  const q = req.url.indexOf('?');
  const query = q === -1 ? '' : '?[query not logged]';
  const route = req.routeOptions?.url;
  if (route) return `${route}${query}`;
  const path = q === -1 ? req.url : req.url.slice(0, q);
  // The dashboard's own files are named by us; anything else unmatched may hold what a caller typed.
  return path.startsWith('/api') ? `[no route]${query}` : `${path.slice(0, 120)}${query}`;
}

/**
 * The API's logger (server.ts; the log-hygiene test with its own stream). Nothing personal or
 * secret is written: cookies and authorization headers are redacted, a request is logged by
 * method and path without its query string (search text), and errors lose a failed query's
 * parameters and Postgres' row details. Bodies are never logged.
 */
export function apiLoggerOptions(level: string, stream?: DestinationStream) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        // Should a handler ever log an object holding these, they are censored.
        '*.password',
        '*.newPassword',
        '*.secrets',
        '*.token',
        '*.text',
        '*.email',
        '*.authorPseudonym',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: {
        method: string;
        url: string;
        ip?: string;
        routeOptions?: { url?: string };
        socket?: { remoteAddress?: string };
      }) => ({
        method: req.method,
        url: loggedPath(req),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      // A failed query's parameters (search text, titles, configs) never reach the log.
      err: (err: Error) => ({ stack: '', ...safeErrorForLog(err) }),
    },
    ...(stream
      ? { stream }
      : process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
        : {}),
  };
}
