import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../client';
import { resetDatabase, testDatabaseUrl } from '../testing/test-env';
import { claimDueDelivery, finishAlertDelivery, recordFiring, recordRuleFiring } from './alert-firings';

const { db, close } = createDb(testDatabaseUrl(), { max: 4 });
afterAll(() => close());
beforeEach(() => resetDatabase(db));

const firing = (ruleId: string | null, from: string, to: string) => ({
  ruleId,
  kind: 'rule',
  windowFrom: new Date(from),
  windowTo: new Date(to),
  explanation: { alertName: 'x', summary: 's', terms: [], posts: [], sources: [], leftOut: [], link: 'x' },
});
const ruleId = async () =>
  (await db.execute<{ id: string }>(sql`select id from alert_rules order by created_at limit 1`)).rows[0]!.id;

describe('the alert outbox', () => {
  it('a sender whose lease ran out changes nothing; the one that took the row over marks it', async () => {
    await recordFiring(db, firing(null, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'), [
      { channelId: 'c1', channelType: 'slack', target: 'https://hooks.slack.test/…', status: 'pending' },
    ]);
    const a = await claimDueDelivery(db, 'sender-a', 60);
    expect(a).not.toBeNull();
    // Held by A: nobody else gets it.
    expect(await claimDueDelivery(db, 'sender-b', 60)).toBeNull();
    // A stalls past its lease; B takes the row over and sends it.
    await db.execute(sql`update alert_deliveries set lease_until = now() - interval '1 second'`);
    const b = await claimDueDelivery(db, 'sender-b', 60);
    expect(b?.id).toBe(a!.id);
    expect(b?.attempts).toBe(2);
    expect(await finishAlertDelivery(db, b!.id, 'sender-b', { sent: true })).toBe(true);
    // A wakes up and reports a failure: ignored, the row stays sent and is not retried.
    expect(await finishAlertDelivery(db, a!.id, 'sender-a', { sent: false, error: 'timeout', retryInMs: 1000 })).toBe(
      false,
    );
    const [row] = (await db.execute<{ status: string }>(sql`select status from alert_deliveries`)).rows;
    expect(row!.status).toBe('sent');
    expect(await claimDueDelivery(db, 'sender-c', 60)).toBeNull();
  });

  it('one firing per rule and window, and none inside the cool-down, even from two processes at once', async () => {
    const id = await ruleId();
    const w = (h: number) => ({ ...firing(id, `2026-12-01T${h}:00:00Z`, `2026-12-01T${h + 1}:00:00Z`), ruleId: id });
    const [x, y] = await Promise.all([recordRuleFiring(db, w(10), [], 180), recordRuleFiring(db, w(10), [], 180)]);
    expect([x, y].filter((r) => typeof r === 'object')).toHaveLength(1);
    expect([x, y].filter((r) => r === 'already_fired')).toHaveLength(1);
    // Neighbouring windows past that cool-down, judged at once by two processes: the rule's lock
    // lets one fire; the other then finds it inside its cool-down.
    const [p, q] = await Promise.all([recordRuleFiring(db, w(15), [], 180), recordRuleFiring(db, w(16), [], 180)]);
    expect([p, q].filter((r) => r === 'cooling_down')).toHaveLength(1);
    expect([p, q].filter((r) => typeof r === 'object')).toHaveLength(1);
    const n = await db.execute<{ n: number }>(sql`select count(*)::int as n from alert_firings`);
    expect(n.rows[0]!.n).toBe(2);
    // Past the cool-down, it fires again.
    expect(typeof (await recordRuleFiring(db, w(20), [], 180))).toBe('object');
  });
});
