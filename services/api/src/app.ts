import type { FastifyInstance } from 'fastify';
import type { AuthOptions } from './plugins/app/auth';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import auth from './plugins/app/auth';
import mailer from './plugins/app/mailer';
import reportScheduler from './plugins/app/report-scheduler';
import alertScheduler from './plugins/app/alert-scheduler';
import alerts from './routes/v1/alerts/index';
import pdfPrinter from './plugins/app/pdf-printer';
import rateLimits, { type RateLimitOptions } from './plugins/app/rate-limits';
import nationalEvents from './plugins/app/national-events';
import responseCache from './plugins/app/response-cache';
import secretsKey from './plugins/app/secrets-key';
import taxonomy from './plugins/app/taxonomy';
import db from './plugins/external/db';
import errorHandler from './plugins/external/error-handler';
import helmet from './plugins/external/helmet';
import inputGuard from './plugins/external/input-guard';
import redis from './plugins/external/redis';
import queues from './plugins/external/queues';
import swagger from './plugins/external/swagger';
import web from './plugins/external/web';
import health from './routes/health';
import events from './routes/v1/events';
import labels from './routes/v1/labels';
import model from './routes/v1/model';
import watchlist from './routes/v1/watchlist';
import posts from './routes/v1/posts';
import search from './routes/v1/search';
import sources from './routes/v1/sources/index';
import topics from './routes/v1/topics';
import trends from './routes/v1/trends';
import movers from './routes/v1/movers';
import overview from './routes/v1/overview';
import audit from './routes/v1/audit/index';
import authRoutes from './routes/v1/auth/index';
import oidcRoutes from './routes/v1/auth/oidc';
import type { OidcSettings } from './lib/oidc-config';
import users from './routes/v1/users/index';
import reports from './routes/v1/reports/index';
import tokens from './routes/v1/tokens/index';
import exportRoutes from './routes/v1/exports';
import exportJobs from './plugins/app/export-jobs';
import { DEFAULT_RETENTION_DAYS } from '@lp/contracts/retention';

declare module 'fastify' {
  interface FastifyInstance {
    allowPrivateSourceUrls: boolean;
    /** RETENTION_DAYS: post lists say which posts are figures only. */
    retentionDays: number;
  }
}

export interface AppOptions {
  databaseUrl: string;
  redisUrl: string;
  webDist: string;
  /** Redis key prefix of the job queues; must match ingest's QUEUE_PREFIX (default 'lp'). */
  queuePrefix?: string;
  /** Encrypts dashboard sources' credentials; without it, adding a source with credentials answers 503. */
  secretsKey?: string;
  /** Cache dashboard answers until the data changes (default on). */
  responseCache?: boolean;
  /** Changes this close together refresh the cache once (default 5 s; see response-cache.ts). */
  responseCacheCoalesceMs?: number;
  /** Let dashboard sources name loopback and private addresses (ALLOW_PRIVATE_SOURCE_URLS; tests' fixtures). */
  allowPrivateSourceUrls?: boolean;
  /** Sessions, lock-out and the dashboard's public origin (see plugins/app/auth.ts). */
  auth?: AuthOptions;
  /** Requests a minute per address, per user and for uploads (see plugins/app/rate-limits.ts). */
  rateLimits?: RateLimitOptions;
  /** SMTP for the weekly email (SMTP_URL) and its sender (REPORT_FROM). */
  smtpUrl?: string;
  reportFrom?: string;
  /** Run the Monday email's schedule in this process (default: when smtpUrl is set). */
  reportSchedule?: { enabled?: boolean; resyncMs?: number };
  /** Alert rules and source-health alerts in this process (default on); PUBLIC_URL for their links. */
  alerts?: { enabled?: boolean; publicUrl?: string; tickMs?: number };
  /** Chromium that prints PDFs (CHROMIUM_PATH; default /usr/bin/chromium). */
  chromiumPath?: string;
  /** Background exports: where files are kept (EXPORT_DIR), for how long (EXPORT_KEEP_HOURS), how often expiry runs. */
  exports?: { dir?: string; keepMs?: number; sweepMs?: number; streamRowLimit?: number };
  /** How long "test a source" waits for an ingest worker's answer (default 30 s). */
  testSourceTimeoutMs?: number;
  /** How long ingest keeps post text (RETENTION_DAYS, default 90). */
  retentionDays?: number;
  /** Sign-in with the organisation's OpenID Connect provider (lib/oidc-config), and whether passwords still work. */
  oidc?: { settings: OidcSettings | null; localAccounts?: boolean; publicUrl?: string };
}

/**
 * The whole API as one plugin: server.ts registers it to listen, tests register it and use
 * `inject()`. Order is fixed: external plugins → app plugins → routes.
 */
async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.decorate('allowPrivateSourceUrls', opts.allowPrivateSourceUrls ?? false);
  fastify.decorate('retentionDays', opts.retentionDays ?? DEFAULT_RETENTION_DAYS);
  fastify.setSerializerCompiler(serializerCompiler);

  await fastify.register(errorHandler);
  await fastify.register(helmet);
  await fastify.register(inputGuard);
  await fastify.register(db, { databaseUrl: opts.databaseUrl });
  await fastify.register(redis, { redisUrl: opts.redisUrl });
  await fastify.register(queues, { redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix ?? 'lp' });
  await fastify.register(swagger);

  // Before anything that answers a request (the response cache included): how often, then who may call what.
  await fastify.register(rateLimits, opts.rateLimits ?? {});
  await fastify.register(auth, opts.auth ?? {});
  await fastify.register(taxonomy);
  await fastify.register(secretsKey, { secretsKey: opts.secretsKey });
  await fastify.register(nationalEvents);
  await fastify.register(pdfPrinter, { executablePath: opts.chromiumPath });
  await fastify.register(mailer, { smtpUrl: opts.smtpUrl, from: opts.reportFrom });
  await fastify.register(responseCache, {
    databaseUrl: opts.databaseUrl,
    enabled: opts.responseCache ?? true,
    coalesceMs: opts.responseCacheCoalesceMs,
  });

  await fastify.register(health);
  await fastify.register(authRoutes, { localAccounts: opts.oidc?.localAccounts ?? true });
  await fastify.register(oidcRoutes, {
    settings: opts.oidc?.settings ?? null,
    localAccounts: opts.oidc?.localAccounts ?? true,
    publicUrl: opts.oidc?.publicUrl ?? opts.auth?.publicUrl ?? 'http://localhost:3000',
    secureCookie: opts.auth?.secureCookie ?? true,
  });
  await fastify.register(users);
  await fastify.register(audit);
  await fastify.register(trends);
  await fastify.register(overview);
  await fastify.register(movers);
  await fastify.register(topics);
  await fastify.register(posts);
  await fastify.register(labels);
  await fastify.register(model);
  await fastify.register(watchlist);
  await fastify.register(search);
  await fastify.register(sources, { testTimeoutMs: opts.testSourceTimeoutMs ?? 30_000 });
  await fastify.register(events);
  await fastify.register(reports);
  await fastify.register(tokens);
  await fastify.register(exportJobs, {
    databaseUrl: opts.databaseUrl,
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix ?? 'lp',
    dir: opts.exports?.dir,
    keepMs: opts.exports?.keepMs,
    sweepMs: opts.exports?.sweepMs,
  });
  await fastify.register(exportRoutes, { streamRowLimit: opts.exports?.streamRowLimit });
  await fastify.register(reportScheduler, {
    enabled: opts.reportSchedule?.enabled ?? Boolean(opts.smtpUrl),
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix ?? 'lp',
    resyncMs: opts.reportSchedule?.resyncMs,
  });
  await fastify.register(alertScheduler, {
    enabled: opts.alerts?.enabled ?? true,
    publicUrl: opts.alerts?.publicUrl ?? opts.oidc?.publicUrl ?? 'http://localhost:3000',
    tickMs: opts.alerts?.tickMs,
  });
  await fastify.register(alerts);
  await fastify.register(web, { webDist: opts.webDist });
}

export default fp(app, { name: 'listening-post-api' });
