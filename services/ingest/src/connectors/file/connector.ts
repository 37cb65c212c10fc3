import type { Connector, ConnectorFactory } from '../types';

/**
 * File sources are fed by imports (dashboard upload or `npm run import`), not polled. A scheduled
 * poll still runs like any source's: it finds an empty page, keeps the cursor and marks the source
 * ok, so it costs one small transaction (set `every: 1d` to make it rarer).
 */
export const createFileConnector: ConnectorFactory = (): Connector => ({
  fetchPage: async (cursor) => ({ items: [], quarantined: [], nextCursor: cursor, full: false }),
});
