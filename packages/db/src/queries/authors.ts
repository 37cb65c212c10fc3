import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { appendAudit } from './audit';
import type { DbOrTx } from './raw-items';
import { removePostsWhere } from './remove-posts';

export interface AuthorFootprint {
  pseudonym: string;
  posts: number;
  firstAt: string | null;
  lastAt: string | null;
}

/**
 * What is stored under each of an author's pseudonyms (one per key version): how a subject access
 * request is answered, and what an erasure would remove. Pseudonyms with nothing stored are listed too.
 */
export async function authorFootprint(db: Db, pseudonyms: readonly string[]): Promise<AuthorFootprint[]> {
  if (pseudonyms.length === 0) return [];
  const res = await db.execute<{ pseudonym: string; posts: number; first_at: Date | null; last_at: Date | null }>(sql`
    select p.pseudonym, count(posts.id)::int as posts, min(posts.published_at) as first_at, max(posts.published_at) as last_at
    from unnest(array[${sql.join(
      pseudonyms.map((p) => sql`${p}`),
      sql`, `,
    )}]::text[]) as p(pseudonym)
    left join posts on posts.author_pseudonym = p.pseudonym
    group by p.pseudonym`);
  return res.rows.map((r) => ({
    pseudonym: r.pseudonym,
    posts: Number(r.posts),
    firstAt: r.first_at ? new Date(r.first_at).toISOString() : null,
    lastAt: r.last_at ? new Date(r.last_at).toISOString() : null,
  }));
}

/**
 * Erasure and the stores' suppression checks meet on this lock: the stores take it shared while
 * they check and write, an erasure takes it alone while it adds to the list. So a store either
 * finished before the author was listed (and the erasure's sweep that follows removes what it
 * wrote) or sees the list.
 */
const SUPPRESSION_LOCK = sql`hashtext('lp:suppressed_authors')`;

/** Which of these pseudonyms belong to erased authors. Call inside the transaction that stores. */
export async function suppressedAmong(tx: DbOrTx, pseudonyms: ReadonlyArray<string | null>): Promise<Set<string>> {
  const wanted = [...new Set(pseudonyms.filter((p): p is string => !!p))];
  if (wanted.length === 0) return new Set();
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${SUPPRESSION_LOCK})`);
  const res = await tx.execute<{ pseudonym: string }>(
    sql`select pseudonym from suppressed_authors where pseudonym in (${sql.join(
      wanted.map((p) => sql`${p}`),
      sql`, `,
    )})`,
  );
  return new Set(res.rows.map((r) => r.pseudonym));
}

/** The key versions erased authors are listed under: the ingest must keep every one of them. */
export async function erasedUnderKeys(db: DbOrTx): Promise<string[]> {
  const res = await db.execute<{ key_id: string }>(sql`select distinct key_id from suppressed_authors order by 1`);
  return res.rows.map((r) => r.key_id);
}

/** Every listed pseudonym (ingest matches authors under keys added after their erasure against it). */
export async function listSuppressedPseudonyms(db: DbOrTx): Promise<string[]> {
  const res = await db.execute<{ pseudonym: string }>(sql`select pseudonym from suppressed_authors`);
  return res.rows.map((r) => r.pseudonym);
}

export interface ErasureRequest {
  platform: string;
  /** The author's pseudonym under every key version, with the key's id. */
  pseudonyms: ReadonlyArray<{ keyId: string; pseudonym: string }>;
  /**
   * The identifiers the platform itself uses for them (handle, and a Bluesky DID): only to find
   * quarantined payloads, which are kept as the platform sent them. Never stored.
   */
  identifiers: readonly string[];
  /** Who asked for it, for the audit log ('cli:<user>'). */
  actor: string;
  /** The request's reference (a ticket number), for the audit log. */
  reference?: string;
}

export interface ErasureOutcome {
  posts: number;
  labels: number;
  rawItems: number;
  quarantined: number;
  authorVoices: number;
  exportsExpired: number;
  /** Exports queued or running at the time, failed so that their files never hold the author. */
  exportsStopped: number;
}

/**
 * Erases one author: lists them first (so no fetch stores them again from that moment), then
 * removes their posts (rollups corrected exactly, labels with them), raw items, quarantined items
 * and voice, expires every finished export file (they may hold the author's posts; the API deletes
 * expired files on its next sweep), and writes an audit entry naming the pseudonyms, never the handle.
 * Safe to run again: a second run finds nothing and lists nothing new.
 */
export async function eraseAuthor(db: Db, req: ErasureRequest, batchSize = 500): Promise<ErasureOutcome> {
  const names = req.pseudonyms.map((p) => p.pseudonym);
  if (names.length === 0) throw new Error('an erasure needs the author under at least one key');
  const list = sql.join(
    names.map((p) => sql`${p}`),
    sql`, `,
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SUPPRESSION_LOCK})`);
    for (const p of req.pseudonyms) {
      await tx.execute(sql`
        insert into suppressed_authors (pseudonym, platform, key_id) values (${p.pseudonym}, ${req.platform}, ${p.keyId})
        on conflict (pseudonym) do nothing`);
    }
  });
  // Raw items first: a tagging job still holding one then finds nothing to store.
  const raw = await db.execute(
    sql`delete from raw_items where kind = 'upsert' and draft->>'authorPseudonym' in (${list})`,
  );
  const removed = await removePostsWhere(db, sql`p.author_pseudonym in (${list})`, batchSize);
  const idents = req.identifiers.map((i) => i.trim()).filter((i) => i.length > 0);
  const quarantined = await db.execute(sql`
    delete from quarantine q where exists (
      select 1 from jsonb_path_query(q.payload, 'strict $.**') v
      where jsonb_typeof(v) = 'string' and (
        v #>> '{}' in (${list})
        ${
          idents.length > 0
            ? sql`or lower(v #>> '{}') in (${sql.join(
                idents.map((i) => sql`${i.toLowerCase()}`),
                sql`, `,
              )})`
            : sql``
        }
      ))`);
  const voices = await db.execute(sql`delete from author_voices where author_pseudonym in (${list})`);
  const expired = await db.execute(
    sql`update export_jobs set expires_at = now() where state = 'done' and (expires_at is null or expires_at > now())`,
  );
  // Exports still being written may hold the author's posts read before the erasure: stopped, to start again.
  const stopped = await db.execute(
    sql`update export_jobs set state = 'failed', error = 'stopped because an author was erased while it ran: start it again', finished_at = now()
        where state in ('queued', 'running')`,
  );
  const outcome: ErasureOutcome = {
    posts: removed.posts,
    labels: removed.labels,
    rawItems: raw.rowCount ?? 0,
    quarantined: quarantined.rowCount ?? 0,
    authorVoices: voices.rowCount ?? 0,
    exportsExpired: expired.rowCount ?? 0,
    exportsStopped: stopped.rowCount ?? 0,
  };
  await appendAudit(db, {
    actorEmail: req.actor,
    action: 'author.erased',
    target: names[0]!,
    detail: { platform: req.platform, pseudonyms: names, reference: req.reference ?? null, ...outcome },
  });
  return outcome;
}
