import { UnrecoverableError } from 'bullmq';
import { READ_BUDGETS, readBudgetOf } from '@lp/contracts/source-types';
import type { TestSourcePayload } from '@lp/contracts/jobs';
import type { SourceTestResult } from '@lp/contracts/sources';
import { chargeReads, getSource, readsThisPeriod } from '@lp/db/queries/sources';
import { createRedactor } from '@lp/nlp/redact';
import { describeError } from '../lib/describe-error';
import { resolveSecrets } from '../lib/source-secrets';
import type { PollDeps } from './poll-source';

export type TestSourceDeps = Pick<
  PollDeps,
  'db' | 'connectorTypes' | 'connectorDeps' | 'watchlist' | 'env' | 'secretsKey'
>;

/** A preview, not a backfill: enough items to judge the query by. */
const PREVIEW_ITEMS = 20;
/** Tweet-length: enough to recognise a post without the preview becoming a copy of the feed. */
const PREVIEW_CHARS = 280;

/**
 * "Fetch one page now": runs the source's connector from its stored cursor and returns what a poll
 * would store, redacted and cut short. Stores nothing, takes no lease, leaves cursor and state
 * alone. A fetch that fails is an answer (`ok: false`), not a failed job.
 */
export async function testSource(data: TestSourcePayload, deps: TestSourceDeps): Promise<SourceTestResult> {
  const source = await getSource(deps.db, data.sourceId);
  if (!source) throw new UnrecoverableError(`no source ${data.sourceId}`);
  const fail = (error: string): SourceTestResult => ({ ok: false, error, items: [], quarantined: [], deletions: 0 });
  const type = deps.connectorTypes[source.type];
  if (!type) return fail(`this ingest does not know source type "${source.type}"`);
  try {
    const readsLeft = await previewReads(deps, source.id, source.type, readBudgetOf(source.type, source.config));
    if (readsLeft !== null && readsLeft <= 0)
      return fail(
        READ_BUDGETS[source.type]?.period === 'pacific-day'
          ? "today's quota is spent (it resets at midnight Pacific time)"
          : "this month's read budget is spent",
      );
    const secrets = resolveSecrets(source, type, deps.env, deps.secretsKey);
    const watchlist = typeof deps.watchlist === 'function' ? await deps.watchlist() : deps.watchlist;
    const page = await type
      .create({ id: source.id, config: source.config }, { ...deps.connectorDeps, secrets, watchlist, readsLeft })
      .fetchPage(data.fromStart ? null : (source.cursor ?? null));
    // What the platform bills (X's reads, YouTube's units) is spent even though nothing is stored.
    await chargeReads(deps.db, source.id, page.reads ?? 0);
    // Nothing readable at the address itself (an HTML page where a feed should be): say so, not "0 items".
    const whole = page.items.length === 0 ? page.quarantined.find((q) => q.externalId === null) : undefined;
    if (whole) return fail(whole.reason);
    const redactor = createRedactor({ orgHandles: watchlist.accounts });
    return {
      ok: true,
      error: null,
      items: page.items.slice(0, PREVIEW_ITEMS).map(({ externalId, draft }) => ({
        externalId,
        publishedAt: draft.publishedAt,
        text: shorten(redactor(draft.text).text),
        url: draft.url ?? null,
      })),
      quarantined: page.quarantined.map((q) => ({ externalId: q.externalId, reason: q.reason })),
      deletions: page.deletions?.length ?? 0,
    };
  } catch (err) {
    return fail(describeError(err));
  }
}

/**
 * Budgeted sources spend at most a preview's worth, charged to their budget like a poll's: X bills
 * every post read (a page of up to PREVIEW_ITEMS), YouTube every call (two calls show a page).
 */
const PREVIEW_CALLS = 2;
async function previewReads(
  deps: TestSourceDeps,
  sourceId: string,
  type: string,
  budget: number | null,
): Promise<number | null> {
  if (budget === null) return null;
  const preview = READ_BUDGETS[type]?.period === 'pacific-day' ? PREVIEW_CALLS : PREVIEW_ITEMS;
  return Math.min(preview, budget - (await readsThisPeriod(deps.db, sourceId)));
}

function shorten(text: string): string {
  return text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS - 1)}…`;
}
