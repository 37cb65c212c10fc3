import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { zErrorResponse } from '@lp/contracts/api';
import {
  STREAM_ROW_LIMIT,
  zDataDictionary,
  zDictionaryQuery,
  zExportHistory,
  zExportIdParams,
  zExportJobResponse,
  zExportRequest,
  zPostsExportQuery,
  zTopicsExportQuery,
  type ExportFormat,
  type ExportKind,
} from '@lp/contracts/exports';
import {
  countExportPosts,
  getExportJob,
  listExportHistory,
  modelVersionsIn,
  queueExportJob,
  recordStreamedExport,
  type ExportJobRow,
} from '@lp/db/queries/exports';
import { exportParams } from '../../plugins/app/export-jobs';
import { ApiError } from '../../plugins/external/error-handler';
import { dictionaryFor } from '../../exports/dictionary';
import { recordsFor, type TopicExportParams } from '../../exports/records';
import { CONTENT_TYPES, writeExport } from '../../exports/write';
import { checkRange } from './range';

const lastDay = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const fileName = (kind: ExportKind, p: { from: string; to: string }, format: ExportFormat) =>
  `listening-post-${kind}-${p.from}-to-${lastDay(p.to)}.${format}`;

/** What was asked, without undefined fields: stored with the job, hashed to find a running twin. */
function paramsOf(kind: ExportKind, q: TopicExportParams): Record<string, unknown> {
  const p: Record<string, unknown> = { from: q.from, to: q.to };
  if (kind === 'topics') p.bucket = q.bucket;
  for (const k of ['topic', 'source', 'sentiment', 'lang', 'voice', 'aboutUs'] as const)
    if (q[k] !== undefined) p[k] = q[k];
  return p;
}
const keyOf = (kind: ExportKind, format: ExportFormat, params: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify([kind, format, Object.entries(params).sort(([a], [b]) => a.localeCompare(b))]))
    .digest('hex');

function jobView(j: ExportJobRow) {
  const live = j.state === 'done' && j.expiresAt !== null && j.expiresAt.getTime() > Date.now();
  return {
    id: j.id,
    kind: j.kind as ExportKind,
    format: j.format as ExportFormat,
    state: (j.state === 'done' && !live ? 'expired' : j.state) as 'queued' | 'running' | 'done' | 'failed' | 'expired',
    progress: j.progress,
    rows: j.rows,
    totalRows: j.totalRows,
    url: live ? `/api/v1/exports/${j.id}/file` : null,
    expiresAt: j.expiresAt ? j.expiresAt.toISOString() : null,
    error: j.error,
    createdAt: j.createdAt.toISOString(),
  };
}

/** Streams an export as the response: written as it is read, so memory holds one batch. */
async function streamExport(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  kind: ExportKind,
  format: ExportFormat,
  q: TopicExportParams,
  rows: number | null,
) {
  const params = paramsOf(kind, q);
  const dictionary = dictionaryFor(kind, await modelVersionsIn(app.db, q));
  await app.audit(req, { action: 'export.downloaded', target: kind, detail: { format, ...params, rows } });
  const out = new PassThrough();
  const user = req.user!;
  void writeExport({
    format,
    dictionary,
    records: recordsFor(app, kind, format, q),
    out,
    sheetName: kind === 'posts' ? 'Posts' : 'Topics',
  })
    .then((written) => recordStreamedExport(app.db, { userId: user.id, kind, format, params, rows: written }))
    .catch((err: unknown) => {
      req.log.warn({ err: (err as Error).message }, 'export stream failed');
      out.destroy(err as Error);
    });
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName(kind, q, format)}"`)
    .header('cache-control', 'no-store')
    .send(out);
}

/** The analyst's exports: posts and topic breakdowns as CSV, XLSX or JSON Lines, streamed or as a job. */
const exportRoutes: FastifyPluginAsyncZod<{ streamRowLimit?: number }> = async (app, opts) => {
  const streamLimit = opts.streamRowLimit ?? STREAM_ROW_LIMIT;
  app.get(
    '/api/v1/exports/posts',
    {
      schema: {
        tags: ['exports'],
        summary: 'Download posts with their tags, as CSV, XLSX or JSON Lines',
        description: `The dashboard's filters apply. Streams the file when at most ${STREAM_ROW_LIMIT.toLocaleString('en-GB')} posts match; more answers 413: ask for it with POST /api/v1/exports instead. Columns: GET /api/v1/exports/dictionary?kind=posts.`,
        querystring: zPostsExportQuery,
        response: { 400: zErrorResponse, 413: zErrorResponse },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      checkRange(q.from, q.to);
      const rows = await countExportPosts(app.db, q);
      if (rows > streamLimit)
        throw new ApiError(
          413,
          'export_too_large',
          `${rows.toLocaleString('en-GB')} posts match, more than the ${streamLimit.toLocaleString('en-GB')} a direct download holds: start it as a background job with POST /api/v1/exports ({ "kind": "posts", … }), or narrow the filters`,
        );
      return streamExport(app, req, reply, 'posts', format, { ...q, bucket: 'day' }, rows);
    },
  );

  app.get(
    '/api/v1/exports/topics',
    {
      schema: {
        tags: ['exports'],
        summary: 'Download topic breakdowns: topic × day, week or month × sentiment',
        description:
          'One row per topic, bucket and sentiment with `posts`, the bucket’s total, share and index, and whether the bucket compares with the one before (whole, every source covered, 30+ scored posts). For a topic, the sum of `posts` equals /api/v1/trends `total` with that topic over the same range and filters.',
        querystring: zTopicsExportQuery,
        response: { 400: zErrorResponse },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      checkRange(q.from, q.to);
      return streamExport(app, req, reply, 'topics', format, q, null);
    },
  );

  app.get(
    '/api/v1/exports/dictionary',
    {
      schema: {
        tags: ['exports'],
        summary: 'What each export column holds: type, unit, meaning; the notes and the model version',
        querystring: zDictionaryQuery,
        response: { 200: zDataDictionary },
      },
    },
    async (req) => dictionaryFor(req.query.kind, await modelVersionsIn(app.db)),
  );

  app.post(
    '/api/v1/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Start a background export (any size); poll GET /api/v1/exports/{id} for its progress',
        description:
          'The same request from the same person while one is queued or running answers that one. Once done, `url` downloads the file until `expiresAt`.',
        body: zExportRequest,
        response: { 202: zExportJobResponse, 400: zErrorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body;
      checkRange(b.from, b.to);
      const { topic, ...filters } = b.filters;
      const q: TopicExportParams = {
        from: b.from,
        to: b.to,
        bucket: b.bucket ?? 'week',
        ...filters,
        ...(topic !== undefined ? { topic: Array.isArray(topic) ? topic : [topic] } : {}),
      };
      const params = paramsOf(b.kind, q);
      const { job, created } = await queueExportJob(app.db, {
        userId: req.user!.id,
        kind: b.kind,
        format: b.format,
        params,
        paramsKey: keyOf(b.kind, b.format, params),
      });
      if (created) {
        await app.exportJobs.enqueue(job.id);
        await app.audit(req, {
          action: 'export.started',
          target: b.kind,
          detail: { id: job.id, format: b.format, ...params },
        });
      }
      return reply.code(202).send({ job: jobView(job) });
    },
  );

  const ownJob = async (req: FastifyRequest, id: string) => {
    const job = await getExportJob(app.db, id);
    // Someone else's export is as unknown as a missing one.
    if (!job || job.userId !== req.user!.id || job.state === 'streamed')
      throw new ApiError(404, 'not_found', 'you have no export with that id');
    return job;
  };

  app.get(
    '/api/v1/exports/:id',
    {
      schema: {
        tags: ['exports'],
        summary: 'A background export: state, progress and, once done, its download link',
        params: zExportIdParams,
        response: { 200: zExportJobResponse, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => ({ job: jobView(await ownJob(req, req.params.id)) }),
  );

  app.get(
    '/api/v1/exports/:id/file',
    {
      schema: {
        tags: ['exports'],
        summary: 'Download a finished background export (until it expires)',
        params: zExportIdParams,
        response: { 400: zErrorResponse, 404: zErrorResponse, 409: zErrorResponse, 410: zErrorResponse },
      },
    },
    async (req, reply) => {
      const job = await ownJob(req, req.params.id);
      const view = jobView(job);
      if (view.state === 'expired')
        throw new ApiError(410, 'export_expired', 'this export has expired; start it again');
      if (view.state !== 'done' || !job.fileName)
        throw new ApiError(409, 'export_not_ready', `this export is ${view.state}; download it once it is done`);
      const params = exportParams(job.params);
      await app.audit(req, {
        action: 'export.downloaded',
        target: job.kind,
        detail: { id: job.id, format: job.format, rows: job.rows },
      });
      return reply
        .type(CONTENT_TYPES[view.format])
        .header(
          'content-disposition',
          `attachment; filename="${fileName(view.kind, { from: params.from, to: params.to }, view.format)}"`,
        )
        .header('cache-control', 'no-store')
        .send(createReadStream(join(app.exportJobs.dir, job.fileName)) as never); // a stream is sent as it is
    },
  );

  app.get(
    '/api/v1/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Your export history, newest first: direct downloads and background jobs',
        response: { 200: zExportHistory },
      },
    },
    async (req) => {
      const rows = await listExportHistory(app.db, req.user!.id);
      return {
        streamRowLimit: streamLimit,
        exports: rows.map((r) => {
          const view = r.state === 'streamed' ? null : jobView(r);
          const p = exportParams(r.params);
          const filters = Object.fromEntries(Object.entries(r.params).filter(([k]) => k !== 'from' && k !== 'to'));
          return {
            id: r.id,
            kind: r.kind as ExportKind,
            format: r.format as ExportFormat,
            state: view ? view.state : ('streamed' as const),
            from: p.from,
            to: p.to,
            filters,
            rows: r.rows,
            createdAt: r.createdAt.toISOString(),
            url: view?.url ?? null,
            expiresAt: view?.expiresAt ?? null,
          };
        }),
      };
    },
  );
};

export default exportRoutes;
