import fp from 'fastify-plugin';
import { parseSecretsKey, SecretsKeyError } from '@lp/secrets/secrets';
import { ApiError } from '../external/error-handler';

declare module 'fastify' {
  interface FastifyInstance {
    /** The SECRETS_KEY as bytes; throws a 503 naming the problem when it is unset or malformed. */
    secretsKey(): Buffer;
    /** The key when it is usable, else null (for reads that can do without it). */
    secretsKeyOrNull(): Buffer | null;
  }
}

/**
 * A missing or malformed SECRETS_KEY must not stop the API: only storing or reading dashboard
 * sources' credentials needs it, and those requests get a 503 that says what to set.
 */
export default fp<{ secretsKey?: string }>(
  async (app, opts) => {
    let key: Buffer | null = null;
    let problem = '';
    try {
      key = parseSecretsKey(opts.secretsKey);
    } catch (err) {
      if (!(err instanceof SecretsKeyError)) throw err;
      problem = err.message;
      if (opts.secretsKey) app.log.warn(problem);
    }
    app.decorate('secretsKey', () => {
      if (!key) throw new ApiError(503, 'secrets_key_missing', `cannot store source credentials: ${problem}`);
      return key;
    });
    app.decorate('secretsKeyOrNull', () => key);
  },
  { name: 'secrets-key' },
);
