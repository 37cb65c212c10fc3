import type { SourceSpec } from '@lp/db/queries/sources';
import { sourcesFromYaml } from '../../testing/pipeline-test';

/** The environment the test sources' bearerToken `${VAR}` resolves from: the fixture's token, and one it refuses. */
export const X_ENV = { X_TEST_BEARER_TOKEN: 'test-bearer-token', X_REVOKED_TOKEN: 'revoked-token' };

export interface XSourceOptions {
  id: string;
  baseUrl: string;
  query?: string;
  maxResults?: number;
  monthlyReadBudget?: number;
  backfillHours?: number;
  backfillPages?: number;
}

/** x sources as a sources file declares them, through the real parser: bearerToken stays a `${VAR}` reference. */
export function xSources(
  sources: XSourceOptions[],
  tokenVar: keyof typeof X_ENV = 'X_TEST_BEARER_TOKEN',
): SourceSpec[] {
  const entries = sources.map((s) => ({ type: 'x', every: '1h', bearerToken: `\${${tokenVar}}`, ...s }));
  return sourcesFromYaml(JSON.stringify({ sources: entries }), X_ENV);
}
