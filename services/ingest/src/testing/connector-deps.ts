import type { ConnectorDeps } from '../connectors/types';
import { createPseudonymiser } from '../lib/pseudonym';
import { EMPTY_WATCHLIST } from '../watchlist';

/** Connector dependencies for unit tests: a fixed key, a fixed clock, no credentials, no budget. */
export function testConnectorDeps(now: Date = new Date(), over: Partial<ConnectorDeps> = {}): ConnectorDeps {
  return {
    pseudonymise: createPseudonymiser('k'.repeat(32)),
    now: () => now,
    secrets: {},
    watchlist: EMPTY_WATCHLIST,
    readsLeft: null,
    ...over,
  };
}
