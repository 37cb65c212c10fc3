import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import { zAlertFiringWithDeliveries, zAlertHistory, zAlertHistoryQuery } from '@lp/contracts/alerts';
import {
  acknowledgeFiring,
  countUnacknowledged,
  deliveriesOf,
  getFiring,
  listFirings,
} from '@lp/db/queries/alert-firings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { firingPosts, withDeliveries } from '../../../alerts/firing-view';
import { ApiError } from '../../../plugins/external/error-handler';
import { roleAtLeast } from '@lp/contracts/auth';
import type { AlertFiringWithDeliveries } from '@lp/contracts/alerts';

/**
 * What a non-admin sees: a source's last error can name hosts and accounts (the sources list keeps
 * it for admins too), and email targets are people's addresses.
 */
function forRole(f: AlertFiringWithDeliveries, admin: boolean): AlertFiringWithDeliveries {
  if (admin) return f;
  return {
    ...f,
    source: f.source && { ...f.source, error: null },
    deliveries: f.deliveries.map((d) =>
      d.type === 'email'
        ? { ...d, target: `${d.target.split(', ').length} address${d.target.includes(', ') ? 'es' : ''}` }
        : d,
    ),
  };
}

const isAdmin = (req: { user: { role: Parameters<typeof roleAtLeast>[0] } | null }) =>
  req.user !== null && roleAtLeast(req.user.role, 'admin');

const zFiringParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a firing id') });

/** What fired, why, where it went, and who acknowledged it: the comms team's view as well as the admins'. */
const alertHistoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/alerts/history',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts that fired, newest first, each with its explanation and deliveries',
        description:
          'Pages with `before` (the `next` of the previous page). A generic webhook receives one firing in this shape (without `deliveries`).',
        querystring: zAlertHistoryQuery,
        response: { 200: zAlertHistory, 400: zErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await listFirings(app.db, {
        limit: q.limit + 1,
        before: q.before ? Number(q.before) : undefined,
        ruleId: q.alert,
        kind: q.kind,
        unacknowledged: q.unacknowledged === 'true',
      });
      const page = rows.slice(0, q.limit);
      const deliveries = await deliveriesOf(
        app.db,
        page.map((r) => r.id),
      );
      const posts = await firingPosts(app.db, page);
      return {
        firings: page.map((r) => forRole(withDeliveries(r, posts, deliveries.get(r.id) ?? []), isAdmin(req))),
        next: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
        unacknowledged: await countUnacknowledged(app.db),
      };
    },
  );

  app.post(
    '/api/v1/alerts/history/:id/ack',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert (who and when are kept; a second acknowledgement keeps the first)',
        params: zFiringParams,
        response: { 200: zAlertFiringWithDeliveries, 404: zErrorResponse },
      },
    },
    async (req) => {
      const id = Number(req.params.id);
      const before = await getFiring(app.db, id);
      if (!before) throw new ApiError(404, 'not_found', `no alert firing ${req.params.id}`);
      const row = (await acknowledgeFiring(app.db, id, req.user?.email ?? 'unknown'))!;
      if (!before.acknowledgedAt)
        await app.audit(req, { action: 'alert.acknowledged', target: String(id), detail: { alert: row.ruleId } });
      const deliveries = await deliveriesOf(app.db, [id]);
      return forRole(withDeliveries(row, await firingPosts(app.db, [row]), deliveries.get(id) ?? []), isAdmin(req));
    },
  );
};

export default alertHistoryRoutes;
