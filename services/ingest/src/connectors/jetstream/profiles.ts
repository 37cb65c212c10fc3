import { z } from 'zod';
import { guardedFetch } from '@lp/outbound/guarded-fetch';

/** app.bsky.actor.getProfiles takes at most 25 actors per call. */
export const PROFILES_PER_CALL = 25;
const TIMEOUT_MS = 15_000;

const zProfile = z.object({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
  description: z.string().optional(),
});
export type Profile = z.infer<typeof zProfile>;

export interface ProfileCacheOptions {
  appview: string;
  /** How long a profile (or its absence) is trusted. */
  ttlMs?: number;
  /** Most profiles kept; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Jetstream names authors only by DID: their handle, display name and bio (what voice is judged
 * from) come from the AppView in batches of 25, kept for a day, so a prolific author costs one
 * lookup a day. A DID the AppView does not know (a deleted or taken-down account) is kept as null.
 */
export function createProfileCache(opts: ProfileCacheOptions) {
  const ttl = opts.ttlMs ?? 24 * 3_600_000;
  const max = opts.maxEntries ?? 50_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; profile: Profile | null }>();
  let calls = 0;

  async function fetchBatch(dids: string[]): Promise<Map<string, Profile>> {
    const url = new URL('/xrpc/app.bsky.actor.getProfiles', opts.appview);
    for (const d of dids) url.searchParams.append('actors', d);
    calls++;
    const res = await guardedFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`app.bsky.actor.getProfiles answered ${res.status}`);
    }
    const body = z.object({ profiles: z.array(z.unknown()) }).safeParse(await res.json());
    if (!body.success) throw new Error('app.bsky.actor.getProfiles answered without a profiles list');
    const found = new Map<string, Profile>();
    for (const p of body.data.profiles) {
      const parsed = zProfile.safeParse(p);
      if (parsed.success) found.set(parsed.data.did, parsed.data);
    }
    return found;
  }

  return {
    /**
     * Profiles for these DIDs, from the cache or the AppView. A failed call leaves its DIDs out
     * (their posts are stored without a voice judgement, which the author's stored voice then fills).
     */
    async get(dids: Iterable<string>): Promise<{ profiles: Map<string, Profile | null>; failed: number }> {
      const out = new Map<string, Profile | null>();
      const missing: string[] = [];
      const t = now();
      for (const did of new Set(dids)) {
        const hit = cache.get(did);
        if (hit && t - hit.at < ttl) out.set(did, hit.profile);
        else missing.push(did);
      }
      let failed = 0;
      for (let i = 0; i < missing.length; i += PROFILES_PER_CALL) {
        const batch = missing.slice(i, i + PROFILES_PER_CALL);
        let found: Map<string, Profile>;
        try {
          found = await fetchBatch(batch);
        } catch {
          failed += batch.length;
          continue;
        }
        for (const did of batch) {
          const profile = found.get(did) ?? null;
          cache.delete(did);
          cache.set(did, { at: t, profile });
          out.set(did, profile);
        }
      }
      while (cache.size > max) cache.delete(cache.keys().next().value as string);
      return { profiles: out, failed };
    },
    /** AppView calls made so far (tests check the batching and the cache). */
    calls: () => calls,
  };
}
export type ProfileCache = ReturnType<typeof createProfileCache>;
