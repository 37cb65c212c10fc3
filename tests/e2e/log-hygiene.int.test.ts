import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import { apiLoggerOptions } from '../../services/api/src/server-options';
import { buildTestApp, injectAs, signInAs, TEST_ORIGIN } from '../../services/api/src/testing';
import { createLogger } from '../../services/ingest/src/logger';
import { countPosts } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';
import {
  makeStatus,
  startMastodonFixture,
  type MastodonFixture,
} from '../../services/ingest/src/testing/mastodon-fixture';

/** Values that stand for personal data and secrets: none may appear anywhere in the log. */
const PLANTED = {
  email: 'planted.nurse@example.org',
  phone: '07700 900987',
  displayName: 'Quillfeather Plantedname',
  handle: 'plantedhandle42',
  bio: 'Zephyrine Plantedbio ward sister',
  phrase: 'marmalade rota fiasco',
  fileAuthor: 'Brackenridge Plantedperson',
  fileText: 'The plantedfile comment about Ward 9',
  secret: 'PLANTEDSECRET-7f3a9c1d',
  password: 'planted-password-Kj4x9q',
  eventTitle: 'Plantedtitle closure of Ward 12',
  query: 'plantedsearch',
};
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe('a full run at the most verbose log level', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let fixture: MastodonFixture;
  let ingest: Awaited<ReturnType<typeof startTestIngest>> | null = null;
  const log = new Capture();

  beforeEach(async () => {
    await resetDatabase(admin.db);
    fixture = await startMastodonFixture();
  });
  afterEach(async () => {
    if (ingest) await stopTestIngest(ingest);
    ingest = null;
    await fixture.close();
    await admin.db.execute(sql`alter table events drop constraint if exists log_hygiene_planted`);
  });
  afterAll(() => admin.close());

  it('logs what happened and none of the planted personal values, secrets or query parameters', async () => {
    const account = {
      id: '99',
      username: PLANTED.handle,
      acct: PLANTED.handle,
      url: `https://${fixture.host}/@${PLANTED.handle}`,
      display_name: PLANTED.displayName,
      note: `<p>${PLANTED.bio}. Email ${PLANTED.email}</p>`,
      fields: [{ name: 'Phone', value: PLANTED.phone, verified_at: null }],
    };
    fixture.add('nhs', [
      makeStatus(fixture.host, '3001', {
        account,
        content: `<p>Call me on ${PLANTED.phone} or ${PLANTED.email} about the ${PLANTED.phrase}, short-staffed again</p>`,
      }),
      // Malformed: no time. Quarantined with its reason, and its text stays out of the log.
      makeStatus(fixture.host, '3002', { account, created_at: null, content: `<p>${PLANTED.phrase} again</p>` }),
    ]);
    // The platform fails once with a body that repeats what was asked and who asked.
    fixture.fail({ status: 500, body: `internal error for ${PLANTED.handle} ${PLANTED.email}` });

    ingest = await startTestIngest({
      sources: [
        {
          id: 'fedi',
          type: 'mastodon',
          config: { instance: fixture.url, hashtags: ['NHS'] },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 3600,
        },
        {
          id: 'fft',
          type: 'file',
          config: { mapping: { text: 'Comment', time: 'Date', author: 'Name' }, lang: 'en' },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 86_400,
        },
      ],
      log: createLogger('trace', 'ingest', log),
    });
    const api = await buildTestApp({
      as: null,
      queuePrefix: ingest.prefix,
      secretsKey: SECRETS_KEY,
      logger: apiLoggerOptions('trace', log),
    });
    let token = '';
    try {
      await enqueuePollNow(ingest.queues['poll-source'], 'fedi', { key: 'first' });
      await waitFor(async () => (await countPosts(admin.db)) === 1, 'the good status after the failed attempt');

      const adminUser = await signInAs(api, 'admin');
      const analyst = await signInAs(api, 'analyst');
      // A wrong password, then sign-in with one.
      const wrong = await api.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: analyst.email, password: PLANTED.password },
      });
      expect(wrong.statusCode).toBe(401);

      // An upload whose rows name their authors.
      const csv = `Date,Comment,Name\n2025-01-06T10:00:00Z,${PLANTED.fileText} ${PLANTED.email},${PLANTED.fileAuthor}\n`;
      const upload = await injectAs(api, adminUser, {
        method: 'POST',
        url: '/api/v1/sources/fft/imports?fileName=staff.csv',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(upload.statusCode).toBe(202);
      await waitFor(async () => (await countPosts(admin.db)) === 2, 'the imported row');

      // A source with a credential, added and edited.
      const created = await injectAs(api, adminUser, {
        method: 'POST',
        url: '/api/v1/sources',
        payload: {
          id: 'x-trust',
          type: 'x',
          config: { query: 'NHS', monthlyReadBudget: 1000 },
          secrets: { bearerToken: PLANTED.secret },
        },
      });
      expect(created.statusCode).toBe(201);

      // A search, whose text travels in the query string.
      const search = await injectAs(api, analyst, {
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent(`"${PLANTED.phrase}" ${PLANTED.query}`)}&from=2025-01-01&to=2025-02-01`,
      });
      expect(search.statusCode).toBe(200);

      // A personal API token made and used, and a CSV export of the posts (text, links) streamed with it.
      const made = await injectAs(api, analyst, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'R' } });
      expect(made.statusCode).toBe(201);
      token = (made.json() as { token: string }).token;
      const exported = await api.inject({
        method: 'GET',
        url: '/api/v1/exports/posts?from=2025-01-01&to=2025-02-01&format=csv',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.body).toContain(PLANTED.fileText);

      // A database failure while storing an event: the error is logged, its row is not.
      await admin.db.execute(
        sql.raw(`alter table events add constraint log_hygiene_planted check (title not like 'Plantedtitle%')`),
      );
      const failed = await injectAs(api, adminUser, {
        method: 'POST',
        url: '/api/v1/events',
        payload: { day: '2025-01-07', title: PLANTED.eventTitle, kind: 'other' },
      });
      expect(failed.statusCode).toBe(500);
      // An unknown route with personal data in its path and query.
      await api.inject({
        method: 'GET',
        url: `/api/v1/people/${PLANTED.email}?phone=${PLANTED.phone}`,
        headers: { origin: TEST_ORIGIN },
      });
    } finally {
      await api.close();
    }
    await stopTestIngest(ingest);
    ingest = null;

    // The log is a real account of the run…
    expect(log.text).toMatch(/"msg":"request completed"/);
    expect(log.text).toMatch(/"msg":"file imported"/);
    expect(log.text).toMatch(/"msg":"items quarantined"/);
    expect(log.text).toMatch(/"msg":"job attempt failed"/);
    expect(log.text).toMatch(/23514/);
    expect(log.text).toMatch(/\/api\/v1\/search\?\[query not logged\]/);
    // …and holds none of the planted values, in any case or encoding.
    const lower = log.text.toLowerCase();
    expect(token).toMatch(/^lp_/);
    for (const [what, value] of Object.entries({ ...PLANTED, token })) {
      for (const form of new Set([value, encodeURIComponent(value), value.replace(/ /g, '+')])) {
        expect(lower.includes(form.toLowerCase()), `${what} (${form}) is in the log`).toBe(false);
      }
    }
  });
});
