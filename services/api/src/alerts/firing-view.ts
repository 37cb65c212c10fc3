import type { AlertDelivery, AlertFiring, AlertFiringWithDeliveries, AlertMetric } from '@lp/contracts/alerts';
import type { DeliveryRow, FiringRow } from '@lp/db/queries/alert-firings';

/** What a firing's `explanation` column holds. */
export interface Explanation {
  alertName: string;
  summary: string;
  terms: AlertFiring['terms'];
  posts: AlertFiring['posts'];
  sources: AlertFiring['sources'];
  leftOut: AlertFiring['leftOut'];
  link: string;
  /** Source health: the source's last error. */
  sourceError?: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored firing as the API, the webhook and every channel show it. */
export function firingView(row: FiringRow): AlertFiring {
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
    posts: e.posts ?? [],
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

export const withDeliveries = (row: FiringRow, deliveries: DeliveryRow[]): AlertFiringWithDeliveries => ({
  ...firingView(row),
  deliveries: deliveries.map(deliveryView),
});
