import { describe, expect, it } from 'vitest';
import { parseThread, readList, transformComment } from './transform';

const pseudonymise = (platform: string, handle: string) => `p(${platform}:${handle.toLowerCase()})`;

/** A comment as commentThreads.list sends it (textFormat=plainText), from the documented resource. */
const comment = (over: Record<string, unknown> = {}) => ({
  kind: 'youtube#comment',
  etag: 'e',
  id: 'UgzAbc123',
  snippet: {
    channelId: 'UCtrustChannel0000000001',
    videoId: 'vid00000001',
    textDisplay: 'The midwives were <b>amazing</b>',
    textOriginal: 'The midwives were amazing',
    authorDisplayName: '@proud-dad',
    authorProfileImageUrl: 'https://yt3.ggpht.com/x',
    authorChannelUrl: 'http://www.youtube.com/@proud-dad',
    authorChannelId: { value: 'UCviewer000000000000001' },
    canRate: true,
    viewerRating: 'none',
    likeCount: 4,
    publishedAt: '2026-12-03T10:00:00Z',
    updatedAt: '2026-12-03T10:00:00Z',
    ...over,
  },
});

describe('youtube transform', () => {
  it('makes a draft from a comment: plain text, link to the comment, pseudonymised channel id', () => {
    const r = transformComment(comment(), { replyCount: 2 }, pseudonymise);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      platform: 'youtube',
      externalId: 'UgzAbc123',
      url: 'https://www.youtube.com/watch?v=vid00000001&lc=UgzAbc123',
      publishedAt: '2026-12-03T10:00:00.000Z',
      text: 'The midwives were amazing',
      authorPseudonym: 'p(youtube:ucviewer000000000000001)',
      metrics: { reposts: 0, likes: 4, replies: 2 },
      version: '',
    });
    expect(JSON.stringify(r.value)).not.toContain('proud-dad');
  });

  it('is the organisation when the channel answers on its own video, and versioned when edited', () => {
    const own = transformComment(
      comment({ authorChannelId: { value: 'UCtrustChannel0000000001' }, updatedAt: '2026-12-03T11:30:00Z' }),
      { ownerChannelId: 'UCtrustChannel0000000001' },
      pseudonymise,
    );
    expect(own.ok && own.value.authorVoice).toEqual({ voice: 'org', evidence: [], profileSeen: true });
    expect(own.ok && own.value.version).toBe('2026-12-03T11:30:00.000Z');
  });

  it('quarantines what it cannot read, with the reason', () => {
    const r = transformComment(comment({ publishedAt: 'yesterday' }), {}, pseudonymise);
    expect(r).toMatchObject({ ok: false, id: 'UgzAbc123', reason: expect.stringMatching(/publishedAt/) });
    expect(parseThread({ id: 't', snippet: 'x' })).toMatchObject({ ok: false, id: 't' });
    expect(() => readList({ items: 'nope' }, 'commentThreads')).toThrow(/not a YouTube list response/);
  });
});
