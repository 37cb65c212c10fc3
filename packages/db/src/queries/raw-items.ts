import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import type { Db } from '../client';
import { quarantine } from '../schema/quarantine';
import { rawItems } from '../schema/raw-items';
import { sources } from '../schema/sources';
import { suppressedAmong } from './authors';
import { markCovered, recordGap } from './coverage';
import { budgetPeriodSql } from './sources';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface QuarantinedItem {
  externalId: string | null;
  reason: string;
  payload: unknown;
}

export interface StorePageInput {
  sourceId: string;
  leaseOwner: string;
  items: Array<{ externalId: string; draft: PostDraft }>;
  /** Posts the platform reported deleted. */
  deletions?: PostDeletion[];
  quarantined: QuarantinedItem[];
  nextCursor: Record<string, unknown> | null;
  /** Posts read (X) or quota units spent (YouTube), charged to the current budget period in the same transaction. */
  reads?: number;
  /** The token's expiry as the platform reported it (null: it never expires); absent when not checked. */
  credentialExpiresAt?: Date | null;
  /** The platform's rate-limit window is spent: no poll before this time. */
  pauseUntil?: Date;
  /** Part of the poll failed (what was fetched is stored): the source shows backoff with this reason. */
  problem?: string;
  /** The page holds everything posted since this time (generated history): covered from then, as backfilled. */
  coveredFrom?: Date;
  /**
   * A stream's batch: it holds everything from `coveredFrom` to this time (not to now), and is not
   * a backfill. The hours between are marked covered.
   */
  coveredTo?: Date;
  /**
   * A span this source knows it missed (the stream's replay did not reach back that far): recorded
   * with its reason, and its hours set uncovered, in the same transaction as the page.
   */
  gap?: { from: Date; to: Date; reason: string };
  /**
   * true: the source has read its history and follows live from here (its settled time is set, if
   * not already); false: it is reading history again (a hashtag added to it), so it is unsettled.
   * Alert rules leave a source out until it settles, so history never looks like a spike.
   */
  settled?: boolean;
}

/**
 * A successful poll fetched everything since the previous one, so it covers the hours since then,
 * unless that was long ago: a source down for longer than three poll intervals (at least an hour)
 * may have lost what was posted meanwhile (a feed keeps only its last items), so only this hour counts.
 */
export function coveredSince(lastSuccessAt: Date | null, pollEverySeconds: number, now: Date): Date {
  if (!lastSuccessAt) return now;
  const gapMs = now.getTime() - lastSuccessAt.getTime();
  return gapMs <= Math.max(3 * pollEverySeconds, 3600) * 1000 ? lastSuccessAt : now;
}

export class LeaseLostError extends Error {
  constructor(sourceId: string) {
    super(`poll lease on source ${sourceId} was lost before the page was stored`);
  }
}

/**
 * Stores one fetched page and advances the cursor in one transaction, so a crash leaves either
 * both or neither. Fenced by the lease: a poll whose lease expired and was taken over stores nothing.
 * Returns the ids of raw items that are new (a re-fetch returns none).
 */
export async function storePage(db: Db, input: StorePageInput): Promise<number[]> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ lastSuccessAt: sources.lastSuccessAt, pollEverySeconds: sources.pollEverySeconds })
      .from(sources)
      .where(eq(sources.id, input.sourceId));
    const fenced = await tx
      .update(sources)
      .set({
        cursor: input.nextCursor,
        state: input.problem ? 'backoff' : input.pauseUntil ? 'rate_limited' : 'ok',
        lastError: input.problem
          ? input.problem.slice(0, 2000)
          : input.pauseUntil
            ? `rate-limit window spent; next poll after ${input.pauseUntil.toISOString()}`
            : null,
        notBefore: input.pauseUntil ?? null,
        ...(input.credentialExpiresAt === undefined ? {} : { credentialExpiresAt: input.credentialExpiresAt }),
        lastPolledAt: sql`now()`,
        lastSuccessAt: sql`now()`,
        updatedAt: sql`now()`,
        ...(input.settled === undefined
          ? {}
          : { settledAt: input.settled ? sql`coalesce(${sources.settledAt}, now())` : null }),
      })
      .where(and(eq(sources.id, input.sourceId), eq(sources.leaseOwner, input.leaseOwner)))
      .returning({ id: sources.id });
    if (fenced.length === 0) throw new LeaseLostError(input.sourceId);
    if (input.gap) await recordGap(tx, input.sourceId, input.gap);
    if (input.coveredTo) {
      if (input.coveredFrom && input.coveredFrom <= input.coveredTo)
        await markCovered(tx, input.sourceId, { from: input.coveredFrom, to: input.coveredTo, poll: true });
    } else
      await markCovered(tx, input.sourceId, {
        from:
          input.coveredFrom ?? coveredSince(before?.lastSuccessAt ?? null, before?.pollEverySeconds ?? 0, new Date()),
        poll: true,
        backfilled: input.coveredFrom !== undefined,
      });

    if (input.reads) {
      await tx.execute(sql`
        insert into source_read_budgets (source_id, period, reads)
        select id, ${budgetPeriodSql(sql`type`)}, ${input.reads} from sources where id = ${input.sourceId}
        on conflict (source_id, period) do update set reads = source_read_budgets.reads + excluded.reads`);
    }
    if (input.quarantined.length > 0) {
      await tx.insert(quarantine).values(
        input.quarantined.map((q) => ({
          sourceId: input.sourceId,
          stage: 'transform',
          externalId: q.externalId,
          reason: q.reason.slice(0, 2000),
          payload: q.payload ?? null,
        })),
      );
    }
    // An erased author's posts are not stored again (see eraseAuthor).
    const suppressed = await suppressedAmong(
      tx,
      input.items.map((i) => i.draft.authorPseudonym),
    );
    const rows = [
      ...input.items
        .filter((i) => !i.draft.authorPseudonym || !suppressed.has(i.draft.authorPseudonym))
        .map((i) => ({
          sourceId: input.sourceId,
          externalId: i.externalId,
          kind: 'upsert',
          version: i.draft.version ?? '',
          draft: i.draft,
        })),
      ...(input.deletions ?? []).map((d) => ({
        sourceId: input.sourceId,
        externalId: d.externalId,
        kind: 'delete',
        version: d.version ?? '',
        draft: d,
      })),
    ];
    if (rows.length === 0) return [];
    const inserted = await tx.insert(rawItems).values(rows).onConflictDoNothing().returning({ id: rawItems.id });
    return inserted.map((r) => r.id).sort((a, b) => a - b);
  });
}

export type ClaimedRawItem =
  | { id: number; sourceId: string; kind: 'upsert'; draft: PostDraft; fetchedAt: Date }
  | { id: number; sourceId: string; kind: 'delete'; draft: PostDeletion; fetchedAt: Date };

/**
 * Locks the still-pending items of a tagging job for this transaction. SKIP LOCKED lets a second
 * worker holding the same ids (a sweeper re-enqueue) pass over items already being tagged.
 */
export async function claimPendingRawItems(tx: DbOrTx, ids: number[]): Promise<ClaimedRawItem[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({
      id: rawItems.id,
      sourceId: rawItems.sourceId,
      kind: rawItems.kind,
      draft: rawItems.draft,
      fetchedAt: rawItems.fetchedAt,
    })
    .from(rawItems)
    .where(and(inArray(rawItems.id, ids), eq(rawItems.status, 'pending')))
    .orderBy(rawItems.id)
    .for('update', { skipLocked: true });
  return rows as ClaimedRawItem[];
}

export async function markRawItems(tx: DbOrTx, ids: number[], status: 'done' | 'quarantined'): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(rawItems)
    .set({ status, processedAt: sql`now()` })
    .where(inArray(rawItems.id, ids));
}

/**
 * Once tagged, a raw item keeps only what re-tagging needs, redacted as `posts.text` is: the
 * connector's text (emails, phone numbers, NHS numbers…) is replaced by the redacted text.
 */
export async function keepRedactedDrafts(tx: DbOrTx, rows: ReadonlyArray<{ id: number; text: string }>): Promise<void> {
  if (rows.length === 0) return;
  // One statement for the batch: ids and texts as two parallel arrays (JSON keeps any text intact).
  await tx.execute(sql`
    update raw_items r set draft = jsonb_set(r.draft, '{text}', to_jsonb(v.text))
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id bigint, text text)
    where r.id = v.id and r.draft ? 'text'`);
}

export async function quarantineItems(
  tx: DbOrTx,
  rows: Array<{ sourceId: string | null; stage: string; externalId: string | null; reason: string; payload: unknown }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(quarantine)
    .values(rows.map((r) => ({ ...r, reason: r.reason.slice(0, 2000), payload: r.payload ?? null })));
}

/**
 * Finds items pending longer than `staleSeconds` since their last enqueue (a lost Redis job, a
 * crashed worker), stamps them as enqueued again and returns their ids. Items that have been
 * re-enqueued `maxAttempts` times are poison: they go to quarantine instead of round forever.
 */
export async function sweepStaleRawItems(
  db: Db,
  opts: { staleSeconds: number; limit: number; maxAttempts: number },
): Promise<{ requeued: number[]; quarantined: number }> {
  return db.transaction(async (tx) => {
    const poison = await tx.execute<{ id: number; source_id: string; external_id: string; draft: unknown }>(sql`
      update raw_items set status = 'quarantined', processed_at = now()
      where id in (
        select id from raw_items
        where status = 'pending' and attempts >= ${opts.maxAttempts}
          and enqueued_at < now() - make_interval(secs => ${opts.staleSeconds})
        order by id limit ${opts.limit} for update skip locked)
      returning id, source_id, external_id, draft`);
    await quarantineItems(
      tx,
      poison.rows.map((r) => ({
        sourceId: r.source_id,
        stage: 'tag',
        externalId: r.external_id,
        reason: `tagging did not complete after ${opts.maxAttempts} attempts`,
        payload: r.draft,
      })),
    );
    const requeued = await tx.execute<{ id: number }>(sql`
      update raw_items set enqueued_at = now(), attempts = attempts + 1
      where id in (
        select id from raw_items
        where status = 'pending' and enqueued_at < now() - make_interval(secs => ${opts.staleSeconds})
        order by id limit ${opts.limit} for update skip locked)
      returning id`);
    return { requeued: requeued.rows.map((r) => Number(r.id)).sort((a, b) => a - b), quarantined: poison.rows.length };
  });
}

/**
 * Stores imported rows as pending raw items. No cursor and no lease: a file is not polled, and
 * the unique key (source, external id, kind, version) makes a re-import of the same rows add
 * nothing. Returns the ids of the rows that are new.
 */
export async function storeImportedItems(
  db: DbOrTx,
  sourceId: string,
  items: Array<{ externalId: string; draft: PostDraft }>,
): Promise<number[]> {
  if (items.length === 0) return [];
  const inserted = await db.transaction(async (tx) => {
    const suppressed = await suppressedAmong(
      tx,
      items.map((i) => i.draft.authorPseudonym),
    );
    const kept = items.filter((i) => !i.draft.authorPseudonym || !suppressed.has(i.draft.authorPseudonym));
    if (kept.length === 0) return [];
    return tx
      .insert(rawItems)
      .values(
        kept.map((i) => ({
          sourceId,
          externalId: i.externalId,
          kind: 'upsert',
          version: i.draft.version ?? '',
          draft: i.draft,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: rawItems.id });
  });
  return inserted.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Of these external ids, the ones this source has stored (a post, or a raw item not yet tagged):
 * a stream reports every deletion on the network, and only deletions of posts we hold are kept.
 */
export async function storedExternalIds(
  db: DbOrTx,
  sourceId: string,
  platform: string,
  externalIds: string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const ids = JSON.stringify([...new Set(externalIds)]);
  const res = await db.execute<{ external_id: string }>(sql`
    with wanted as (select jsonb_array_elements_text(${ids}::jsonb) as external_id)
    select w.external_id from wanted w
    where exists (select 1 from posts p where p.platform = ${platform} and p.external_id = w.external_id)
       or exists (select 1 from raw_items r where r.source_id = ${sourceId} and r.external_id = w.external_id
                  and r.kind = 'upsert')`);
  return new Set(res.rows.map((r) => r.external_id));
}
