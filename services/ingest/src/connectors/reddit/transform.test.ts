import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { EMPTY_WATCHLIST } from '../../watchlist';
import { rateLimitReset, readRateWindow } from './client';
import { zRedditConfig } from './config';
import { redditQuery } from './connector';
import { makeComment, makePost } from './reddit-samples';
import { flattenComments, readListing, transformThing } from './transform';

const pseudonymise = createPseudonymiser('k'.repeat(32));
const UA = 'linux:uk.nhs.listeningpost:0.1 (by /u/nhs_comms)';

describe('reddit transform', () => {
  it('maps a link to a draft keyed by its fullname, with title and selftext, reach and a pseudonym', () => {
    const post = makePost('NHS', 3, { score: 42, num_comments: 7, num_crossposts: 2, author: 'Nurse_Jo' });
    const t = transformThing(post, pseudonymise);
    expect(t.kind).toBe('post');
    if (t.kind !== 'post') return;
    expect(t.draft).toEqual({
      platform: 'reddit',
      externalId: post.data.name,
      url: `https://www.reddit.com${post.data.permalink as string}`,
      publishedAt: new Date((post.data.created_utc as number) * 1000).toISOString(),
      text: 'Ward 3 short-staffed again\n\nNight shift on ward 3, two nurses for thirty beds.',
      lang: null,
      authorPseudonym: pseudonymise('reddit', 'nurse_jo'),
      // No flair: nothing is known, and the username "Nurse_Jo" is no evidence.
      authorVoice: { voice: 'public', evidence: [], profileSeen: false },
      metrics: { reposts: 2, likes: 42, replies: 7 },
      synthetic: false,
      version: '',
    });
    expect(JSON.stringify(t.draft).toLowerCase()).not.toContain('nurse_jo');
  });

  it('uses the title alone for a link post, and the edit time as the version', () => {
    const t = transformThing(makePost('NHS', 1, { selftext: '', edited: 1736160000.5 }), pseudonymise);
    expect(t.kind === 'post' && t.draft.text).toBe('Ward 1 short-staffed again');
    expect(t.kind === 'post' && t.draft.version).toBe('2025-01-06T10:40:00.500Z');
    const old = transformThing(makePost('NHS', 1, { edited: true }), pseudonymise);
    expect(old.kind === 'post' && old.draft.version > '').toBe(true);
  });

  it('keeps a post whose author deleted their account, without a pseudonym or a voice', () => {
    const t = transformThing(makePost('NHS', 2, { author: '[deleted]' }), pseudonymise);
    if (t.kind !== 'post') throw new Error('expected a post');
    expect(t.draft.authorPseudonym).toBeNull();
    expect(t.draft).not.toHaveProperty('authorVoice');
  });

  it('judges the voice from the author flair only, on links and comments, keeping only the matched words', () => {
    const voiceOf = (child: ReturnType<typeof makePost>) => {
      const t = transformThing(child, pseudonymise);
      if (t.kind !== 'post') throw new Error(`expected a post, got ${t.kind}`);
      expect(JSON.stringify(t.draft)).not.toMatch(/Leeds|Patient and carer|Ex-nurse/);
      return t.draft.authorVoice;
    };
    expect(voiceOf(makePost('nursing', 1, { author_flair_text: 'Staff Nurse, Leeds' }))).toEqual({
      voice: 'staff',
      evidence: [{ field: 'flair', term: 'staff nurse' }],
      profileSeen: true,
    });
    const comment = makeComment(makePost('doctorsUK', 2), 1, { author_flair_text: 'Band 6 physio' });
    expect(voiceOf(comment)).toEqual({
      voice: 'staff',
      evidence: [
        { field: 'flair', term: 'physio' },
        { field: 'flair', term: 'band 6' },
      ],
      profileSeen: true,
    });
    expect(voiceOf(makePost('NHS', 3, { author_flair_text: 'Patient and carer' }))).toEqual({
      voice: 'public',
      evidence: [],
      profileSeen: true,
    });
    expect(voiceOf(makePost('NHS', 4, { author_flair_text: 'Ex-nurse' }))?.voice).toBe('public');
    // The username is not a name: "nurse_jo" without flair is no staff evidence.
    expect(voiceOf(makePost('NHS', 5, { author: 'staff_nurse_jo' }))).toEqual({
      voice: 'public',
      evidence: [],
      profileSeen: false,
    });
  });

  it('reports removed and deleted posts and comments as deletions', () => {
    const removed = makePost('NHS', 4, { author: '[deleted]', selftext: '[removed]' });
    expect(transformThing(removed, pseudonymise)).toEqual({
      kind: 'deleted',
      name: removed.data.name,
      utc: removed.data.created_utc,
    });
    expect(transformThing(makePost('NHS', 5, { removed_by_category: 'moderator' }), pseudonymise).kind).toBe('deleted');
    const comment = makeComment(makePost('NHS', 6), 1, { author: '[deleted]', body: '[deleted]' });
    expect(transformThing(comment, pseudonymise).kind).toBe('deleted');
  });

  it('does not take a crosspost for a new post', () => {
    const t = transformThing(makePost('NHS', 7, { crosspost_parent: 't3_abc' }), pseudonymise);
    expect(t.kind).toBe('crosspost');
  });

  it('maps a comment to a draft with its body as the text', () => {
    const post = makePost('NHS', 8);
    const c = makeComment(post, 2, { score: -3, edited: 1736170000 });
    const t = transformThing(c, pseudonymise);
    expect(t.kind === 'post' && t.draft).toMatchObject({
      externalId: c.data.name,
      text: 'Same on our ward, comment 2.',
      url: `https://www.reddit.com${c.data.permalink as string}`,
      metrics: { reposts: 0, likes: -3, replies: 0 },
      version: new Date(1736170000_000).toISOString(),
    });
  });

  it('explains why a malformed item is rejected and keeps what it can for the cursor', () => {
    const broken = makePost('NHS', 9, { created_utc: 'yesterday', title: 5 });
    const t = transformThing(broken, pseudonymise);
    expect(t).toMatchObject({ kind: 'bad', name: broken.data.name, utc: null, payload: broken });
    expect(t.kind === 'bad' && t.reason).toMatch(/created_utc/);
    expect(t.kind === 'bad' && t.reason).toMatch(/title/);
    expect(transformThing(null, pseudonymise)).toMatchObject({ kind: 'bad', name: null });
    expect(transformThing({ kind: 't5', data: {} }, pseudonymise)).toMatchObject({ kind: 'bad' });
  });

  it('flattens nested replies and drops "more" stubs', () => {
    const post = makePost('NHS', 10);
    const reply = makeComment(post, 2);
    const top = makeComment(post, 1, { replies: { kind: 'Listing', data: { children: [reply] } } });
    const more = { kind: 'more', data: { count: 3, children: ['a', 'b', 'c'] } };
    expect(flattenComments([top, more])).toEqual([top, reply]);
  });

  it('rejects an answer that is not a Listing', () => {
    expect(() => readListing({ error: 'x' }, 'r/NHS')).toThrow(/r\/NHS did not return a Listing/);
    expect(readListing({ kind: 'Listing', data: { after: 't3_x', children: [] } }, 'r/NHS')).toEqual({
      children: [],
      after: 't3_x',
    });
  });
});

describe('reddit config and query', () => {
  const base = { clientId: 'id', userAgent: UA, subreddits: ['NHS'] };

  it('requires a descriptive User-Agent in the form Reddit asks for', () => {
    expect(zRedditConfig.safeParse(base).success).toBe(true);
    expect(zRedditConfig.safeParse({ ...base, userAgent: 'Mozilla/5.0' }).success).toBe(false);
    expect(zRedditConfig.safeParse({ ...base, subreddits: ['r/NHS'] }).success).toBe(false);
    expect(zRedditConfig.safeParse({ ...base, limit: 101 }).success).toBe(false);
  });

  it('searches the source query, else the watch list, else lists /new', () => {
    const cfg = zRedditConfig.parse(base);
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free', 'RFH'], hashtags: ['NHSPay'] };
    expect(redditQuery({ ...cfg, query: 'title:ward' }, watchlist)).toBe('title:ward');
    expect(redditQuery(cfg, watchlist)).toBe('"Royal Free" OR RFH OR NHSPay');
    expect(redditQuery({ ...cfg, allPosts: true }, watchlist)).toBeNull();
    expect(redditQuery(cfg, EMPTY_WATCHLIST)).toBeNull();
  });

  it('reads X-Ratelimit-Reset as seconds from now, and a decimal remaining', () => {
    const now = new Date('2025-01-06T09:00:00Z');
    const res = new Response(null, { headers: { 'x-ratelimit-reset': '90', 'x-ratelimit-remaining': '0.0' } });
    expect(rateLimitReset(res, now)?.toISOString()).toBe('2025-01-06T09:01:30.000Z');
    expect(readRateWindow(res, now).remaining).toBe(0);
    expect(rateLimitReset(new Response(null), now)).toBeNull();
  });
});
