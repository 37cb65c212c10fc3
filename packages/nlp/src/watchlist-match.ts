import type { Watchlist } from '@lp/contracts/watchlist';

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
