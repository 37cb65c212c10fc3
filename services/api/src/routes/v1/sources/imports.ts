import { createHash } from 'node:crypto';
import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import {
  formatFromFileName,
  zColumnMapping,
  zImportFormat,
  zImportsResponse,
  zImportView,
} from '@lp/contracts/imports';
import { createImport, failImport, getImportSummary, listImports, toImportView } from '@lp/db/queries/imports';
import { getSource } from '@lp/db/queries/sources';
import { enqueueImport } from '@lp/queue/enqueue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../../plugins/external/error-handler';
import { notFound } from './input';

/** FFT and social-tool exports are a few MB; 20 MB leaves room without letting one upload fill Postgres. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/tab-separated-values',
  'application/x-ndjson',
  'application/jsonl',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const zSourceIdParams = z.object({ id: z.string().min(1).max(64) });
const zImportIdParams = z.object({ id: z.string().regex(/^\d{1,15}$/, 'an import id') });
const zUploadQuery = z.object({
  fileName: z.string().min(1).max(255),
  format: zImportFormat.optional().describe('csv, jsonl or xlsx; by default from the source config or the file name'),
});

const badRequest = (message: string) => new ApiError(400, 'bad_request', message);

/**
 * File imports into `file` sources. The API only stores the bytes and enqueues an 'import-file'
 * job: parsing runs on an ingest poll worker, so a large workbook never blocks API requests.
 */
const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: nowhere else accepts raw bytes.
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/v1/sources/:id/imports',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags: ['imports'],
        summary: 'Upload a CSV, JSONL or XLSX file into a file source',
        description:
          'The body is the raw file (not a form), at most 20 MB, sent as `application/octet-stream`, `text/csv`, ' +
          '`application/x-ndjson` or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`. ' +
          "Rows are mapped with the source's saved column mapping. Answers 202 at once; poll `GET /api/v1/imports/{id}` " +
          'for the counts and the per-row error report. Re-importing the same rows adds nothing (they count as duplicates).',
        consumes: FILE_TYPES,
        params: zSourceIdParams,
        querystring: zUploadQuery,
        body: z.any().describe('The file itself (binary), at most 20 MB'),
        response: { 202: zImportView, 400: zErrorResponse, 404: zErrorResponse, 413: zErrorResponse },
      },
    },
    async (req, reply) => {
      const source = await getSource(app.db, req.params.id);
      if (!source) throw notFound('source', req.params.id);
      if (source.type !== 'file')
        throw badRequest(`source "${source.id}" is a ${source.type} source, not a file source`);
      const content = req.body;
      if (!Buffer.isBuffer(content) || content.length === 0)
        throw badRequest('send the file as the request body (content-type application/octet-stream)');
      const mapping = zColumnMapping.safeParse(source.config.mapping);
      if (!mapping.success) throw badRequest(`source "${source.id}" has no valid saved column mapping`);
      const configured = zImportFormat.safeParse(source.config.format);
      const format =
        req.query.format ??
        (configured.success ? configured.data : undefined) ??
        formatFromFileName(req.query.fileName);
      if (!format)
        throw badRequest(`cannot tell the format of "${req.query.fileName}"; give format=csv, jsonl or xlsx`);

      const row = await createImport(app.db, {
        sourceId: source.id,
        fileName: req.query.fileName,
        sha256: createHash('sha256').update(content).digest('hex'),
        format,
        mapping: mapping.data,
        content,
      });
      try {
        await enqueueImport(app.queues['import-file'], row.id);
      } catch {
        await failImport(app.db, row.id, 'the job queue was unavailable; upload the file again');
        throw new ApiError(503, 'unavailable', 'the job queue (Redis) is unavailable; try again shortly');
      }
      await app.audit(req, {
        action: 'import.uploaded',
        target: source.id,
        detail: { importId: String(row.id), fileName: req.query.fileName, format, bytes: content.length },
      });
      return reply.code(202).send(toImportView(row));
    },
  );

  app.get(
    '/api/v1/sources/:id/imports',
    {
      schema: {
        tags: ['imports'],
        summary: "A file source's imports, newest first (the last 100)",
        params: zSourceIdParams,
        response: { 200: zImportsResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      if (!(await getSource(app.db, req.params.id))) throw notFound('source', req.params.id);
      return { imports: (await listImports(app.db, req.params.id)).map(toImportView) };
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import: status, row counts and the first 500 row errors',
        params: zImportIdParams,
        response: { 200: zImportView, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      const row = await getImportSummary(app.db, Number(req.params.id));
      if (!row) throw notFound('import', req.params.id);
      return toImportView(row);
    },
  );
};
export default importRoutes;
