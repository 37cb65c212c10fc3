import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zAlertHistory, zAlertRule, zAlertRuleList } from '@lp/contracts/alerts';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { openChannelSecrets } from '../alerts/channels';
import { buildTestApp, signInAs, TEST_ORIGIN, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
const SECRETS_KEY = Buffer.alloc(32, 9).toString('base64');
let app: FastifyInstance;
let admin: TestUser;
let analyst: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  app = await buildTestApp({ secretsKey: SECRETS_KEY });
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  await db.db.execute(sql`
    insert into sources (id, type, config, poll_every_seconds) values ('news', 'rss', '{"url":"https://example.org/feed"}', 600)`);
  admin = await signInAs(app, 'admin');
  analyst = await signInAs(app, 'analyst');
  viewer = await signInAs(app, 'viewer');
});

const call = (
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  server = app,
) => server.inject({ method, url, headers: { cookie: user.cookie, origin: TEST_ORIGIN }, payload: payload as object });

const RULE = {
  name: 'Pay talk turns sour',
  filter: { topic: 'pay', voice: 'staff' },
  metric: 'negative_share',
  sensitivity: 'low',
  channels: [
    { type: 'email', to: ['Comms@Trust.test', 'comms@trust.test'] },
    { type: 'slack', url: 'https://hooks.slack.test/services/T000/B000/XXXXSECRETPATH' },
    { type: 'webhook', url: 'https://siem.trust.test/hooks/lp', secret: 'a-long-enough-signing-secret' },
  ],
};

const sealed = async (id: string) => {
  const res = await db.db.execute<{ channel_secrets: string }>(
    sql`select channel_secrets from alert_rules where id = ${id}`,
  );
  return openChannelSecrets(Buffer.from(SECRETS_KEY, 'base64'), res.rows[0]!.channel_secrets);
};

describe('/api/v1/alerts', () => {
  it('starts with the two built-in rules, each saying in plain words what it watches and how jumpy it is', async () => {
    const list = zAlertRuleList.parse((await call(admin, 'GET', '/api/v1/alerts')).json());
    expect(list.alerts.map((a) => [a.name, a.metric, a.filter, a.sensitivity, a.builtIn, a.channels])).toEqual([
      ['Staff mood turns negative', 'negative_share', { voice: 'staff' }, 'medium', true, []],
      ['Surge in posts about us', 'volume', { aboutUs: true }, 'medium', true, []],
    ]);
    expect(list.alerts[0]!.sensitivityWords).toMatch(/more than 3 times the usual spread/);
    expect(list.alerts[0]!.status).toMatchObject({ state: 'learning', lastFiredAt: null });
    await app.alerts.evaluate(new Date());
    const before = zAlertRuleList.parse((await call(admin, 'GET', '/api/v1/alerts')).json());
    expect(before.alerts[0]!.status.message).toBe('Learning: its sources are still reading their history');
    await db.db.execute(
      sql`update sources set settled_at = now() - interval '1 day', state = 'ok', last_success_at = now()`,
    );
    await app.alerts.evaluate(new Date());
    const after = zAlertRuleList.parse((await call(admin, 'GET', '/api/v1/alerts')).json());
    expect(after.alerts[0]!.status.message).toBe(
      'Learning: needs 3 weeks of history for this hour of the week (has 0)',
    );
  });

  it('saves a rule with its channels sealed: addresses shown by host, secrets never; audited', async () => {
    const res = await call(admin, 'POST', '/api/v1/alerts', RULE);
    expect(res.statusCode).toBe(201);
    const rule = zAlertRule.parse(res.json());
    expect(rule).toMatchObject({
      name: 'Pay talk turns sour',
      filter: { topic: 'pay', voice: 'staff' },
      windowMinutes: 60,
      cooldownMinutes: 180,
      minVolume: 10,
      quietHours: null,
      enabled: true,
      builtIn: false,
    });
    expect(rule.sensitivityWords).toMatch(/^Low: .*more than 4 times/);
    expect(rule.channels.map((c) => [c.type, c.to ?? c.url, c.hasSecret])).toEqual([
      ['email', ['comms@trust.test'], undefined],
      ['slack', 'https://hooks.slack.test/…', false],
      ['webhook', 'https://siem.trust.test/…', true],
    ]);
    const body = res.body + (await call(admin, 'GET', '/api/v1/alerts')).body;
    expect(body).not.toContain('XXXXSECRETPATH');
    expect(body).not.toContain('a-long-enough-signing-secret');
    const raw = await db.db.execute<{ channels: unknown; channel_secrets: string }>(
      sql`select channels, channel_secrets from alert_rules where id = ${rule.id}`,
    );
    expect(JSON.stringify(raw.rows[0])).not.toContain('XXXXSECRETPATH');
    const secrets = await sealed(rule.id);
    expect(secrets.get(rule.channels[1]!.id)).toEqual({
      url: 'https://hooks.slack.test/services/T000/B000/XXXXSECRETPATH',
    });
    const audit = await db.db.execute<{ action: string; detail: unknown }>(
      sql`select action, detail from audit_log where action like 'alert.%' and target = ${rule.id} order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['alert.created']);
    expect(JSON.stringify(audit.rows)).not.toContain('XXXXSECRETPATH');
  });

  it('edits keep a saved channel by its id; a new address drops the old secret unless given; delete keeps history', async () => {
    const rule = zAlertRule.parse((await call(admin, 'POST', '/api/v1/alerts', RULE)).json());
    const [email, slack, hook] = rule.channels;
    const patched = await call(admin, 'PATCH', `/api/v1/alerts/${rule.id}`, {
      sensitivity: 'high',
      quietHours: { from: '22:00', to: '07:00' },
      channels: [
        { type: 'slack', id: slack!.id },
        { type: 'webhook', id: hook!.id, url: 'https://siem.trust.test/hooks/v2' },
        { type: 'email', id: email!.id, to: ['duty@trust.test'] },
      ],
    });
    expect(patched.statusCode).toBe(200);
    const after = zAlertRule.parse(patched.json());
    expect(after.sensitivity).toBe('high');
    expect(after.quietHours).toEqual({ from: '22:00', to: '07:00' });
    expect(after.channels.map((c) => [c.id, c.type, c.hasSecret])).toEqual([
      [slack!.id, 'slack', false],
      [hook!.id, 'webhook', false],
      [email!.id, 'email', undefined],
    ]);
    const secrets = await sealed(rule.id);
    expect(secrets.get(slack!.id)?.url).toBe('https://hooks.slack.test/services/T000/B000/XXXXSECRETPATH');
    expect(secrets.get(hook!.id)).toEqual({ url: 'https://siem.trust.test/hooks/v2' });

    expect(
      (await call(admin, 'PATCH', `/api/v1/alerts/${rule.id}`, { channels: [{ type: 'slack', id: 'abcdef123456' }] }))
        .statusCode,
    ).toBe(400);

    await db.db.execute(sql`
      insert into alert_firings (rule_id, kind, window_from, window_to, explanation)
      values (${rule.id}, 'rule', now() - interval '1 hour', now(), ${JSON.stringify({ alertName: rule.name, summary: 's', terms: [], posts: [], sources: [], leftOut: [], link: 'http://x/' })}::jsonb)`);
    expect((await call(admin, 'DELETE', `/api/v1/alerts/${rule.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/api/v1/alerts/${rule.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/api/v1/alerts/${rule.id}`, { name: 'x' })).statusCode).toBe(404);
    const list = zAlertRuleList.parse((await call(admin, 'GET', '/api/v1/alerts')).json());
    expect(list.alerts.map((a) => a.id)).not.toContain(rule.id);
    const history = zAlertHistory.parse((await call(analyst, 'GET', '/api/v1/alerts/history')).json());
    expect(history.firings.map((f) => [f.alert, f.alertName])).toEqual([[rule.id, 'Pay talk turns sour']]);
  });

  it('refuses bad rules with a 400 that names the field', async () => {
    const bad = async (payload: unknown) => {
      const res = await call(admin, 'POST', '/api/v1/alerts', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      return (res.json() as { error: { message: string } }).error.message;
    };
    expect(await bad({ ...RULE, metric: 'likes' })).toMatch(/metric/);
    expect(await bad({ ...RULE, filter: { topic: 'no-such-topic' } })).toMatch(
      /filter\.topic: no topic "no-such-topic"/,
    );
    expect(await bad({ ...RULE, filter: { source: 'nowhere' } })).toMatch(/filter\.source: no source "nowhere"/);
    expect(await bad({ ...RULE, filter: { voice: 'robots' } })).toMatch(/voice/);
    expect(await bad({ ...RULE, channels: [{ type: 'email', to: ['not an address'] }] })).toMatch(/email/);
    expect(await bad({ ...RULE, channels: [{ type: 'teams' }] })).toMatch(/url/);
    expect(await bad({ ...RULE, channels: [{ type: 'sms', to: ['0770'] }] })).toMatch(/channels/);
    expect(await bad({ ...RULE, quietHours: { from: '22:00', to: '22:00' } })).toMatch(/quiet hours/);
    expect(await bad({ ...RULE, quietHours: { from: '25:00', to: '07:00' } })).toMatch(/HH:MM/);
    expect(await bad({ ...RULE, windowMinutes: 61 })).toMatch(/windowMinutes/);
    expect(await bad({ ...RULE, surprise: true })).toMatch(/surprise|Unrecognized/i);
    expect(await bad({ ...RULE, name: 'a\u0000b' })).toMatch(/NUL/);
    expect((await call(admin, 'PATCH', '/api/v1/alerts/not-an-id', { name: 'x' })).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/v1/alerts/history?alert=%00')).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/v1/alerts/history?before=1e99')).statusCode).toBe(400);
    // A channel id names a saved channel of this rule, once.
    expect(await bad({ ...RULE, channels: [{ type: 'email', id: 'abcdef123456', to: ['a@trust.test'] }] })).toMatch(
      /no saved email channel/,
    );
    const rule = zAlertRule.parse((await call(admin, 'POST', '/api/v1/alerts', RULE)).json());
    const slack = rule.channels[1]!;
    const twice = await call(admin, 'PATCH', `/api/v1/alerts/${rule.id}`, {
      channels: [
        { type: 'slack', id: slack.id },
        { type: 'slack', id: slack.id },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toMatch(/given twice/);
    expect((await call(admin, 'POST', '/api/v1/alerts/history/abc/ack')).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/alerts/history/999999/ack')).statusCode).toBe(404);
  });

  it('checks hook addresses as it checks sources’, and needs SECRETS_KEY to keep them', async () => {
    const strict = await buildTestApp({ secretsKey: SECRETS_KEY, allowPrivateSourceUrls: false });
    const noKey = await buildTestApp({});
    try {
      const s = await signInAs(strict, 'admin');
      const inside = await call(
        s,
        'POST',
        '/api/v1/alerts',
        {
          ...RULE,
          channels: [{ type: 'webhook', url: 'http://127.0.0.1:8080/hook' }],
        },
        strict,
      );
      expect(inside.statusCode).toBe(400);
      expect(inside.json().error.message).toMatch(/^channels\.0\.url: .*(loopback|private)/);
      const credentials = await call(
        s,
        'POST',
        '/api/v1/alerts',
        {
          ...RULE,
          channels: [{ type: 'slack', url: 'https://user:pass@hooks.slack.test/x' }],
        },
        strict,
      );
      expect(credentials.statusCode).toBe(400);

      const k = await signInAs(noKey, 'admin');
      const hook = await call(k, 'POST', '/api/v1/alerts', RULE, noKey);
      expect(hook.statusCode).toBe(503);
      expect(hook.json().error.code).toBe('secrets_key_missing');
      const emailOnly = await call(k, 'POST', '/api/v1/alerts', { ...RULE, channels: [RULE.channels[0]] }, noKey);
      expect(emailOnly.statusCode).toBe(201);
    } finally {
      await strict.close();
      await noKey.close();
    }
  });

  it('rules are the admins’; the history and acknowledging are the comms team’s too; viewers see neither', async () => {
    expect((await call(analyst, 'GET', '/api/v1/alerts')).statusCode).toBe(403);
    expect((await call(analyst, 'POST', '/api/v1/alerts', RULE)).statusCode).toBe(403);
    expect((await call(viewer, 'GET', '/api/v1/alerts/history')).statusCode).toBe(403);
    const [rule] = (await db.db.execute<{ id: string }>(sql`select id from alert_rules order by created_at limit 1`))
      .rows;
    const inserted = await db.db.execute<{ id: number }>(sql`
      insert into alert_firings (rule_id, kind, metric, window_from, window_to, value, baseline, explanation)
      values (${rule!.id}, 'rule', 'volume', now() - interval '1 hour', now(), 50, 10,
        ${JSON.stringify({ alertName: 'Staff mood turns negative', summary: 's', terms: [{ term: 'norovirus', z: 4.2 }], posts: [], sources: [], leftOut: [], link: 'http://x/' })}::jsonb)
      returning id`);
    const id = inserted.rows[0]!.id;
    expect((await call(viewer, 'POST', `/api/v1/alerts/history/${id}/ack`)).statusCode).toBe(403);
    const history = zAlertHistory.parse((await call(analyst, 'GET', '/api/v1/alerts/history')).json());
    expect(history.unacknowledged).toBe(1);
    expect(history.firings).toHaveLength(1);
    expect(history.firings[0]!.terms).toEqual([{ term: 'norovirus', z: 4.2 }]);

    // A source's last error (hosts, accounts) and people's addresses are the admins' only.
    await db.db.execute(sql`
      insert into alert_firings (kind, source_id, condition, window_from, window_to, explanation)
      values ('source_health', 'news', 'stopped', now() - interval '1 hour', now(),
        ${JSON.stringify({ alertName: 'Source has stopped: news', summary: 'Source "news" has stopped.', terms: [], posts: [], sources: [], leftOut: [], link: 'http://x/', sourceError: '401 for account trust-bot at api.example.org' })}::jsonb)`);
    await db.db.execute(sql`
      insert into alert_deliveries (firing_id, channel_id, channel_type, target)
      select id, 'admins', 'email', 'boss@trust.test, deputy@trust.test' from alert_firings where kind = 'source_health'`);
    const seenBy = async (user: TestUser) =>
      zAlertHistory.parse((await call(user, 'GET', '/api/v1/alerts/history?kind=source_health')).json()).firings[0]!;
    expect((await seenBy(admin)).source?.error).toBe('401 for account trust-bot at api.example.org');
    expect((await seenBy(admin)).deliveries[0]!.target).toBe('boss@trust.test, deputy@trust.test');
    const analystView = await seenBy(analyst);
    expect(analystView.source?.error).toBeNull();
    expect(analystView.deliveries[0]!.target).toBe('2 addresses');
    expect(JSON.stringify(analystView)).not.toMatch(/trust-bot|boss@/);

    const ack = await call(analyst, 'POST', `/api/v1/alerts/history/${id}/ack`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ acknowledgedBy: analyst.email });
    const again = await call(admin, 'POST', `/api/v1/alerts/history/${id}/ack`);
    expect(again.json()).toMatchObject({ acknowledgedBy: analyst.email, acknowledgedAt: ack.json().acknowledgedAt });
    const unacked = zAlertHistory.parse(
      (await call(analyst, 'GET', '/api/v1/alerts/history?unacknowledged=true')).json(),
    );
    expect(unacked.firings.map((f) => f.kind)).toEqual(['source_health']);
    expect(unacked.unacknowledged).toBe(1);
    const audit = await db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'alert.acknowledged' and target = ${String(id)}`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });
});
