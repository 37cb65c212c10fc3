import type { SourceSpec } from '@lp/db/queries/sources';
import { sourcesFromYaml } from '../../testing/pipeline-test';
import { FIXTURE_CLIENT, UA } from './reddit-samples';

/** The process environment the test sources' `${VAR}` client secrets resolve from. */
export const REDDIT_ENV = { REDDIT_SECRET: FIXTURE_CLIENT.secret, REDDIT_WRONG_SECRET: 'not-the-secret' };

/** A file source through the real parser: the secret stays a ${VAR} reference, resolved at poll time. */
export function redditSource(
  id: string,
  fixture: { url: string; authUrl: string },
  over: Record<string, unknown> = {},
  secretVar = 'REDDIT_SECRET',
): SourceSpec {
  const entry = {
    id,
    type: 'reddit',
    every: '1h',
    clientId: FIXTURE_CLIENT.id,
    clientSecret: `\${${secretVar}}`,
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
  };
  return sourcesFromYaml(JSON.stringify({ sources: [entry] }), REDDIT_ENV)[0]!;
}
