import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { authorsById, parseSearchResponse, transformTweet } from './transform';
import { makeTweet, makeUser, snowflake, usernameOf } from './x-fixture';

const pseudonymise = createPseudonymiser('k'.repeat(32));
const id = snowflake(new Date('2026-11-20T09:00:00Z'), 5);
const users = authorsById([{ id: '101', name: 'Ward Nurse', username: 'Ward_Nurse_101' }]);

describe('x transform', () => {
  it('maps a post to a draft keyed by its id, with reach metrics, a pseudonym and the public link', () => {
    const res = transformTweet(makeTweet(id, { author_id: '101' }), users, pseudonymise);
    expect(res.ok && res.kind).toBe('post');
    if (!res.ok || res.kind !== 'post') return;
    expect(res.draft).toMatchObject({
      platform: 'x',
      externalId: id,
      url: `https://x.com/Ward_Nurse_101/status/${id}`,
      publishedAt: '2026-11-20T09:00:00.000Z',
      lang: 'en',
      metrics: { reposts: 2, likes: 7, replies: 1 },
      synthetic: false,
      version: '',
    });
    // v2 escapes &, < and > in text.
    expect(res.draft.text).toMatch(/^Long wait in A&E at the Royal Free/);
    expect(res.draft.authorPseudonym).toBe(pseudonymise('x', 'ward_nurse_101'));
    expect(JSON.stringify({ ...res.draft, url: null })).not.toMatch(/ward_nurse/i);
  });

  it('uses the id-only link, no pseudonym and no voice when the author is not in includes.users', () => {
    const res = transformTweet(makeTweet(id, { author_id: '999' }), users, pseudonymise);
    if (!res.ok || res.kind !== 'post') throw new Error('expected a post');
    expect(res.draft).toMatchObject({ url: `https://x.com/i/web/status/${id}`, authorPseudonym: null });
    expect(res.draft).not.toHaveProperty('authorVoice');
  });

  it('judges the author voice from the profile in includes.users, keeping only the matched words', () => {
    // makeUser: 101 a ward nurse, 105 a member of the public, 106 a trust (name and t.co site).
    const authors = authorsById(['101', '105', '106'].map(makeUser));
    const voiceOf = (authorId: string) => {
      const res = transformTweet(makeTweet(id, { author_id: authorId }), authors, pseudonymise);
      if (!res.ok || res.kind !== 'post') throw new Error('expected a post');
      expect(JSON.stringify(res.draft)).not.toMatch(/views my own|Mum of two|News from|Anytown NHS|Pat 105/);
      return res.draft.authorVoice;
    };
    expect(voiceOf('101')).toEqual({
      voice: 'staff',
      evidence: [
        { field: 'name', term: 'nurse' },
        { field: 'bio', term: 'ward nurse' },
        { field: 'bio', term: 'band 5' },
      ],
      profileSeen: true,
    });
    expect(voiceOf('105')).toEqual({ voice: 'public', evidence: [], profileSeen: true });
    expect(voiceOf('106')).toEqual({
      voice: 'org',
      evidence: [
        { field: 'name', term: 'nhs foundation trust' },
        { field: 'website', term: 'anytown.nhs.uk' },
      ],
      profileSeen: true,
    });
  });

  it('takes a trust site from the expanded url, not the t.co link, and expands t.co links in the bio', () => {
    const tco = 'https://t.co/AbC123xyz';
    const [site, bio] = authorsById([
      {
        id: '201',
        name: 'Anytown Hospitals',
        username: 'AnytownHosp',
        description: 'Caring for Anytown since 1948.',
        url: tco,
        entities: { url: { urls: [{ start: 0, end: 23, url: tco, expanded_url: 'https://www.anytown.nhs.uk/' }] } },
      },
      {
        id: '202',
        name: 'Anytown Hospitals',
        username: 'AnytownNews',
        description: `Official account of ${tco}`,
        entities: {
          description: { urls: [{ start: 20, end: 43, url: tco, expanded_url: 'https://www.anytown.nhs.uk' }] },
        },
      },
    ]).values();
    expect(site?.voice).toEqual({
      voice: 'org',
      evidence: [{ field: 'website', term: 'anytown.nhs.uk' }],
      profileSeen: true,
    });
    expect(bio?.voice).toEqual({
      voice: 'org',
      evidence: [{ field: 'bio', term: 'anytown.nhs.uk' }],
      profileSeen: true,
    });
    // The t.co link alone says nothing.
    const bare = authorsById([{ id: '203', name: 'Anytown Hospitals', username: 'AnytownHosp', url: tco }]);
    expect(bare.get('203')?.voice).toEqual({ voice: 'public', evidence: [], profileSeen: false });
  });

  it('judges from the name alone, unseen, when X sent only the default user fields', () => {
    const authors = authorsById([{ id: '101', name: 'Nurse 101', username: usernameOf('101') }]);
    expect(authors.get('101')?.voice).toEqual({
      voice: 'staff',
      evidence: [{ field: 'name', term: 'nurse' }],
      profileSeen: false,
    });
  });

  it('keys an edit by its original id and orders versions by the latest id', () => {
    const edited = snowflake(new Date('2026-11-20T09:10:00Z'));
    const res = transformTweet(
      makeTweet(edited, { edit_history_tweet_ids: [id, edited], text: 'Corrected: wait was 6 hours' }),
      users,
      pseudonymise,
    );
    if (!res.ok || res.kind !== 'post') throw new Error('expected a post');
    expect(res.draft.externalId).toBe(id);
    expect(res.draft.version).toBe(edited.padStart(20, '0'));
    expect(res.draft.version > '').toBe(true);
    expect(res.draft.url).toBe(`https://x.com/i/web/status/${edited}`);
  });

  it('tells a retweet from quotes and replies, which are posts', () => {
    const rt = makeTweet(id, {
      text: 'RT @ward_nurse_101: Long wait',
      referenced_tweets: [{ type: 'retweeted', id: '1' }],
    });
    expect(transformTweet(rt, users, pseudonymise)).toEqual({ ok: true, kind: 'retweet', id });
    for (const type of ['quoted', 'replied_to']) {
      const t = makeTweet(id, { referenced_tweets: [{ type, id: '1' }] });
      expect(transformTweet(t, users, pseudonymise)).toMatchObject({ ok: true, kind: 'post' });
    }
  });

  it('takes the whole text of a long post and drops X pseudo-languages', () => {
    const res = transformTweet(
      makeTweet(id, { text: 'truncated…', note_tweet: { text: 'The whole long post' }, lang: 'qme' }),
      users,
      pseudonymise,
    );
    expect(res.ok && res.kind === 'post' && [res.draft.text, res.draft.lang]).toEqual(['The whole long post', null]);
    const und = transformTweet(makeTweet(id, { lang: 'und' }), users, pseudonymise);
    expect(und.ok && und.kind === 'post' && und.draft.lang).toBeNull();
  });

  it('explains why a malformed post is rejected', () => {
    const res = transformTweet({ id, text: 'no date', edit_history_tweet_ids: [] }, users, pseudonymise);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.id).toBe(id);
    expect(res.reason).toMatch(/created_at/);
    expect(res.reason).toMatch(/edit_history_tweet_ids/);
    expect(transformTweet(null, users, pseudonymise)).toMatchObject({ ok: false, id: null });
  });

  it('reads an empty answer and refuses a body that is not a search response', () => {
    expect(parseSearchResponse({ meta: { result_count: 0 } })).toMatchObject({ data: [], meta: { result_count: 0 } });
    expect(() => parseSearchResponse({ data: 'nope' })).toThrow(/data/);
    expect(authorsById([{ id: '1', username: usernameOf('1') }, { id: 'x' }]).size).toBe(1);
  });
});
