import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import { zEvent, zEventCreate, zEventImportResult, zEventsQuery, zEventsResponse } from '@lp/contracts/events';
import { createEvent, deleteEvent, insertEvents, listEvents } from '@lp/db/queries/events';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EventsCsvError, parseEventsCsv } from '../../lib/events-csv';
import { ApiError } from '../../plugins/external/error-handler';
import { checkRange } from './range';

/** A year of daily annotations is a few tens of kB; 1 MB is generous without inviting abuse. */
export const MAX_EVENTS_CSV_BYTES = 1024 * 1024;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/octet-stream'];

const zEventIdParams = z.object({ id: z.string().regex(/^\d{1,15}$/, 'an event id') });

/** Annotations on the time charts: list by range, add one, delete one, import a CSV. */
const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: the CSV import reads the body as text.
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'string', bodyLimit: MAX_EVENTS_CSV_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Events on London days in [from, to), by day',
        querystring: zEventsQuery,
        response: { 200: zEventsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      checkRange(req.query.from, req.query.to);
      return { events: await listEvents(app.db, req.query) };
    },
  );

  app.post(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Add an annotation',
        description: 'A day can hold several events but not two with the same title (409).',
        body: zEventCreate,
        response: { 201: zEvent, 400: zErrorResponse, 409: zErrorResponse },
      },
    },
    async (req, reply) => {
      const created = await createEvent(app.db, req.body, 'dashboard');
      if (!created)
        throw new ApiError(409, 'conflict', `there is already an event "${req.body.title}" on ${req.body.day}`);
      await app.audit(req, {
        action: 'event.created',
        target: String(created.id),
        detail: { day: created.day, title: created.title, kind: created.kind },
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'Delete an annotation',
        description:
          'Any event can be deleted, national ones included; a deleted national event returns at the next API start.',
        params: zEventIdParams,
        response: { 204: z.null(), 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req, reply) => {
      const deleted = await deleteEvent(app.db, Number(req.params.id));
      if (!deleted) throw new ApiError(404, 'not_found', `no event ${req.params.id}`);
      await app.audit(req, {
        action: 'event.deleted',
        target: req.params.id,
        detail: { day: deleted.day, title: deleted.title, origin: deleted.origin },
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/events/import',
    {
      bodyLimit: MAX_EVENTS_CSV_BYTES,
      schema: {
        tags: ['events'],
        summary: 'Import events from a CSV file',
        description:
          'The body is the CSV itself (`text/csv`, at most 1 MB) with the header `date,title,kind,url`. Good rows are ' +
          'stored, bad ones reported (`row` 1 is the first row after the header); an event already present ' +
          '(same day and title) counts as a duplicate.',
        consumes: CSV_TYPES,
        body: z.any().describe('The CSV text, at most 1 MB'),
        response: { 200: zEventImportResult, 400: zErrorResponse, 413: zErrorResponse, 415: zErrorResponse },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string' || req.body.trim() === '')
        throw new ApiError(400, 'bad_request', 'send the CSV as the request body (content-type text/csv)');
      let parsed;
      try {
        parsed = parseEventsCsv(req.body);
      } catch (err) {
        if (err instanceof EventsCsvError) throw new ApiError(400, 'bad_request', err.message);
        throw err;
      }
      const counts = await insertEvents(app.db, parsed.rows, 'import');
      await app.audit(req, { action: 'event.imported', detail: { ...counts, errors: parsed.errors.length } });
      return { ...counts, errors: parsed.errors };
    },
  );
};
export default eventRoutes;
