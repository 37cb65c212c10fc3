import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zAlertHistory, zAlertRule, type AlertFiring } from '@lp/contracts/alerts';
import { EMPTY_WATCHLIST } from '@lp/contracts/watchlist';
import { createDb } from '@lp/db/client';
import { markCovered } from '@lp/db/queries/coverage';
import { getSource } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import { verifySignature } from '../../services/api/src/alerts/messages';
import { buildTestApp } from '../../services/api/src/testing';
import { startSmtp } from '../../services/api/src/testing-smtp';
import {
  startRssFixture,
  type FixtureItem,
  type RssFixture,
} from '../../services/ingest/src/connectors/rss/rss-fixture';
import { count } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';
import {
  makeStatus,
  startMastodonFixture,
  type MastodonFixture,
} from '../../services/ingest/src/testing/mastodon-fixture';

const MIN = 60_000;
const WEEK = 7 * 24 * 60 * MIN;
const SECRET = 'a-webhook-signing-secret-of-some-length';
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

/** Ordinary talk about the trust: the same mix every week. */
const FILLER = [
  'St Elsewhere maternity team were kind and calm throughout our stay',
  'Long wait in the St Elsewhere emergency department again tonight',
  'St Elsewhere staff car park is full before eight every morning',
  'Thank you to the St Elsewhere physio team for the support this week',
  'St Elsewhere outpatients letter arrived after the appointment date',
  'Great to see the St Elsewhere volunteers back at the main entrance',
  'St Elsewhere pharmacy queue moved quickly today, well organised',
  'Visiting hours at St Elsewhere changed again, hard to keep up',
];

/** A spike with something new to say: the explanation should name it. */
const SPIKE = (i: number) => `Norovirus: ward closure at St Elsewhere. ${FILLER[i % FILLER.length]!}`;

const item = (id: string, at: Date, text: string): FixtureItem => ({
  id: `https://st-elsewhere.example.nhs.uk/news/${id}`,
  link: `https://st-elsewhere.example.nhs.uk/news/${id}`,
  title: text,
  html: `<p>${text}</p>`,
  date: at.toUTCString(),
});

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Teams, Slack and a generic webhook, all on loopback, keeping what they were sent. */
async function startReceivers() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      res.writeHead(req.url === '/broken' ? 500 : 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Alerts end to end: a fixture feed through the real ingest (poll, tag, rollups) into Postgres, the
 * API judging its rules as at a fixed time, and every channel delivering to a local receiver.
 */
describe('alerts from a fixture feed to every channel', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let feeds: RssFixture;
  let mastodon: MastodonFixture;
  let api: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startReceivers>>;
  let ingest: Awaited<ReturnType<typeof startTestIngest>> | null = null;
  // The evaluation time: a 5-minute mark just past, so the window [T − 60 min, T) is all in the past.
  const T = new Date(Math.floor(Date.now() / (5 * MIN)) * 5 * MIN);

  beforeEach(async () => {
    await resetDatabase(admin.db);
    const back = await admin.db.execute<{ t: string }>(sql`
      select ((${T.toISOString()}::timestamptz at time zone 'Europe/London') - k * interval '7 days') at time zone 'Europe/London' as t
      from generate_series(1, 4) as k order by k`);
    weekStarts = back.rows.map((r) => new Date(r.t));
    feeds = await startRssFixture();
    mastodon = await startMastodonFixture();
    smtp = await startSmtp();
    hooks = await startReceivers();
    api = await buildTestApp({ smtpUrl: smtp.url, secretsKey: SECRETS_KEY });
  });
  afterEach(async () => {
    if (ingest) await stopTestIngest(ingest);
    ingest = null;
    await api.close();
    await Promise.all([feeds.close(), mastodon.close(), smtp.close(), hooks.close()]);
  });
  afterAll(() => admin.close());

  /**
   * Four weeks of the same hour, each with these posts: the same clock time in London k weeks back
   * (across a clock change that is not k × 168 hours), as the rules read it.
   */
  let weekStarts: Date[] = [];
  const baselineItems = (perWeek: number) =>
    weekStarts.flatMap((start, w) =>
      Array.from({ length: perWeek }, (_, i) =>
        item(`w${w + 1}-${i}`, new Date(start.getTime() - (57 - i * 5) * MIN), FILLER[i % FILLER.length]!),
      ),
    );
  const windowItems = (n: number, text: (i: number) => string, prefix: string) =>
    Array.from({ length: n }, (_, i) => item(`${prefix}-${i}`, new Date(T.getTime() - (50 - (i % 45)) * MIN), text(i)));

  const startPipeline = async () => {
    ingest = await startTestIngest({
      sources: [
        {
          id: 'trust-news',
          type: 'rss',
          config: { url: feeds.feedUrl('/feed') },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 3600,
        },
        {
          id: 'fedi',
          type: 'mastodon',
          config: { instance: mastodon.url, hashtags: ['NHS'], backfillHours: 24, backfillPages: 3 },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 3600,
        },
      ],
      roles: ['poll', 'nlp'],
      watchlist: { ...EMPTY_WATCHLIST, names: ['St Elsewhere'] },
    });
  };
  const pollAndTag = async (sourceId: string, key: string) => {
    const before = (await getSource(admin.db, sourceId))?.lastSuccessAt?.getTime() ?? 0;
    await enqueuePollNow(ingest!.queues['poll-source'], sourceId, { key });
    await waitFor(
      async () => ((await getSource(admin.db, sourceId))?.lastSuccessAt?.getTime() ?? 0) > before,
      `${sourceId} polled`,
    );
    await waitFor(
      async () => (await count(admin.db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
      'everything tagged',
    );
  };
  /** As if the feed had been followed for six weeks: settled, and every hour since covered. */
  const followedForSixWeeks = async (sourceId: string) => {
    await admin.db.execute(
      sql`update sources set settled_at = ${new Date(T.getTime() - 6 * WEEK).toISOString()}::timestamptz where id = ${sourceId}`,
    );
    await markCovered(admin.db, sourceId, { from: new Date(T.getTime() - 6 * WEEK), backfilled: true });
  };
  const firingsOf = async (ruleId: string) =>
    zAlertHistory.parse((await api.inject(`/api/v1/alerts/history?alert=${ruleId}`)).json()).firings;

  it('a spike fires once per channel, explained by its planted terms; a flat week and a backfilling source fire nothing', async () => {
    feeds.setFeed('/feed', 'rss', [
      ...windowItems(12, (i) => FILLER[i % FILLER.length]!, 'flat'),
      ...baselineItems(12),
    ]);
    // A new Mastodon source whose 24 hours of history hold a burst about us in the last hour.
    mastodon.add(
      'nhs',
      Array.from({ length: 60 }, (_, i) =>
        makeStatus(mastodon.host, String(5000 + i), {
          created_at: new Date(T.getTime() - (50 - (i % 45)) * MIN).toISOString(),
          content: `<p>${SPIKE(i)}</p>`,
        }),
      ),
    );
    await startPipeline();
    await pollAndTag('trust-news', 'first');
    await followedForSixWeeks('trust-news');
    expect(await count(admin.db, sql`select count(*)::int as n from posts where mentions_org_term is not null`)).toBe(
      60,
    );

    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: {
        name: 'Posts about us jump',
        filter: { aboutUs: true },
        metric: 'volume',
        sensitivity: 'high',
        channels: [
          { type: 'email', to: ['comms@trust.test'] },
          { type: 'teams', url: `${hooks.url}/teams` },
          { type: 'slack', url: `${hooks.url}/slack` },
          { type: 'webhook', url: `${hooks.url}/webhook`, secret: SECRET },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const rule = zAlertRule.parse(created.json());
    // The hook addresses are sealed: shown by host only.
    expect(rule.channels.map((c) => c.url ?? c.to?.join())).toEqual([
      'comms@trust.test',
      `${hooks.url}/…`,
      `${hooks.url}/…`,
      `${hooks.url}/…`,
    ]);
    expect(JSON.stringify(created.json())).not.toContain(SECRET);

    // The Mastodon source reads its first page of history, then its rate window runs out: it is
    // still reading its history, and its burst in this hour is left out.
    mastodon.setRemaining(1);
    await enqueuePollNow(ingest!.queues['poll-source'], 'fedi', { key: 'fedi-1' });
    await waitFor(
      async () => (await getSource(admin.db, 'fedi'))?.state === 'rate_limited',
      'fedi paused in its history',
    );
    await waitFor(
      async () => (await count(admin.db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
      'everything tagged',
    );
    expect(await count(admin.db, sql`select count(*)::int as n from posts where source_id = 'fedi'`)).toBeGreaterThan(
      12,
    );
    expect((await getSource(admin.db, 'fedi'))?.settledAt).toBeNull();
    let run = await api.alerts.evaluate(T);
    const mine = () => run.rules.find((r) => r.id === rule.id)!;
    expect(mine().outcome).toBe('ok');
    expect(mine().message).toMatch(/^12 posts against a usual 12 /);
    expect(await firingsOf(rule.id)).toEqual([]);

    // Its history read to the end (it follows live from now, after the window began): still left out.
    mastodon.setRemaining(300);
    await admin.db.execute(sql`update sources set not_before = null where id = 'fedi'`);
    await waitFor(async () => {
      if ((await getSource(admin.db, 'fedi'))?.settledAt) return true;
      await enqueuePollNow(ingest!.queues['poll-source'], 'fedi', { key: `fedi-${Date.now()}` });
      return false;
    }, 'fedi settled');
    await waitFor(
      async () => (await count(admin.db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
      'everything tagged',
    );
    run = await api.alerts.evaluate(T);
    expect(mine().outcome).toBe('ok');
    expect(mine().message).toMatch(/^12 posts against a usual 12 /);
    expect(await firingsOf(rule.id)).toEqual([]);

    // Now the feed itself spikes, with something new to say.
    feeds.setFeed('/feed', 'rss', [
      ...windowItems(40, SPIKE, 'spike'),
      ...windowItems(12, (i) => FILLER[i % FILLER.length]!, 'flat'),
      ...baselineItems(12),
    ]);
    await pollAndTag('trust-news', 'second');
    run = await api.alerts.evaluate(T);
    expect(mine().outcome).toBe('fired');
    // The same window again fires nothing (one firing per rule and window) …
    const again = (await api.alerts.evaluate(T)).rules.find((r) => r.id === rule.id)!;
    expect([again.outcome, again.message]).toEqual(['ok', 'this window has fired already']);
    // … and the next windows, once the feed has been read past them, are inside the cool-down.
    await admin.db.execute(
      sql`update sources set last_success_at = ${new Date(T.getTime() + 10 * MIN).toISOString()}::timestamptz where id = 'trust-news'`,
    );
    const later = (await api.alerts.evaluate(new Date(T.getTime() + 10 * MIN))).rules.find((r) => r.id === rule.id)!;
    expect(later.outcome).toBe('cooling_down');

    expect(await firingsOf(rule.id)).toHaveLength(1);
    const [firing] = await firingsOf(rule.id);
    expect(firing!.value).toBe(52);
    expect(firing!.baseline).toBe(12);
    expect(firing!.leftOut).toEqual([{ id: 'fedi', reason: 'began following live after this window started' }]);
    expect(firing!.sources).toEqual([{ id: 'trust-news', posts: 52 }]);
    // The planted words lead; what every week says (the filler) does not stand out.
    const topTerms = firing!.terms.slice(0, 3).map((t) => t.term);
    expect(topTerms).toContain('norovirus');
    expect(topTerms.every((t) => ['norovirus', 'ward closure', 'ward', 'closure', 'norovirus ward'].includes(t))).toBe(
      true,
    );
    expect(firing!.terms.map((t) => t.term)).not.toContain('maternity');
    expect(firing!.terms.map((t) => t.term)).not.toContain('st');
    expect(firing!.posts.length).toBeGreaterThan(0);
    expect(JSON.stringify(firing!.posts)).not.toMatch(/author|pseudonym|a_[0-9a-f]{8}/i);
    expect(firing!.link).toMatch(/^http:\/\/listening-post\.test\/\?from=\d{4}-\d{2}-\d{2}&to=.*aboutUs=true/);
    expect(firing!.deliveries.map((d) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending']);

    expect(await api.alerts.deliver()).toBe(4);
    expect(await api.alerts.deliver()).toBe(0);
    // Email: one message to the channel's address.
    await waitFor(async () => smtp.messages.length === 1, 'alert email');
    expect(smtp.messages[0]!.to).toEqual(['comms@trust.test']);
    expect(smtp.messages[0]!.raw).toMatch(/Posts about us jump/);
    // Each hook once.
    expect(hooks.received.map((r) => r.path).sort()).toEqual(['/slack', '/teams', '/webhook']);
    const body = (path: string) => hooks.received.find((r) => r.path === path)!;
    const teams = JSON.parse(body('/teams').body) as {
      type: string;
      attachments: Array<{ contentType: string; content: { type: string; version: string; body: unknown[] } }>;
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0]!.content.type).toBe('AdaptiveCard');
    const slack = JSON.parse(body('/slack').body) as { text: string; blocks: Array<{ type: string }> };
    expect(typeof slack.text).toBe('string');
    expect(slack.blocks[0]!.type).toBe('header');
    expect(slack.blocks.at(-1)!.type).toBe('actions');
    // The webhook: the firing itself, signed with the channel's secret.
    const hook = body('/webhook');
    expect(verifySignature(hook.body, SECRET, hook.headers['x-lp-signature'] as string)).toBe(true);
    expect(verifySignature(hook.body, 'another-secret-entirely', hook.headers['x-lp-signature'] as string)).toBe(false);
    const sent = JSON.parse(hook.body) as AlertFiring;
    expect(sent.id).toBe(firing!.id);
    expect(sent.alert).toBe(rule.id);
    expect(sent.window).toEqual(firing!.window);
    expect(sent.terms).toEqual(firing!.terms);

    const after = await firingsOf(rule.id);
    expect(after[0]!.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['email', 'sent'],
      ['teams', 'sent'],
      ['slack', 'sent'],
      ['webhook', 'sent'],
    ]);

    // Posts are named by id: once a post's text is purged (retention, an erasure), the alert shows none.
    expect(firing!.posts[0]!.text).toMatch(/Norovirus/);
    await admin.db.execute(sql`update posts set text = null, url = null where id = ${firing!.posts[0]!.id}::bigint`);
    expect((await firingsOf(rule.id))[0]!.posts[0]).toEqual({ id: firing!.posts[0]!.id, url: null, text: null });

    // Acknowledged once, by whom.
    const ack = await api.inject({ method: 'POST', url: `/api/v1/alerts/history/${firing!.id}/ack` });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ acknowledgedBy: expect.stringMatching(/@/) });
  });

  it('quiet hours hold a firing and send one digest after them; a failing hook is retried and shown', async () => {
    feeds.setFeed('/feed', 'rss', [
      ...windowItems(40, SPIKE, 'spike'),
      ...windowItems(12, (i) => FILLER[i % FILLER.length]!, 'flat'),
      ...baselineItems(12),
    ]);
    await startPipeline();
    await pollAndTag('trust-news', 'first');
    await followedForSixWeeks('trust-news');
    const hhmm = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(d);
    const quietHours = { from: hhmm(new Date(T.getTime() - 30 * MIN)), to: hhmm(new Date(T.getTime() + 30 * MIN)) };
    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: {
        name: 'Night watch',
        filter: { aboutUs: true },
        metric: 'volume',
        sensitivity: 'medium',
        quietHours,
        channels: [
          { type: 'slack', url: `${hooks.url}/slack` },
          { type: 'webhook', url: `${hooks.url}/broken` },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const rule = zAlertRule.parse(created.json());

    await api.alerts.evaluate(T);
    let [firing] = await firingsOf(rule.id);
    expect(firing!.quiet).toBe(true);
    expect(firing!.deliveries.map((d) => d.status)).toEqual(['held', 'held']);
    expect(await api.alerts.deliver()).toBe(0);
    expect(hooks.received).toEqual([]);

    // Quiet hours over: one digest per channel, the held firing in it.
    const later = new Date(T.getTime() + 35 * MIN);
    const run = await api.alerts.evaluate(later);
    // Slack gets one digest; the webhook, a machine, gets the held firing itself.
    expect(run.digests).toBe(1);
    expect((await api.alerts.evaluate(later)).digests).toBe(0);
    expect(await api.alerts.deliver()).toBe(1);
    const slack = hooks.received.filter((r) => r.path === '/slack');
    expect(slack).toHaveLength(1);
    expect(JSON.parse(slack[0]!.body).text).toMatch(/Night watch/);
    // The broken hook answered 500: kept as failed with the reason, to be tried again.
    [firing] = await firingsOf(rule.id);
    const broken = firing!.deliveries.find((d) => d.type === 'webhook' && d.status !== 'digested')!;
    expect(broken.status).toBe('failed');
    expect(broken.lastError).toBe(`HTTP 500 from ${new URL(hooks.url).host}`);
    expect(broken.nextAttemptAt).not.toBeNull();
    expect(hooks.received.filter((r) => r.path === '/broken')).toHaveLength(1);
    // Not before its backoff.
    expect(await api.alerts.deliver()).toBe(0);
    expect(hooks.received.filter((r) => r.path === '/broken')).toHaveLength(1);
  });

  it('a stopped source alerts its admins once, and once when it recovers; failing counts from the first failure seen', async () => {
    await admin.db.execute(sql`
      insert into users (email, role, password_hash) values ('boss@trust.test', 'admin', 'x'), ('viewer@trust.test', 'viewer', 'x')`);
    await admin.db.execute(sql`
      insert into sources (id, type, config, poll_every_seconds, state, last_success_at)
      values ('wire', 'rss', '{"url":"https://example.org/feed"}', 7200, 'ok', now() - interval '1 minute')`);
    const history = async () =>
      zAlertHistory.parse((await api.inject('/api/v1/alerts/history?kind=source_health')).json()).firings;
    const at = (minutes: number) => new Date(Date.now() + minutes * MIN);
    const setSource = (set: ReturnType<typeof sql>) =>
      admin.db.execute(sql`update sources set ${set} where id = 'wire'`);

    await api.alerts.evaluate(at(0));
    expect(await history()).toEqual([]);

    await setSource(
      sql`state = 'stopped', enabled = false, last_error = 'HTTP 410 from example.org: the feed is gone'`,
    );
    await api.alerts.evaluate(at(1));
    await api.alerts.evaluate(at(2));
    let fired = await history();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.source).toEqual({
      id: 'wire',
      condition: 'stopped',
      recovered: false,
      error: 'HTTP 410 from example.org: the feed is gone',
    });
    expect(fired[0]!.summary).toMatch(/^Source "wire" has stopped \(last good poll /);
    // To the admins (every test app signs one in too), never to other roles.
    expect(fired[0]!.deliveries).toHaveLength(1);
    expect(fired[0]!.deliveries[0]!.target).toContain('boss@trust.test');
    expect(fired[0]!.deliveries[0]!.target).not.toContain('viewer@trust.test');

    // Resumed, but no good poll yet (new), then waiting out a rate limit: not recovered.
    await setSource(sql`state = 'new', enabled = true, last_error = null`);
    await api.alerts.evaluate(at(3));
    await setSource(sql`state = 'rate_limited'`);
    await api.alerts.evaluate(at(4));
    expect(await history()).toHaveLength(1);
    // A good poll: recovered, once.
    await setSource(sql`state = 'ok', last_success_at = now() + interval '5 minutes'`);
    await api.alerts.evaluate(at(6));
    await api.alerts.evaluate(at(7));
    fired = await history();
    expect(fired.map((f) => [f.source?.condition, f.source?.recovered])).toEqual([
      ['stopped', true],
      ['stopped', false],
    ]);
    expect(await api.alerts.deliver()).toBe(2);
    await waitFor(async () => smtp.messages.length === 2, 'two emails to the admins');
    expect(smtp.messages.every((m) => m.to.includes('boss@trust.test') && !m.to.includes('viewer@trust.test'))).toBe(
      true,
    );

    // Stopped again: a new incident, alerted again.
    await setSource(sql`state = 'stopped', enabled = false, last_error = 'HTTP 410 again'`);
    await api.alerts.evaluate(at(8));
    expect((await history()).map((f) => [f.source?.condition, f.source?.recovered])[0]).toEqual(['stopped', false]);
    expect(await history()).toHaveLength(3);

    // Failing: from when the alerts first saw it fail, not from its last good poll two hours ago.
    await setSource(sql`state = 'backoff', enabled = true, last_success_at = now() - interval '2 hours'`);
    await api.alerts.evaluate(at(9));
    expect(await history()).toHaveLength(3);
    await api.alerts.evaluate(at(9 + 61));
    expect((await history())[0]!.source?.condition).toBe('failing');
    await setSource(sql`state = 'budget_spent'`);
    await api.alerts.evaluate(at(9 + 62));
    expect((await history())[0]!.source?.condition).toBe('budget_spent');
    expect(await history()).toHaveLength(5);
  });
});
