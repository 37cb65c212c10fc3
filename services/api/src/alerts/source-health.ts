import type { SourceAlertCondition } from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import { recordFiring, type FiringRow } from '@lp/db/queries/alert-firings';
import {
  adminEmails,
  sourcesForHealthAlerts,
  withSourceAlertState,
  type SeenHealth,
  type SourceHealthNow,
} from '@lp/db/queries/source-alerts';
import type { DbOrTx } from '@lp/db/queries/raw-items';
import type { Explanation } from './firing-view';
import { londonMoment } from './message-parts';

/** A source failing this long (as the alerts saw it) alerts; shorter trouble is the retry's job. */
export const FAILING_AFTER_MS = 60 * 60_000;

const CONDITION_WORDS: Record<SourceAlertCondition, string> = {
  stopped: 'has stopped',
  failing: 'has been failing for over an hour',
  budget_spent: 'has spent its read budget',
};

/**
 * What is wrong with a source now, given what the alerts saw before:
 * - stopped, out of budget, or failing (backoff or error) for over an hour since first seen so;
 * - null (healthy) only on a good poll after the problem began: a resumed source that has not
 *   polled yet (`new`), or one waiting out a rate limit, has not recovered;
 * - 'keep' when it says nothing new (new, rate-limited, paused by an admin, failing for less than an hour).
 */
export function conditionOf(
  s: SourceHealthNow,
  seen: SeenHealth,
  troubleSince: Date | null,
  now: Date,
): SourceAlertCondition | null | 'keep' {
  if (s.state === 'stopped') return 'stopped';
  if (s.state === 'budget_spent') return 'budget_spent';
  if (s.state === 'backoff' || s.state === 'error')
    return troubleSince && now.getTime() - troubleSince.getTime() > FAILING_AFTER_MS ? 'failing' : 'keep';
  if (s.state === 'ok' && (!seen.since || (s.lastSuccessAt !== null && s.lastSuccessAt > seen.since))) return null;
  return 'keep';
}

const time = londonMoment;

interface Ctx {
  db: Db;
  publicUrl: string;
  now: Date;
  email: boolean;
}

/** One firing for a source's change of health; its error is kept apart (admins only), not in the summary. */
function fire(
  tx: DbOrTx,
  ctx: Ctx,
  s: SourceHealthNow,
  c: { condition: SourceAlertCondition; since: Date },
  recovered: boolean,
  admins: string[],
): Promise<FiringRow | null> {
  const lastGood = s.lastSuccessAt ? `last good poll ${time(s.lastSuccessAt)}` : 'no good poll yet';
  const summary = recovered
    ? `Source "${s.id}" has recovered: it ${CONDITION_WORDS[c.condition].replace(/^has /, 'had ')} since ${time(c.since)} and is collecting again.`
    : `Source "${s.id}" ${CONDITION_WORDS[c.condition]} (${lastGood}).`;
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
  return recordFiring(
    tx,
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
}

/**
 * A source that stops, fails for over an hour or spends its budget alerts its admins once, and once
 * again when it recovers (a good poll after the problem began). Each source's step runs under its
 * lock, so two API processes at once still fire each change once.
 */
export async function evaluateSourceHealth(ctx: Ctx): Promise<FiringRow[]> {
  const fired: FiringRow[] = [];
  const admins = ctx.email ? await adminEmails(ctx.db) : [];
  for (const s of await sourcesForHealthAlerts(ctx.db)) {
    await withSourceAlertState(ctx.db, s.id, async (tx, seenBefore) => {
      const seen = seenBefore ?? { condition: null, since: null, troubleSince: null };
      // A deleted source is forgotten quietly.
      if (s.deleted) return { condition: null, since: null, troubleSince: null, error: null };
      const failingNow = s.state === 'backoff' || s.state === 'error';
      const troubleSince = failingNow ? (seen.troubleSince ?? ctx.now) : s.state === 'ok' ? null : seen.troubleSince;
      const now = conditionOf(s, seen, troubleSince, ctx.now);
      const keep = { condition: seen.condition, since: seen.since, troubleSince, error: s.lastError };
      if (now === 'keep' || now === seen.condition) return keep;
      const before = seen.condition as SourceAlertCondition | null;
      if (now === null) {
        const row = before
          ? await fire(tx, ctx, s, { condition: before, since: seen.since ?? ctx.now }, true, admins)
          : null;
        if (row) fired.push(row);
        return { condition: null, since: null, troubleSince, error: s.lastError };
      }
      const since = now === 'failing' ? (troubleSince ?? ctx.now) : ctx.now;
      const row = await fire(tx, ctx, s, { condition: now, since }, false, admins);
      if (row) fired.push(row);
      return { condition: now, since, troubleSince, error: s.lastError };
    });
  }
  return fired;
}
