import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** prom-client: the standard Prometheus client for Node, so /metrics speaks the format scrapers expect. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobs: new Counter({
      name: 'lp_jobs_total',
      help: 'Jobs processed by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'lp_job_seconds',
      help: 'Job run time',
      labelNames: ['queue'],
      registers: [registry],
    }),
    postsStored: new Counter({
      name: 'lp_posts_stored_total',
      help: 'Posts inserted after tagging',
      registers: [registry],
    }),
    rawItemsStored: new Counter({
      name: 'lp_raw_items_stored_total',
      help: 'New raw items stored by polls',
      labelNames: ['source'],
      registers: [registry],
    }),
    quarantined: new Counter({
      name: 'lp_quarantined_total',
      help: 'Items quarantined',
      labelNames: ['stage'],
      registers: [registry],
    }),
    swept: new Counter({ name: 'lp_swept_total', help: 'Raw items re-enqueued by the sweeper', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
