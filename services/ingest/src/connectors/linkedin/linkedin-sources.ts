import type { SourceSpec } from '@lp/db/queries/sources';
import { sourcesFromYaml } from '../../testing/pipeline-test';
import { FIXTURE_LI_TOKEN, FIXTURE_ORG } from './linkedin-fixture';

/** The process environment the test sources' `${VAR}` tokens resolve from. */
export const LINKEDIN_ENV = { LI_TOKEN: FIXTURE_LI_TOKEN, LI_WRONG_TOKEN: 'not-the-linkedin-token' };

/** A linkedin source as a sources file declares it, through the real parser. */
export function linkedinSource(
  id: string,
  fixture: { url: string },
  over: Record<string, unknown> = {},
  tokenVar: keyof typeof LINKEDIN_ENV = 'LI_TOKEN',
): SourceSpec {
  const entry = {
    id,
    type: 'linkedin',
    every: '1h',
    accessToken: `\${${tokenVar}}`,
    organization: FIXTURE_ORG,
    baseUrl: fixture.url,
    pageSize: 10,
    ...over,
  };
  return sourcesFromYaml(JSON.stringify({ sources: [entry] }), LINKEDIN_ENV)[0]!;
}
