import type { SourceAlertCondition } from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import { recordFiring, type FiringRow } from '@lp/db/queries/alert-firings';
import {
  adminEmails,
  setSourceAlertState,
  sourcesForHealthAlerts,
  type SourceHealthNow,
} from '@lp/db/queries/source-alerts';
import type { Explanation } from './firing-view';

/** A source failing this long (no good poll) alerts; shorter trouble is the retry's job. */
export const FAILING_AFTER_MS = 60 * 60_000;

const CONDITION_WORDS: Record<SourceAlertCondition, string> = {
  stopped: 'has stopped',
  failing: 'has been failing for over an hour',
  budget_spent: 'has spent its read budget',
};

type Seen = { condition: SourceAlertCondition; since: Date } | null;

/** What is wrong with a source now; 'keep' when an admin paused it (nothing to say either way). */
export function conditionOf(s: SourceHealthNow, now: Date): Seen | 'keep' {
  if (s.deleted) return null;
  if (!s.enabled && s.state === 'paused') return 'keep';
  if (s.state === 'stopped') return { condition: 'stopped', since: s.okSince };
  if (s.state === 'budget_spent') return { condition: 'budget_spent', since: s.okSince };
  if ((s.state === 'backoff' || s.state === 'error') && now.getTime() - s.okSince.getTime() > FAILING_AFTER_MS)
    return { condition: 'failing', since: s.okSince };
  return null;
}

const time = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);

/**
 * A source that stops, fails for over an hour or spends its budget alerts its admins once, and once
 * again when it recovers. Each firing is unique on (source, condition, since, recovery), and "since"
 * is the source's last good poll, so two evaluations at once still fire it once.
 */
export async function evaluateSourceHealth(ctx: {
  db: Db;
  publicUrl: string;
  now: Date;
  email: boolean;
}): Promise<FiringRow[]> {
  const fired: FiringRow[] = [];
  const admins = ctx.email ? await adminEmails(ctx.db) : [];
  for (const s of await sourcesForHealthAlerts(ctx.db)) {
    const now = conditionOf(s, ctx.now);
    if (now === 'keep') continue;
    const before: Seen = s.seen?.condition
      ? { condition: s.seen.condition as SourceAlertCondition, since: s.seen.since ?? s.okSince }
      : null;
    if (before?.condition === now?.condition && s.seen) continue;
    const fire = async (c: NonNullable<Seen>, recovered: boolean) => {
      const summary = recovered
        ? `Source "${s.id}" has recovered: it ${CONDITION_WORDS[c.condition].replace(/^has /, 'had ')} (since ${time(c.since)}) and is collecting again.`
        : `Source "${s.id}" ${CONDITION_WORDS[c.condition]} (last good poll ${time(c.since)})${s.lastError ? `: ${s.lastError.slice(0, 300)}` : '.'}`;
      const explanation: Explanation = {
        alertName: recovered ? `Source recovered: ${s.id}` : `Source ${CONDITION_WORDS[c.condition]}: ${s.id}`,
        summary,
        terms: [],
        posts: [],
        sources: [],
        leftOut: [],
        link: `${ctx.publicUrl.replace(/\/+$/, '')}/?view=sources`,
        sourceError: recovered ? null : (s.lastError?.slice(0, 500) ?? null),
      };
      const row = await recordFiring(
        ctx.db,
        {
          ruleId: null,
          kind: 'source_health',
          sourceId: s.id,
          condition: c.condition,
          recovered,
          windowFrom: c.since,
          windowTo: ctx.now,
          explanation: explanation as unknown as Record<string, unknown>,
        },
        admins.length > 0
          ? [{ channelId: 'admins', channelType: 'email', target: admins.join(', '), status: 'pending' }]
          : [],
      );
      if (row) fired.push(row);
    };
    // First sight of a healthy source: nothing to say. Deleted ones are forgotten quietly.
    if (!s.deleted) {
      if (before && !now) await fire(before, true);
      if (now) await fire(now, false);
    }
    await setSourceAlertState(ctx.db, s.id, {
      condition: now?.condition ?? null,
      since: now?.since ?? null,
      error: s.lastError,
    });
  }
  return fired;
}
