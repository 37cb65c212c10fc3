import Fastify from 'fastify';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';
import app from './app';
import { apiLoggerOptions, apiServerOptions } from './server-options';
import { parseApiEnv, trustProxySetting } from './env';
import { OidcConfigError, parseOidcSettings, type OidcSettings } from './lib/oidc-config';

/** The only place that owns the logger, `listen` and graceful close. */
const env = parseApiEnv();
let oidcSettings: OidcSettings | null;
try {
  oidcSettings = parseOidcSettings(env);
} catch (err) {
  // A sign-in set up wrong must stop the API, not let the wrong people in.
  if (err instanceof OidcConfigError) {
    console.error(`listening-post api: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
if (env.LOCAL_ACCOUNTS === 'off' && !oidcSettings) {
  console.error('listening-post api: LOCAL_ACCOUNTS=off needs OIDC_ISSUER: nobody could sign in');
  process.exit(1);
}
// Alert webhooks go to addresses admins give: public ones only, unless told (tests' fixtures).
setOutboundPolicy({ allowPrivate: env.ALLOW_PRIVATE_SOURCE_URLS === 'true' });
const server = Fastify({
  ...apiServerOptions,
  logger: apiLoggerOptions(env.LOG_LEVEL),
  // Off unless told: trusting X-Forwarded-For from anyone would let a caller write any address into the audit log.
  // (Fastify accepts a hop count as proxy-addr does; its types list only booleans and addresses.)
  trustProxy: trustProxySetting(env.TRUST_PROXY) as boolean | string,
});

await server.register(app, {
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  webDist: env.WEB_DIST,
  queuePrefix: env.QUEUE_PREFIX,
  secretsKey: env.SECRETS_KEY,
  responseCache: env.RESPONSE_CACHE === 'on',
  responseCacheCoalesceMs: env.RESPONSE_CACHE_COALESCE_MS,
  allowPrivateSourceUrls: env.ALLOW_PRIVATE_SOURCE_URLS === 'true',
  chromiumPath: env.CHROMIUM_PATH,
  smtpUrl: env.SMTP_URL,
  reportFrom: env.REPORT_FROM,
  exports: { dir: env.EXPORT_DIR, keepMs: env.EXPORT_KEEP_HOURS * 3_600_000 },
  retentionDays: env.RETENTION_DAYS,
  rateLimits: {
    ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
    anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
    heavyPerMinute: env.RATE_LIMIT_UPLOADS_PER_MINUTE,
  },
  oidc: {
    settings: oidcSettings,
    localAccounts: env.LOCAL_ACCOUNTS === 'on',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  },
  auth: {
    publicUrl: env.PUBLIC_URL,
    secureCookie: env.COOKIE_SECURE === 'on',
    idleMs: env.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: env.SESSION_MAX_HOURS * 3_600_000,
    loginPerMinute: env.LOGIN_ATTEMPTS_PER_MINUTE,
  },
});

let closing = false;
async function close(signal: string) {
  if (closing) return;
  closing = true;
  server.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => {
    server.log.error('shutdown timed out; forcing exit');
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void close('SIGTERM'));
process.on('SIGINT', () => void close('SIGINT'));

try {
  await server.listen({ host: env.HOST, port: env.PORT });
} catch (err) {
  server.log.fatal({ err }, 'could not start');
  process.exit(1);
}
