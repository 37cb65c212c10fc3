import type { TagPostsPayload } from '@lp/contracts/jobs';
import type { Db } from '@lp/db/client';
import {
  claimPendingRawItems,
  keepRedactedDrafts,
  markRawItems,
  quarantineItems,
  type ClaimedRawItem,
} from '@lp/db/queries/raw-items';
import { storeTaggedPosts, type TaggedPost } from '@lp/db/queries/tagged-posts';
import type { Tagger } from '@lp/nlp/tagger';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { storedTags } from './stored-tags';

export interface TagDeps {
  db: Db;
  /** A fixed tagger, or the NLP process's current one (the model in use can change while it runs). */
  tagger: Tagger | (() => Promise<Tagger>);
  /** Finds the watch-list term a post mentions. */
  mentionsOrg: () => Promise<(text: string) => string | null>;
  log: Logger;
  metrics: Metrics;
}

type Upsert = Extract<ClaimedRawItem, { kind: 'upsert' }>;

/**
 * Tags a batch of raw items and stores posts, tags and rollups in one transaction with marking
 * the items done: a crash before commit leaves them pending for a retry or the sweeper, and a
 * retry after commit finds nothing pending. Deletions reported by platforms ride the same path.
 */
export async function tagPosts(
  data: TagPostsPayload,
  deps: TagDeps,
): Promise<{ inserted: number; updated: number; deleted: number; quarantined: number }> {
  const tagger = typeof deps.tagger === 'function' ? await deps.tagger() : deps.tagger;
  return deps.db.transaction(async (tx) => {
    const items = await claimPendingRawItems(tx, data.rawItemIds);
    if (items.length === 0) return { inserted: 0, updated: 0, deleted: 0, quarantined: 0 };
    const upserts = items.filter((i): i is Upsert => i.kind === 'upsert');
    const deletions = items.filter((i) => i.kind === 'delete');

    const mentions = await deps.mentionsOrg();
    const results = tagger.tagBatch(
      upserts.map((i) => ({ id: i.id, text: i.draft.text, lang: i.draft.lang, question: i.draft.question ?? null })),
    );
    const byId = new Map(results.map((r) => [Number(r.id), r]));
    const tagged: TaggedPost[] = [];
    const failed: Upsert[] = [];
    for (const item of upserts) {
      const r = byId.get(item.id);
      if (!r) {
        failed.push(item);
        continue;
      }
      tagged.push({
        rawItemId: item.id,
        sourceId: item.sourceId,
        draft: item.draft,
        text: r.text,
        lang: r.lang,
        ...storedTags(r),
        modelVersion: tagger.modelVersion,
        fetchedAt: item.fetchedAt,
        mentionsOrgTerm: mentions(r.text),
      });
    }
    const stored = await storeTaggedPosts(
      tx,
      tagged,
      deletions.map((d) => d.draft),
    );
    await markRawItems(tx, [...tagged.map((t) => t.rawItemId), ...deletions.map((d) => d.id)], 'done');
    // The unredacted text stays no longer than the transaction that stores its redacted post.
    await keepRedactedDrafts(
      tx,
      tagged.map((t) => ({ id: t.rawItemId, text: t.text })),
    );
    if (failed.length > 0) {
      await quarantineItems(
        tx,
        failed.map((f) => ({
          sourceId: f.sourceId,
          stage: 'tag',
          externalId: f.draft.externalId,
          reason: 'the tagger returned no result for this item',
          payload: f.draft,
        })),
      );
      await markRawItems(
        tx,
        failed.map((f) => f.id),
        'quarantined',
      );
      deps.metrics.quarantined.inc({ stage: 'tag' }, failed.length);
    }
    deps.metrics.postsStored.inc(stored.inserted);
    return { ...stored, quarantined: failed.length };
  });
}
