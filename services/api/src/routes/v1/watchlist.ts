import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import { zWatchlist, zWatchlistPreview, zWatchlistResponse, type Watchlist } from '@lp/contracts/watchlist';
import { latestAboutUsRun, startAboutUsRun, type AboutUsRun } from '@lp/db/queries/about-us-runs';
import { loadWatchlist, saveWatchlist } from '@lp/db/queries/watchlist';
import { compileWatchlist } from '@lp/nlp/watchlist-match';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Recent posts a preview reads: enough to show what a term catches, cheap to match in the request. */
const PREVIEW_SCAN = 2_000;
const PREVIEW_SHOWN = 10;

/** Trimmed, blank lines dropped, each term once (case-insensitively), in the order given. */
function tidy(w: Watchlist): Watchlist {
  const clean = (xs: string[]) => {
    const seen = new Set<string>();
    return xs.map((x) => x.trim()).filter((x) => x !== '' && !seen.has(x.toLowerCase()) && seen.add(x.toLowerCase()));
  };
  return {
    names: clean(w.names),
    sites: clean(w.sites),
    wards: clean(w.wards),
    services: clean(w.services),
    hashtags: clean(w.hashtags.map((h) => h.replace(/^#/, ''))),
    accounts: clean(w.accounts.map((a) => (a.startsWith('@') ? a : `@${a}`))),
  };
}

const lines = z.array(z.string().max(200)).max(500).default([]);
/** As typed (blank lines, "#tag", "handle" without @ are fine), tidied, then checked term by term. */
const zWatchlistInput = z
  .object({ names: lines, sites: lines, wards: lines, services: lines, hashtags: lines, accounts: lines })
  .strict()
  .transform(tidy)
  .pipe(zWatchlist as z.ZodType<Watchlist, Watchlist>);

const runView = (r: AboutUsRun | null) =>
  r && {
    id: r.id,
    state: r.state,
    total: r.total,
    done: r.done,
    changed: r.changed,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    error: r.error,
  };

/** The watch list (what "about us" means), edited in the dashboard; history follows in the background. */
const watchlistRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/watchlist',
    {
      schema: {
        tags: ['watchlist'],
        summary: 'The watch list: names, sites, wards, services, hashtags and accounts',
        description:
          '`recompute`: the latest recomputing of "about us" for stored posts after an edit, with its progress.',
        response: { 200: zWatchlistResponse },
      },
    },
    async () => ({ ...(await loadWatchlist(app.db)), recompute: runView(await latestAboutUsRun(app.db)) }),
  );

  app.put(
    '/api/v1/watchlist',
    {
      schema: {
        tags: ['watchlist'],
        summary: 'Replace the watch list; "about us" is recomputed for history in the background',
        description:
          'Terms are trimmed and each kept once; hashtags are stored without `#`, accounts with `@`. New posts use the list within a minute. Stored posts are re-read in batches by the NLP workers, each batch with its rollup changes in one transaction, so the "about us" figures stay exact throughout. This copy wins over the sources file\'s `watchlist:`, which only seeds an empty installation.',
        body: zWatchlistInput,
        response: { 200: zWatchlistResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const watchlist = req.body;
      const run = await app.db.transaction(async (tx) => {
        await saveWatchlist(tx, watchlist);
        return startAboutUsRun(tx, { watchlist, userId: req.user!.id });
      });
      await app.audit(req, {
        action: 'watchlist.changed',
        target: 'watchlist',
        detail: Object.fromEntries(Object.entries(watchlist).map(([k, v]) => [k, v.length])),
      });
      return { ...watchlist, recompute: runView(run) };
    },
  );

  app.post(
    '/api/v1/watchlist/preview',
    {
      schema: {
        tags: ['watchlist'],
        summary: 'Which recent posts a watch list would call "about us" (stores nothing)',
        body: zWatchlistInput,
        response: { 200: zWatchlistPreview, 400: zErrorResponse },
      },
    },
    async (req) => {
      const match = compileWatchlist(req.body);
      const res = await app.db.execute<{ id: string; published_at: string; text: string }>(sql`
        select id::text, to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as published_at, text
        from posts where text is not null order by published_at desc limit ${PREVIEW_SCAN}`);
      const matched = res.rows.flatMap((r) => {
        const term = match(r.text);
        return term ? [{ id: r.id, publishedAt: r.published_at, text: r.text, term }] : [];
      });
      return { scanned: res.rows.length, matched: matched.length, posts: matched.slice(0, PREVIEW_SHOWN) };
    },
  );
};

export default watchlistRoutes;
