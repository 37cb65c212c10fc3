import { zErrorResponse } from '@lp/contracts/api';
import { zAuditQuery, zAuditResponse } from '@lp/contracts/audit';
import { listAudit } from '@lp/db/queries/audit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BadRequestError } from '../../../plugins/external/error-handler';

/** The audit log, newest first, for admins to read and filter. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who did what, when and from where (append-only)',
        description:
          '`action` takes one action (`source.updated`) or a family (`auth`); `actor` matches part of the email of who acted or what was acted on; days are Europe/London, `to` exclusive. Page with `nextCursor`.',
        querystring: zAuditQuery,
        response: { 200: zAuditResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      if (q.from && q.to && q.from >= q.to) throw new BadRequestError('from must be before to');
      const entries = await listAudit(app.db, {
        from: q.from,
        to: q.to,
        action: q.action,
        actor: q.actor,
        before: q.cursor ? Number(q.cursor) : undefined,
        limit: q.limit + 1,
      });
      const page = entries.slice(0, q.limit);
      return { entries: page, nextCursor: entries.length > q.limit ? (page[page.length - 1]?.id ?? null) : null };
    },
  );
};

export default auditRoutes;
