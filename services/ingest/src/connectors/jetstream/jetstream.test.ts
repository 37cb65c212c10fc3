import { describe, expect, it } from 'vitest';
import { EMPTY_WATCHLIST } from '@lp/contracts/watchlist';
import { zJetstreamConfig } from './config';
import { parseFrame, searchableText, storable } from './events';
import { compileStreamFilter, transformStreamPost } from './transform';
import { jetstreamUrl } from './url';

const pseudonymise = (platform: string, id: string) => `p:${platform}:${id.length}`;
const frame = (o: unknown) => JSON.stringify(o);

describe('Jetstream frames', () => {
  it('reads post creates and deletes, and passes over other kinds and collections with their time', () => {
    const create = parseFrame(
      frame({
        did: 'did:plc:a',
        time_us: 1_733_000_000_000_001,
        kind: 'commit',
        commit: {
          rev: 'r1',
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: '3k1',
          cid: 'bafy1',
          record: { $type: 'app.bsky.feed.post', text: 'hi', createdAt: '2026-12-01T10:00:00Z' },
        },
      }),
    );
    expect(create).toMatchObject({ kind: 'create', uri: 'at://did:plc:a/app.bsky.feed.post/3k1', cid: 'bafy1' });
    const del = parseFrame(
      frame({
        did: 'did:plc:a',
        time_us: 5,
        kind: 'commit',
        commit: { rev: 'r2', operation: 'delete', collection: 'app.bsky.feed.post', rkey: '3k1' },
      }),
    );
    expect(del).toEqual({
      kind: 'delete',
      timeUs: 5,
      did: 'did:plc:a',
      rkey: '3k1',
      rev: 'r2',
      uri: 'at://did:plc:a/app.bsky.feed.post/3k1',
    });
    expect(parseFrame(frame({ did: 'did:plc:a', time_us: 6, kind: 'identity', identity: {} }))).toEqual({
      kind: 'other',
      timeUs: 6,
    });
    expect(
      parseFrame(
        frame({
          did: 'did:plc:a',
          time_us: 7,
          kind: 'commit',
          commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.like', rkey: 'x', cid: 'c', record: {} },
        }),
      ),
    ).toEqual({ kind: 'other', timeUs: 7 });
  });

  it('says why a frame is unreadable, keeping its time when it has one', () => {
    expect(parseFrame('{oops')).toEqual({ kind: 'malformed', timeUs: null, reason: 'not JSON' });
    const noDid = parseFrame(frame({ time_us: 9, kind: 'commit' }));
    expect(noDid).toMatchObject({ kind: 'malformed', timeUs: 9 });
    expect((noDid as { reason: string }).reason).toMatch(/^not a Jetstream event: did/);
    expect(
      parseFrame(
        frame({
          did: 'did:plc:a',
          time_us: 10,
          kind: 'commit',
          commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'k', rev: 'r' },
        }),
      ),
    ).toEqual({ kind: 'malformed', timeUs: 10, reason: 'a post create without its record or cid' });
  });

  it('removes what Postgres cannot keep (NUL, lone surrogates) and keeps whole emoji', () => {
    expect(storable('a\u0000b \uD800 c \uDC00 d 😀')).toBe('ab \uFFFD c \uFFFD d 😀');
  });

  it('matches hashtags a client kept out of the text (facets and tags)', () => {
    const text = searchableText({
      text: 'Proud of the team',
      tags: ['NHSStaff'],
      facets: [{ features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'Nursing' }] }],
    });
    expect(text).toBe('Proud of the team\n#NHSStaff #Nursing');
    expect(searchableText({ nope: 1 })).toBeNull();
  });
});

describe('what a stream source keeps', () => {
  const cfg = zJetstreamConfig.parse({ keywords: ['Royal Free'], hashtags: ['#NHSStaff'] });

  it('keeps its keywords and hashtags as whole words, plus the watch list unless keywordsOnly', () => {
    const w = { ...EMPTY_WATCHLIST, names: ['Whittington Health'] };
    const match = compileStreamFilter(cfg, w)!;
    expect(match('Great care at the royal free today')).toBe('Royal Free');
    expect(match('RoyalFreedom')).toBeNull();
    expect(match('shift done #nhsstaff')).toBe('#NHSStaff');
    expect(match('Whittington Health is hiring')).toBe('Whittington Health');
    const only = compileStreamFilter({ ...cfg, keywordsOnly: true }, w)!;
    expect(only('Whittington Health is hiring')).toBeNull();
    expect(compileStreamFilter({ keywords: [], hashtags: [], keywordsOnly: false }, EMPTY_WATCHLIST)).toBeNull();
  });

  it('builds the same post as the search connector, with the voice judged from the bio when the profile is known', () => {
    const ev = {
      uri: 'at://did:plc:n/app.bsky.feed.post/3k',
      cid: 'bafy',
      did: 'did:plc:n',
      record: { $type: 'app.bsky.feed.post', text: 'Night shift', createdAt: '2026-12-01T22:00:00Z', langs: ['en-GB'] },
      timeUs: Date.parse('2026-12-01T22:00:01Z') * 1000,
    };
    const withProfile = transformStreamPost(
      ev,
      { did: 'did:plc:n', handle: 'sam.bsky.social', description: 'Staff nurse, views my own' },
      pseudonymise,
    );
    expect(withProfile.ok && withProfile.draft).toMatchObject({
      platform: 'bluesky',
      externalId: ev.uri,
      url: 'https://bsky.app/profile/did:plc:n/post/3k',
      lang: 'en',
      authorVoice: { voice: 'staff', profileSeen: true },
    });
    // No profile (the AppView failed): no voice judgement, the stored one applies.
    const without = transformStreamPost(ev, undefined, pseudonymise);
    expect(without.ok && without.draft.authorVoice).toBeUndefined();
    const bad = transformStreamPost({ ...ev, record: { ...ev.record, createdAt: 'soon' } }, undefined, pseudonymise);
    expect(bad).toMatchObject({ ok: false, id: ev.uri });
  });

  it('asks the instance for posts only, from the cursor when there is one', () => {
    expect(jetstreamUrl('wss://js.example/subscribe', null)).toBe(
      'wss://js.example/subscribe?wantedCollections=app.bsky.feed.post',
    );
    expect(jetstreamUrl('wss://js.example/subscribe?wantedCollections=x&cursor=1', 1_733_000_000_000_000)).toBe(
      'wss://js.example/subscribe?wantedCollections=app.bsky.feed.post&cursor=1733000000000000',
    );
  });

  it('refuses a stream address that is not a WebSocket', () => {
    expect(zJetstreamConfig.safeParse({ endpoint: 'https://js.example/subscribe' }).success).toBe(false);
    expect(zJetstreamConfig.parse({}).endpoint).toBe('wss://jetstream2.us-east.bsky.network/subscribe');
  });
});
