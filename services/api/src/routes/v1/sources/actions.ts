import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import { zSourceDetail, zSourceTestResult } from '@lp/contracts/sources';
import { pauseSource, resumeSource } from '@lp/db/queries/source-admin';
import { getSource } from '@lp/db/queries/sources';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../../plugins/external/error-handler';
import { notFound, toSourceDetail, zSourceParams } from './input';
import { requestSchedule } from './schedule';

/**
 * Operational actions, allowed on file-managed sources too. Note the sources file's `enabled` is
 * applied again when ingest starts, so a paused file source resumes at the next start unless the
 * file says `enabled: false`.
 */
const sourceActionRoutes: FastifyPluginAsyncZod<{ testTimeoutMs: number }> = async (app, opts) => {
  app.post(
    '/api/v1/sources/:id/pause',
    {
      schema: {
        tags: ['sources'],
        summary: 'Stop polling a source until it is resumed',
        params: zSourceParams,
        response: { 200: zSourceDetail, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      const source = await pauseSource(app.db, req.params.id);
      if (!source) throw notFound('source', req.params.id);
      await requestSchedule(app, source.id);
      await app.audit(req, { action: 'source.paused', target: source.id });
      return toSourceDetail(source, app.secretsKeyOrNull());
    },
  );

  app.post(
    '/api/v1/sources/:id/resume',
    {
      schema: {
        tags: ['sources'],
        summary: 'Poll a paused or stopped source again, at once, forgetting its last error',
        params: zSourceParams,
        response: { 200: zSourceDetail, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      const source = await resumeSource(app.db, req.params.id);
      if (!source) throw notFound('source', req.params.id);
      await requestSchedule(app, source.id);
      await app.audit(req, { action: 'source.resumed', target: source.id });
      return toSourceDetail(source, app.secretsKeyOrNull());
    },
  );

  app.post(
    '/api/v1/sources/:id/test',
    {
      schema: {
        tags: ['sources'],
        summary: 'Fetch one page now and show what would be stored; stores nothing',
        description:
          'Runs on an ingest poll worker, from the stored cursor (`fromStart=true`: the first page, as a new source would see it; the dashboard checks a source this way when it is saved). Text is redacted and cut to 280 characters; the cursor and state are left alone. A fetch error is `ok: false` with its reason; no answer within the time limit is 504.',
        params: zSourceParams,
        querystring: z.object({ fromStart: z.enum(['true', 'false']).optional() }),
        response: { 200: zSourceTestResult, 400: zErrorResponse, 404: zErrorResponse, 504: zErrorResponse },
      },
    },
    async (req) => {
      if (!(await getSource(app.db, req.params.id))) throw notFound('source', req.params.id);
      // Testing fetches from the network on the server's behalf: who asked is worth keeping.
      await app.audit(req, { action: 'source.tested', target: req.params.id });
      const job = await app.queues['test-source'].add('test-source', {
        sourceId: req.params.id,
        fromStart: req.query.fromStart === 'true',
      });
      try {
        return zSourceTestResult.parse(await job.waitUntilFinished(app.testSourceEvents, opts.testTimeoutMs));
      } catch (err) {
        const message = (err as Error).message ?? String(err);
        if (/timed out before finishing/.test(message)) {
          // Nobody took it: do not let it run later for no one.
          await job.remove().catch(() => undefined);
          throw new ApiError(
            504,
            'timeout',
            `no ingest poll worker answered within ${Math.round(opts.testTimeoutMs / 1000)} s; is ingest running with the poll role?`,
          );
        }
        return { ok: false, error: `the test could not run: ${message}`, items: [], quarantined: [], deletions: 0 };
      }
    },
  );
};
export default sourceActionRoutes;
