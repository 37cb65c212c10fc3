import type { PostDraft } from '@lp/contracts/post';
import type { Watchlist } from '@lp/contracts/watchlist';
import { EMPTY_WATCHLIST } from '@lp/contracts/watchlist';
import { authorVoice } from '@lp/nlp/voice';
import { compileWatchlist } from '@lp/nlp/watchlist-match';
import type { Pseudonymise } from '../../lib/pseudonym';
import { transformPost, type TransformResult } from '../bluesky/transform';
import type { JetstreamConfig } from './config';
import type { Profile } from './profiles';

/**
 * What this source keeps: its own keywords and hashtags, and (unless `keywordsOnly`) everything on the
 * organisation's watch list, matched as the NLP matches "about us" (whole words, any case).
 * Returns null when there is nothing to match: such a source cannot run.
 */
export function compileStreamFilter(
  cfg: Pick<JetstreamConfig, 'keywords' | 'hashtags' | 'keywordsOnly'>,
  watchlist: Watchlist,
): ((text: string) => string | null) | null {
  const w: Watchlist = cfg.keywordsOnly ? EMPTY_WATCHLIST : watchlist;
  const merged: Watchlist = {
    ...w,
    names: [...w.names, ...cfg.keywords],
    hashtags: [...w.hashtags, ...cfg.hashtags.map((h) => h.replace(/^#/, ''))],
  };
  const size =
    merged.names.length +
    merged.sites.length +
    merged.wards.length +
    merged.services.length +
    merged.hashtags.length +
    merged.accounts.length;
  return size === 0 ? null : compileWatchlist(merged);
}

/**
 * A post from the stream, as the search connector stores it (same external id, URL and pseudonym,
 * so a post seen by both is one post). The profile, when the AppView gave one, brings the bio, so
 * the voice is judged with it; without one the draft carries no voice and the author's stored voice
 * (or 'public') applies.
 */
export function transformStreamPost(
  ev: { uri: string; cid: string; did: string; record: unknown; timeUs: number },
  profile: Profile | null | undefined,
  pseudonymise: Pseudonymise,
): TransformResult {
  const t = transformPost(
    {
      uri: ev.uri,
      cid: ev.cid,
      author: { did: ev.did, handle: profile?.handle ?? '', displayName: profile?.displayName },
      record: ev.record,
      indexedAt: new Date(Math.floor(ev.timeUs / 1000)).toISOString(),
    },
    pseudonymise,
  );
  if (!t.ok) return t;
  const draft: PostDraft = { ...t.draft };
  if (profile)
    draft.authorVoice = authorVoice({
      displayName: profile.displayName,
      handle: profile.handle,
      bio: profile.description,
    });
  else delete draft.authorVoice;
  return { ok: true, draft };
}
