import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { SourceSpec } from '@lp/db/queries/sources';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { startIngest } from '../../app';
import { SECRET_REFS } from '../../sources-file';
import { TEST_PSEUDONYM_KEY } from '../../testing/harness';
import type { RedditFixture } from './reddit-fixture';
import { FIXTURE_CLIENT, makePost } from './reddit-samples';

export const UA = 'linux:uk.nhs.listeningpost:0.1 (by /u/nhs_comms)';
export const name = (n: number, over: Record<string, unknown> = {}) => makePost('NHS', n, over).data.name as string;
export const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** A file source: the secret stays a ${VAR} reference, resolved from the ingest's environment at poll time. */
export function redditSource(
  id: string,
  fixture: RedditFixture,
  over: Record<string, unknown> = {},
  secretVar = 'REDDIT_SECRET',
): SourceSpec {
  return {
    id,
    type: 'reddit',
    config: {
      clientId: FIXTURE_CLIENT.id,
      userAgent: UA,
      subreddits: ['NHS'],
      limit: 10,
      commentThreads: 0,
      allPosts: true,
      commentHours: 48,
      commentLimit: 100,
      baseUrl: fixture.url,
      authUrl: fixture.authUrl,
      ...over,
      [SECRET_REFS]: { clientSecret: `\${${secretVar}}` },
    },
    enabled: true,
    synthetic: false,
    pollEverySeconds: 3600,
  };
}

/** The harness's real ingest, plus the process environment that holds the sources' credentials. */
export async function startRedditIngest(sources: SourceSpec[]) {
  const ingest = await startIngest({
    env: {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `lpt-${randomUUID().slice(0, 8)}`,
      PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      POLL_CONCURRENCY: 2,
      NLP_CONCURRENCY: 1,
      SWEEP_INTERVAL_MS: 250,
      SWEEP_STALE_SECONDS: 60,
    },
    processEnv: { REDDIT_SECRET: FIXTURE_CLIENT.secret, REDDIT_WRONG_SECRET: 'not-the-secret' },
    sources,
    roles: ['poll', 'nlp'],
    log: pino({ level: 'silent' }),
  });
  return ingest;
}
export type RedditIngest = Awaited<ReturnType<typeof startRedditIngest>>;
