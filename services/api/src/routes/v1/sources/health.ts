import { describeSourceHealth } from '@lp/contracts/source-health-words';
import { zSourceHealthResponse } from '@lp/contracts/sources';
import { sourceHealth } from '@lp/db/queries/source-admin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const sourceHealthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sources/health',
    {
      schema: {
        tags: ['sources'],
        summary:
          'The source health table: state, last success and error, recent posts, items waiting, budget left, and in plain words what is happening and what to do next',
        description:
          "Posts are counted from the hourly rollups by publication time: every hour bucket overlapping the last hour (or 24 hours) counts whole, so the figures can include up to one extra hour. `itemsWaiting` are fetched items not yet tagged; `budgetLeft` is `monthlyReadBudget` minus this UTC month's reads (X), or `dailyQuotaUnits` minus the units spent this Pacific-time day (YouTube); null without a budget. `credentialExpiresAt` is when the token stops working, as the platform reported it (null: unknown or never). `lastGap` is the latest span the source knows it missed in the last 7 days (a stream back after an outage longer than its replay), whose hours every comparison and report counts as a gap.",
        response: { 200: zSourceHealthResponse },
      },
    },
    async () => {
      const rows = await sourceHealth(app.db);
      return {
        sources: rows.map((r) => {
          const row = {
            ...r,
            managedBy: r.managedBy === 'dashboard' ? ('dashboard' as const) : ('file' as const),
            lastSuccessAt: r.lastSuccessAt?.toISOString() ?? null,
            credentialExpiresAt: r.credentialExpiresAt?.toISOString() ?? null,
            lastGap: r.lastGap
              ? { from: r.lastGap.from.toISOString(), to: r.lastGap.to.toISOString(), reason: r.lastGap.reason }
              : null,
          };
          return { ...row, ...describeSourceHealth(row, new Date()) };
        }),
      };
    },
  );
};
export default sourceHealthRoutes;
