import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { openDashboard, type Dashboard } from './browser';
import { countPending, countPosts } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';

export type DemoDashboard = Dashboard;

/**
 * The built dashboard served by the real API over a database fed by the real pipeline from the demo
 * source (72 hours of backlog, a fresh install's default), and Debian's Chromium to look at it.
 */
export async function startDemoDashboard(): Promise<DemoDashboard> {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  try {
    await resetDatabase(admin.db);
    const ingest = await startTestIngest({
      sources: [
        {
          id: 'demo',
          type: 'demo',
          config: { backfillHours: 72, backfillPostsPerHour: 20, postsPerHour: 0.0001, seed: 11 },
          enabled: true,
          synthetic: true,
          pollEverySeconds: 3600,
        },
      ],
      roles: ['poll', 'nlp', 'sweep'],
    });
    try {
      await waitFor(
        async () => (await countPosts(admin.db)) >= 1_441 && (await countPending(admin.db)) === 0,
        'the demo backlog',
      );
    } finally {
      await stopTestIngest(ingest);
    }
  } finally {
    await admin.close();
  }

  return openDashboard();
}
