import type { Ingest } from '../../app';
import { parseSourcesFile } from '../../sources-file';
import { startTestIngest } from '../../testing/harness';
import { EMPTY_WATCHLIST, type Watchlist } from '../../watchlist';

/** The env var the test sources file points bearerToken at. */
const TOKEN_VAR = 'X_TEST_BEARER_TOKEN';

export interface XSourceOptions {
  id: string;
  baseUrl: string;
  query?: string;
  maxResults?: number;
  monthlyReadBudget?: number;
}

/**
 * The real ingest with x sources declared as a sources file declares them, through the real parser:
 * bearerToken stays a `${VAR}` reference in Postgres and is resolved from the environment at poll time.
 */
export async function startXIngest(
  sources: XSourceOptions[],
  opts: { token: string; watchlist?: Watchlist },
): Promise<Ingest> {
  const yaml = JSON.stringify({
    sources: sources.map((s) => ({ type: 'x', every: '1h', bearerToken: `\${${TOKEN_VAR}}`, ...s })),
  });
  // As main.ts does: the same environment for parsing the file and for resolving credentials.
  const env = { [TOKEN_VAR]: opts.token };
  const file = parseSourcesFile(yaml, 'sources.yaml', env);
  return startTestIngest({ sources: file.sources, watchlist: opts.watchlist ?? EMPTY_WATCHLIST, processEnv: env });
}
