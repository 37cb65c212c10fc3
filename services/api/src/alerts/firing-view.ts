import type { AlertDelivery, AlertFiring, AlertFiringWithDeliveries, AlertMetric } from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import { postsByIds, type DeliveryRow, type FiringRow } from '@lp/db/queries/alert-firings';

type PostLookup = Map<string, { url: string | null; text: string | null }>;
/** How much of a post an alert shows. */
const POST_CHARS = 280;
const clip = (t: string | null) => (t === null ? null : t.length > POST_CHARS ? `${t.slice(0, POST_CHARS - 1)}…` : t);

/** The posts these firings name, read once. */
export const firingPosts = (db: Db, rows: FiringRow[]): Promise<PostLookup> =>
  postsByIds(
    db,
    rows.flatMap((r) => ((r.explanation as unknown as Explanation).posts ?? []).map((p) => p.id)),
  );

/** What a firing's `explanation` column holds. */
export interface Explanation {
  alertName: string;
  summary: string;
  terms: AlertFiring['terms'];
  /** By id only: the text and link are read from the posts when shown or sent, so a purge or an erasure reaches them. */
  posts: Array<{ id: string }>;
  sources: AlertFiring['sources'];
  leftOut: AlertFiring['leftOut'];
  link: string;
  /** Source health: the source's last error. */
  sourceError?: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored firing as the API, the webhook and every channel show it. */
export function firingView(row: FiringRow, posts: PostLookup): AlertFiring {
  const e = row.explanation as unknown as Explanation;
  return {
    id: String(row.id),
    alert: row.ruleId,
    alertName: e.alertName,
    kind: row.kind as AlertFiring['kind'],
    metric: (row.metric as AlertMetric | null) ?? null,
    window: { from: row.windowFrom.toISOString(), to: row.windowTo.toISOString() },
    value: row.value,
    baseline: row.baseline,
    threshold: row.threshold,
    baselineWeeks: row.baselineWeeks,
    summary: e.summary,
    terms: e.terms ?? [],
    posts: (e.posts ?? []).map((p) => {
      const post = posts.get(p.id);
      return { id: p.id, url: post?.url ?? null, text: clip(post?.text ?? null) };
    }),
    sources: e.sources ?? [],
    leftOut: e.leftOut ?? [],
    link: e.link,
    source:
      row.kind === 'source_health' && row.sourceId && row.condition
        ? {
            id: row.sourceId,
            condition: row.condition as NonNullable<AlertFiring['source']>['condition'],
            recovered: row.recovered,
            error: e.sourceError ?? null,
          }
        : null,
    quiet: row.quiet,
    firedAt: row.firedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
  };
}

export function deliveryView(d: DeliveryRow): AlertDelivery {
  return {
    channel: d.channelId,
    type: d.channelType as AlertDelivery['type'],
    target: d.target,
    status: d.status as AlertDelivery['status'],
    attempts: d.attempts,
    lastError: d.lastError,
    sentAt: iso(d.sentAt),
    nextAttemptAt: d.status === 'failed' || d.status === 'pending' ? iso(d.nextAttemptAt) : null,
  };
}

export const withDeliveries = (
  row: FiringRow,
  posts: PostLookup,
  deliveries: DeliveryRow[],
): AlertFiringWithDeliveries => ({
  ...firingView(row, posts),
  deliveries: deliveries.map(deliveryView),
});
