import { sql } from 'drizzle-orm';
import type { AuthorVoice, Voice } from '@lp/contracts/post';
import type { DbOrTx } from './raw-items';

const better = (a: AuthorVoice, b: AuthorVoice): AuthorVoice => {
  // A judgement made from a bio beats one made from a name alone; otherwise evidence beats none.
  if (a.profileSeen !== b.profileSeen) return a.profileSeen ? a : b;
  return b.voice !== 'public' || a.voice === 'public' ? b : a;
};

/**
 * Records the voices the connectors judged for this batch's authors and returns every author's
 * current voice. A profile-less judgement ("public" from a display name alone) never replaces one
 * made from a bio; a later bio does replace an earlier one (people change jobs).
 */
export async function resolveAuthorVoices(
  tx: DbOrTx,
  authors: Array<{ authorPseudonym: string | null; authorVoice?: AuthorVoice }>,
): Promise<Map<string, Voice>> {
  const judged = new Map<string, AuthorVoice>();
  const all = new Set<string>();
  for (const a of authors) {
    if (!a.authorPseudonym) continue;
    all.add(a.authorPseudonym);
    if (!a.authorVoice) continue;
    const cur = judged.get(a.authorPseudonym);
    judged.set(a.authorPseudonym, cur ? better(cur, a.authorVoice) : a.authorVoice);
  }
  if (all.size === 0) return new Map();
  // Sorted so two workers upserting the same authors lock them in the same order.
  const rows = [...judged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length > 0)
    await tx.execute(sql`
      insert into author_voices (author_pseudonym, voice, evidence, profile_seen)
      values ${sql.join(
        rows.map(([id, v]) => sql`(${id}, ${v.voice}, ${JSON.stringify(v.evidence)}::jsonb, ${v.profileSeen})`),
        sql`, `,
      )}
      on conflict (author_pseudonym) do update
        set voice = excluded.voice, evidence = excluded.evidence, profile_seen = excluded.profile_seen, updated_at = now()
        where excluded.profile_seen or (not author_voices.profile_seen and excluded.voice <> 'public')`);
  const res = await tx.execute<{ author_pseudonym: string; voice: Voice }>(sql`
    select author_pseudonym, voice from author_voices
    where author_pseudonym in (${sql.join(
      [...all].map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return new Map(res.rows.map((r) => [r.author_pseudonym, r.voice]));
}
