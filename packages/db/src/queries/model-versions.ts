// Model versions the team trained from its labels: one retraining at a time, leased by an NLP
// process like a re-tagging run; at most one version active (none: the shipped model as it is).
// Promoting or rolling back starts a re-tagging of history with the version now in use, in the
// same transaction, so the figures on screen never mix two models for longer than the re-tagging.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';
import { startRetagRun, supersedeRetagRuns, type RetagRun } from './retag-runs';

export type ModelVersionState = 'queued' | 'training' | 'promoted' | 'refused' | 'failed';

export interface ModelVersionRow {
  id: number;
  baseVersion: string;
  version: string | null;
  state: ModelVersionState;
  stage: string | null;
  progress: number;
  active: boolean;
  correction: unknown;
  trainedOn: unknown;
  heldOut: unknown;
  figures: unknown;
  decision: string | null;
  requestedBy: string | null;
  activatedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  activatedAt: string | null;
  error: string | null;
}

type Row = {
  id: number;
  base_version: string;
  version: string | null;
  state: ModelVersionState;
  stage: string | null;
  progress: number;
  active: boolean;
  correction: unknown;
  trained_on: unknown;
  held_out: unknown;
  figures: unknown;
  decision: string | null;
  requested_by: string | null;
  activated_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  activated_at: string | null;
  error: string | null;
};
const iso = (col: string) => sql.raw(`to_char(m.${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
const columns = sql`m.id, m.base_version, m.version, m.state, m.stage, m.progress, m.active, m.correction, m.trained_on,
  m.held_out, m.figures, m.decision, rq.email as requested_by, ac.email as activated_by,
  ${iso('created_at')} as created_at, ${iso('started_at')} as started_at, ${iso('finished_at')} as finished_at,
  ${iso('activated_at')} as activated_at, m.error`;
const from = sql`model_versions m left join users rq on rq.id = m.requested_by left join users ac on ac.id = m.activated_by`;
const toRow = (r: Row): ModelVersionRow => ({
  id: Number(r.id),
  baseVersion: r.base_version,
  version: r.version,
  state: r.state,
  stage: r.stage,
  progress: Number(r.progress),
  active: r.active,
  correction: r.correction,
  trainedOn: r.trained_on,
  heldOut: r.held_out,
  figures: r.figures,
  decision: r.decision,
  requestedBy: r.requested_by,
  activatedBy: r.activated_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  activatedAt: r.activated_at,
  error: r.error,
});

export async function listModelVersions(db: Db): Promise<ModelVersionRow[]> {
  const res = await db.execute<Row>(sql`select ${columns} from ${from} order by m.id desc`);
  return res.rows.map(toRow);
}

export async function getModelVersion(db: Db, id: number): Promise<ModelVersionRow | null> {
  const res = await db.execute<Row>(sql`select ${columns} from ${from} where m.id = ${id}`);
  return res.rows[0] ? toRow(res.rows[0]) : null;
}

/** The version in use, or null for the shipped model as it is. */
export async function activeModelVersion(db: Db): Promise<ModelVersionRow | null> {
  const res = await db.execute<Row>(sql`select ${columns} from ${from} where m.active`);
  return res.rows[0] ? toRow(res.rows[0]) : null;
}

/** Queues a retraining, or answers the one already queued or training (one at a time). */
export async function requestRetrain(
  db: Db,
  input: { baseVersion: string; userId: number | null },
): Promise<{ version: ModelVersionRow; created: boolean }> {
  const inserted = await db.execute<{ id: number }>(sql`
    insert into model_versions (base_version, state, requested_by) values (${input.baseVersion}, 'queued', ${input.userId})
    on conflict do nothing returning id`);
  const id = inserted.rows[0]?.id;
  if (id !== undefined) return { version: (await getModelVersion(db, Number(id)))!, created: true };
  const pending = await db.execute<Row>(sql`select ${columns} from ${from} where m.state in ('queued', 'training')`);
  return { version: toRow(pending.rows[0]!), created: false };
}

/**
 * Takes (or renews) the lease on the pending retraining: a queued one, one this owner holds, or
 * one whose holder stopped renewing (crashed), which then starts again from the beginning.
 */
export async function claimRetrain(db: Db, owner: string, leaseMs: number): Promise<ModelVersionRow | null> {
  const res = await db.execute<{ id: number }>(sql`
    update model_versions set state = 'training', stage = 'scoring', progress = 0, lease_owner = ${owner},
      lease_until = now() + ${`${leaseMs} milliseconds`}::interval, started_at = now()
    where state in ('queued', 'training')
      and (state = 'queued' or lease_owner = ${owner} or lease_until is null or lease_until < now())
    returning id`);
  const id = res.rows[0]?.id;
  return id === undefined ? null : getModelVersion(db, Number(id));
}

/** Stores progress and renews the lease; false when this owner lost it. */
export async function retrainProgress(
  db: Db,
  input: { id: number; owner: string; progress: number; stage: string; leaseMs: number },
): Promise<boolean> {
  const res = await db.execute(sql`
    update model_versions set progress = ${input.progress}, stage = ${input.stage},
      lease_until = now() + ${`${input.leaseMs} milliseconds`}::interval
    where id = ${input.id} and state = 'training' and lease_owner = ${input.owner}`);
  return (res.rowCount ?? 0) === 1;
}

export interface RetrainOutcome {
  /** The tagger version the candidate gives (`<shipped>+c<id>+rules-<hash>`). */
  version: string;
  promote: boolean;
  correction: unknown;
  trainedOn: unknown;
  heldOut: unknown;
  figures: unknown;
  decision: string;
}

/**
 * Records a finished retraining. Promoted: it becomes the version in use and a re-tagging of
 * history with it starts, in the same transaction. False when this owner no longer held the lease.
 */
export async function finishRetrain(
  db: Db,
  input: { id: number; owner: string } & ({ outcome: RetrainOutcome } | { error: string }),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if ('error' in input) {
      const res = await tx.execute(sql`
        update model_versions set state = 'failed', stage = null, error = ${input.error}, finished_at = now(),
          lease_owner = null, lease_until = null
        where id = ${input.id} and state = 'training' and lease_owner = ${input.owner}`);
      return (res.rowCount ?? 0) === 1;
    }
    const o = input.outcome;
    const held = await tx.execute(sql`
      select 1 from model_versions where id = ${input.id} and state = 'training' and lease_owner = ${input.owner} for update`);
    if (held.rows.length === 0) return false;
    if (o.promote) await tx.execute(sql`update model_versions set active = false where active`);
    const res = await tx.execute(sql`
      update model_versions set state = ${o.promote ? 'promoted' : 'refused'}, stage = null, progress = 1,
        version = ${o.version}, correction = ${JSON.stringify(o.correction)}::jsonb,
        trained_on = ${JSON.stringify(o.trainedOn)}::jsonb, held_out = ${JSON.stringify(o.heldOut)}::jsonb,
        figures = ${JSON.stringify(o.figures)}::jsonb, decision = ${o.decision}, finished_at = now(),
        active = ${o.promote}, activated_at = ${o.promote ? sql`now()` : null},
        activated_by = ${o.promote ? sql`requested_by` : null}, lease_owner = null, lease_until = null
      where id = ${input.id} and state = 'training' and lease_owner = ${input.owner}`);
    if ((res.rowCount ?? 0) !== 1) throw new Error(`model version ${input.id} changed while it was being recorded`);
    if (o.promote) await retagWith(tx, o.version, null);
    return true;
  });
}

/**
 * One-click rollback (or forward): makes a promoted version the one in use, or the shipped model
 * when `id` is null, and starts re-tagging history with it. `taggerVersion` is the version string
 * that model gives. Null when `id` is not a promoted version.
 */
export async function activateModelVersion(
  db: Db,
  input: { id: number | null; taggerVersion: string; userId: number | null },
): Promise<RetagRun | null> {
  return db.transaction(async (tx) => {
    if (input.id !== null) {
      const ok = await tx.execute(sql`select 1 from model_versions where id = ${input.id} and state = 'promoted'`);
      if (ok.rows.length === 0) return null;
    }
    await tx.execute(sql`update model_versions set active = false where active`);
    if (input.id !== null)
      await tx.execute(sql`
        update model_versions set active = true, activated_at = now(), activated_by = ${input.userId}
        where id = ${input.id}`);
    return retagWith(tx, input.taggerVersion, input.userId);
  });
}

async function retagWith(tx: DbOrTx, version: string, userId: number | null): Promise<RetagRun> {
  await supersedeRetagRuns(tx, `superseded: the model in use changed to ${version}`);
  const { run } = await startRetagRun(tx, { modelVersion: version, userId });
  return run;
}

export interface TrainingLabel {
  id: number;
  text: string;
  lang: string | null;
  question: string | null;
  publishedAt: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  topics: string[];
}

/** Every labelled post that still has its text, oldest first: what a retraining learns from and is judged on. */
export async function trainingLabels(db: Db): Promise<TrainingLabel[]> {
  const res = await db.execute<{
    id: number;
    text: string;
    lang: string | null;
    question: string | null;
    published_at: string;
    sentiment: TrainingLabel['sentiment'];
    topics: string[];
  }>(sql`
    select p.id, p.text, p.lang, r.draft->>'question' as question,
      to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at, l.sentiment, l.topics
    from post_labels l join posts p on p.id = l.post_id left join raw_items r on r.id = p.raw_item_id
    where p.text is not null
    order by p.published_at, p.id`);
  return res.rows.map((r) => ({
    id: Number(r.id),
    text: r.text,
    lang: r.lang,
    question: r.question,
    publishedAt: r.published_at,
    sentiment: r.sentiment,
    topics: r.topics,
  }));
}
