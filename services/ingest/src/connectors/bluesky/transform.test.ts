import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { makePost } from './bluesky-fixture';
import { queriesFor } from './connector';
import { isRepost, primaryLang, sortAt, transformPost } from './transform';
import { readRateLimit } from './xrpc';

const pseudonymise = createPseudonymiser('k'.repeat(32));

describe('bluesky transform', () => {
  it('maps a post view to a draft keyed by its at:// uri, with a bsky.app link and reach metrics', () => {
    const post = makePost(12);
    const res = transformPost(post, pseudonymise);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.draft).toEqual({
      platform: 'bluesky',
      externalId: 'at://did:plc:nurse2aaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3lpost000012',
      url: 'https://bsky.app/profile/did:plc:nurse2aaaaaaaaaaaaaaaaaa/post/3lpost000012',
      publishedAt: post.record.createdAt,
      text: 'Waiting times at the NHS walk-in centre, 12. #NHS',
      lang: 'en',
      authorPseudonym: pseudonymise('bluesky', 'did:plc:nurse2aaaaaaaaaaaaaaaaaa'),
      authorVoice: { voice: 'staff', evidence: [{ field: 'name', term: 'nurse' }], profileSeen: false },
      metrics: { reposts: 1, likes: 5, replies: 0 },
      synthetic: false,
      version: '',
    });
  });

  it('pseudonymises the DID, so a handle change keeps the pseudonym and no handle is stored', () => {
    const a = transformPost(makePost(3), pseudonymise);
    const b = transformPost(
      makePost(3, { author: { did: makePost(3).author.did, handle: 'renamed.example.org' } }),
      pseudonymise,
    );
    expect(a.ok && b.ok && a.draft.authorPseudonym === b.draft.authorPseudonym).toBe(true);
    expect(JSON.stringify(a)).not.toContain('nurse3.bsky.social');
  });

  it('judges the voice from the display name and handle alone, unseen: search results carry no bio', () => {
    const voiceOf = (author: { handle: string; displayName?: string }) => {
      const res = transformPost(makePost(4, { author: { did: 'did:plc:someone', ...author } }), pseudonymise);
      if (!res.ok) throw new Error(res.reason);
      expect(JSON.stringify(res.draft)).not.toMatch(/Jo Bloggs|jo\.|comms\./);
      return res.draft.authorVoice;
    };
    // A domain handle that is the trust's own domain is the trust, whatever the display name.
    expect(voiceOf({ handle: 'anytown.nhs.uk', displayName: 'Anytown Hospitals' })).toEqual({
      voice: 'org',
      evidence: [{ field: 'handle', term: 'anytown.nhs.uk' }],
      profileSeen: false,
    });
    // An account under the trust's domain is someone the trust vouches for.
    expect(voiceOf({ handle: 'comms.anytown.nhs.uk', displayName: 'Comms team' })).toEqual({
      voice: 'staff',
      evidence: [{ field: 'handle', term: 'anytown.nhs.uk' }],
      profileSeen: false,
    });
    expect(voiceOf({ handle: 'jo.bsky.social', displayName: 'Jo Bloggs' })).toEqual({
      voice: 'public',
      evidence: [],
      profileSeen: false,
    });
    expect(voiceOf({ handle: 'jo.bsky.social' })).toEqual({ voice: 'public', evidence: [], profileSeen: false });
  });

  it('normalises createdAt with an offset to UTC and takes the primary language subtag', () => {
    const res = transformPost(
      makePost(1, {
        record: {
          $type: 'app.bsky.feed.post',
          text: 'hi',
          createdAt: '2025-01-06T10:00:00+01:00',
          langs: ['cy-GB', 'en'],
        },
      }),
      pseudonymise,
    );
    expect(res.ok && res.draft.publishedAt).toBe('2025-01-06T09:00:00.000Z');
    expect(res.ok && res.draft.lang).toBe('cy');
    expect(primaryLang(undefined)).toBeNull();
    expect(primaryLang(['zh-Hant-TW'])).toBe('zh');
    expect(primaryLang(['x-klingon'])).toBeNull();
  });

  it('explains why a malformed post is rejected, keeping its uri', () => {
    const broken = makePost(5, { record: { $type: 'app.bsky.feed.post', text: 'no date' } });
    const res = transformPost(broken, pseudonymise);
    expect(res).toMatchObject({ ok: false, id: broken.uri });
    expect(!res.ok && res.reason).toMatch(/record\.createdAt/);
    expect(transformPost(null, pseudonymise)).toMatchObject({ ok: false, id: null });
    expect(transformPost({ ...makePost(6), uri: 'https://bsky.app/x' }, pseudonymise)).toMatchObject({ ok: false });
  });

  it('orders posts by the earlier of createdAt and indexedAt, as the AppView does', () => {
    const future = makePost(1, { indexedAt: '2025-01-06T09:00:00.000Z' });
    (future.record as { createdAt: string }).createdAt = '2030-01-01T00:00:00.000Z';
    expect(sortAt(future)).toBe(Date.parse('2025-01-06T09:00:00.000Z'));
    expect(sortAt({ indexedAt: '2025-01-06T09:00:00Z', record: {} })).toBe(Date.parse('2025-01-06T09:00:00Z'));
    expect(sortAt({})).toBeNull();
  });

  it('tells reposts from posts in an author feed', () => {
    expect(isRepost({ post: makePost(1), reason: { $type: 'app.bsky.feed.defs#reasonRepost', indexedAt: 'x' } })).toBe(
      true,
    );
    expect(isRepost({ post: makePost(1), reason: { $type: 'app.bsky.feed.defs#reasonPin' } })).toBe(false);
    expect(isRepost({ post: makePost(1) })).toBe(false);
  });

  it('searches each watch-list term on its own, phrases quoted, unless the source sets a query', () => {
    expect(queriesFor(undefined, ['Royal Free Hospital', '#NHS', 'A&E "Ward 7"'])).toEqual([
      '"Royal Free Hospital"',
      '#NHS',
      '"A&E Ward 7"',
    ]);
    expect(queriesFor('nhs lang:en', ['ignored'])).toEqual(['nhs lang:en']);
  });

  it('reads the ratelimit-* headers (reset in epoch seconds)', () => {
    const h = new Headers({
      'ratelimit-remaining': '0',
      'ratelimit-reset': '1736154000',
      'ratelimit-policy': '3000;w=300',
    });
    expect(readRateLimit(h)).toEqual({ remaining: 0, resetAt: new Date(1736154000 * 1000) });
    expect(readRateLimit(new Headers())).toEqual({ remaining: null, resetAt: null });
  });
});
