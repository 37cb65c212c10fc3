import { z } from 'zod';

/**
 * One NHS organisation's watch list: what "about us" means. It seeds each source's query (when the
 * source sets none) and marks posts that mention the organisation, with the matched term.
 */
export const zWatchlist = z
  .object({
    names: z.array(z.string().min(2)).default([]),
    sites: z.array(z.string().min(2)).default([]),
    wards: z.array(z.string().min(2)).default([]),
    services: z.array(z.string().min(2)).default([]),
    hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'a hashtag without #')).default([]),
    accounts: z.array(z.string().regex(/^@?[\w.@-]+$/, 'an account handle')).default([]),
  })
  .strict();
export type Watchlist = z.infer<typeof zWatchlist>;

export const EMPTY_WATCHLIST: Watchlist = { names: [], sites: [], wards: [], services: [], hashtags: [], accounts: [] };

/** Search terms for platforms with keyword search: names, sites, wards and services as phrases, plus hashtags. */
export function watchlistTerms(w: Watchlist): string[] {
  return [...w.names, ...w.sites, ...w.wards, ...w.services, ...w.hashtags.map((h) => `#${h}`)];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher over post text: terms match whole words case-insensitively, hashtags with their '#',
 * accounts with their '@'. Returns the first matched term as written in the watch list.
 */
export function compileWatchlist(w: Watchlist): (text: string) => string | null {
  const terms = [
    ...[...w.names, ...w.sites, ...w.wards, ...w.services].map((t) => ({
      term: t,
      re: `(?<![\\p{L}\\p{N}])${escape(t)}(?![\\p{L}\\p{N}])`,
    })),
    ...w.hashtags.map((h) => ({ term: `#${h}`, re: `#${escape(h)}(?![\\p{L}\\p{N}_])` })),
    ...w.accounts.map((a) => {
      const handle = a.replace(/^@/, '');
      return { term: `@${handle}`, re: `@${escape(handle)}(?![\\w.-]*\\w)` };
    }),
  ];
  if (terms.length === 0) return () => null;
  // Longest first, so "Royal Free Hospital" wins over "Royal Free".
  terms.sort((a, b) => b.term.length - a.term.length);
  const re = new RegExp(terms.map((t, i) => `(?<t${i}>${t.re})`).join('|'), 'iu');
  return (text) => {
    const m = re.exec(text);
    if (!m?.groups) return null;
    const i = Object.entries(m.groups).find(([, v]) => v !== undefined)?.[0];
    return i ? terms[Number(i.slice(1))]!.term : null;
  };
}
