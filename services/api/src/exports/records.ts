import type { FastifyInstance } from 'fastify';
import type { ExportBucket, ExportFormat, ExportKind } from '@lp/contracts/exports';
import type { SentimentClass } from '@lp/contracts/api';
import { coverageByDay, sourcesCoveredIn } from '@lp/db/queries/coverage';
import { exportPostBatches, type ExportPostFilters, type ExportPostRow } from '@lp/db/queries/exports';
import { trendBuckets } from '@lp/db/queries/rollups';
import { sentimentIndex } from '../routes/v1/overview-math';

export type Cell = string | number | boolean | null;
/** A row: flat cells for CSV and XLSX, or the exact record for JSON Lines (an object, or its JSON text). */
export interface ExportRecord {
  cells: Cell[];
  json: Record<string, unknown> | string;
}

/** A post's cells in the order of POST_COLUMNS (the data dictionary). */
export function postCells(p: ExportPostRow): Cell[] {
  return [
    p.id,
    p.published_at,
    p.source,
    p.platform,
    p.url,
    p.text,
    p.language,
    p.voice,
    p.about_us,
    p.sentiment,
    p.sentiment_score,
    p.sentiment_evidence,
    p.topics,
    p.topic_evidence,
    p.reposts,
    p.likes,
    p.replies,
    p.impact,
    p.synthetic,
    p.model_version,
  ];
}

/** Rows read from Postgres at a time: memory holds about this many (see bench:export). */
export const EXPORT_BATCH_ROWS = 2_000;

/** Posts for an export: flat cells, or JSON lines that Postgres wrote (nothing re-serialised here). */
export async function* postRecords(
  app: FastifyInstance,
  f: ExportPostFilters,
  format: ExportFormat,
  batchSize = EXPORT_BATCH_ROWS,
): AsyncGenerator<ExportRecord[]> {
  if (format === 'jsonl') {
    for await (const lines of exportPostBatches(app.db, f, 'json', batchSize))
      yield lines.map((json) => ({ cells: [], json }));
    return;
  }
  for await (const batch of exportPostBatches(app.db, f, 'flat', batchSize))
    yield batch.map((p) => ({ cells: postCells(p), json: '' }));
}

const SENTIMENTS: SentimentClass[] = ['positive', 'neutral', 'negative', 'unscored'];
const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
function bucketEnd(start: string, bucket: ExportBucket): string {
  if (bucket === 'day') return addDays(start, 1);
  if (bucket === 'week') return addDays(start, 7);
  const d = new Date(`${start}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

export interface TopicExportParams extends Omit<ExportPostFilters, 'topic'> {
  topic?: string[];
  bucket: ExportBucket;
}

/**
 * Topic × bucket × sentiment counts from the same rollups as /api/v1/trends (one query per topic,
 * as trends does), each row with its bucket's index and whether that bucket compares with the one
 * before under the API's rules: whole, every source covered, enough scored posts on both sides.
 */
export async function* topicRecords(app: FastifyInstance, q: TopicExportParams): AsyncGenerator<ExportRecord[]> {
  const { topic, bucket, ...filters } = q;
  const topics = topic?.length ? topic : [...app.topicNames.keys()].sort();
  const range = { from: q.from, to: q.to };
  const sources = filters.source ? [filters.source] : await sourcesCoveredIn(app.db, range);
  const coverage = await coverageByDay(app.db, range, sources);
  const gapDays = new Set(coverage.filter((d) => d.coveredHours < d.hours).map((d) => d.day));
  for (const id of topics) {
    const buckets = await trendBuckets(app.db, { ...filters, topic: id, bucket });
    const out: ExportRecord[] = [];
    let previous: { index: number | null; comparable: boolean } | null = null;
    for (const b of buckets) {
      const end = bucketEnd(b.start, bucket);
      const partial = b.start < q.from || end > q.to;
      let complete = true;
      for (let d = b.start < q.from ? q.from : b.start; d < end && d < q.to; d = addDays(d, 1))
        if (gapDays.has(d)) complete = false;
      const ix = sentimentIndex(b);
      const comparable = !partial && complete && ix.enough;
      let change: number | null = null;
      let note: string | null = null;
      if (!previous) note = 'first bucket of the range';
      else if (partial) note = 'the range cuts this bucket';
      else if (!complete) note = 'a source has a gap in this bucket';
      else if (!ix.enough) note = 'under 30 scored posts';
      else if (!previous.comparable) note = 'the previous bucket is cut, has a gap or too few scored posts';
      else change = ix.value! - previous.index!;
      previous = { index: ix.value, comparable };
      for (const s of SENTIMENTS) {
        const posts = b[s];
        const json = {
          topic: id,
          topic_name: app.topicNames.get(id) ?? id,
          bucket,
          bucket_start: b.start,
          sentiment: s,
          posts,
          bucket_posts: b.total,
          share: b.total === 0 ? null : posts / b.total,
          index: ix.value,
          index_low: ix.low,
          index_high: ix.high,
          scored_posts: ix.scored,
          partial_bucket: partial,
          complete_data: complete,
          index_change: change,
          comparison_note: note,
        };
        out.push({ cells: Object.values(json) as Cell[], json });
      }
    }
    yield out;
  }
}

export const recordsFor = (
  app: FastifyInstance,
  kind: ExportKind,
  format: ExportFormat,
  q: TopicExportParams,
  batchSize?: number,
): AsyncGenerator<ExportRecord[]> => (kind === 'posts' ? postRecords(app, q, format, batchSize) : topicRecords(app, q));
