import type { SourceSpec } from '@lp/db/queries/sources';
import { sourcesFromYaml } from '../../testing/pipeline-test';
import { FIXTURE_PAGE, FIXTURE_PAGE_TOKEN } from './facebook-fixture';

/** The process environment the test sources' `${VAR}` page tokens resolve from. */
export const FACEBOOK_ENV = { FB_PAGE_TOKEN: FIXTURE_PAGE_TOKEN, FB_WRONG_TOKEN: 'not-the-page-token' };

/** A facebook source as a sources file declares it, through the real parser. */
export function facebookSource(
  id: string,
  fixture: { url: string },
  over: Record<string, unknown> = {},
  tokenVar: keyof typeof FACEBOOK_ENV = 'FB_PAGE_TOKEN',
): SourceSpec {
  const entry = {
    id,
    type: 'facebook',
    every: '1h',
    pageAccessToken: `\${${tokenVar}}`,
    pageId: FIXTURE_PAGE,
    baseUrl: fixture.url,
    ...over,
  };
  return sourcesFromYaml(JSON.stringify({ sources: [entry] }), FACEBOOK_ENV)[0]!;
}
