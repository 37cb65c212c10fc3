import fp from 'fastify-plugin';

// C0 control characters other than tab, line feed and carriage return. Postgres cannot store NUL
// in text at all (a query with one fails: once a 500), and the others are never meant in an id,
// a title, a search or a config value.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A JSON body nests this deep at the most (source configs are flat-ish); deeper is refused, not walked.
const MAX_DEPTH = 20;

/** The path of the first string (or key) holding a control character, or null. */
export function findControlCharacter(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  if (depth > MAX_DEPTH) return path || '(value)';
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (CONTROL.test(key)) return here;
    const found = findControlCharacter(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses, with a 400 naming the field, any query, path parameter or body (JSON or text) holding
 * a control character, before a route's schema or a query sees it. Uploaded files (raw bytes)
 * are the importer's to check, row by row.
 */
export default fp(
  async (app) => {
    app.addHook('preValidation', async (req, reply) => {
      for (const [part, value] of [
        ['query', req.query],
        ['params', req.params],
        ['body', req.body],
      ] as const) {
        const at = findControlCharacter(value);
        if (at)
          return reply.code(400).send({
            error: { code: 'bad_request', message: `${part} ${at}: must not contain control characters (such as NUL)` },
          });
      }
    });
  },
  { name: 'input-guard' },
);
