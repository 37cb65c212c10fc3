import { describe, expect, it } from 'vitest';
import { graphTime, readList, transformComment, transformPost } from './transform';

const PAGE = '104000000000001';
const pseudonymise = (platform: string, handle: string) => `p(${platform}:${handle})`;

/** A Page feed post with the fields POST_FIELDS asks for, in the Graph API's documented shape. */
const post = (over: Record<string, unknown> = {}) => ({
  id: `${PAGE}_9001`,
  message: 'Our ED team worked through the storm. Thank you.',
  created_time: '2026-12-03T09:15:00+0000',
  permalink_url: `https://www.facebook.com/${PAGE}/posts/9001`,
  from: { id: PAGE, name: 'Example NHS Foundation Trust' },
  shares: { count: 3 },
  reactions: { data: [], summary: { total_count: 41 } },
  comments: { data: [], summary: { total_count: 6 } },
  ...over,
});

describe('facebook transform', () => {
  it('reads Graph times without the offset colon', () => {
    expect(graphTime('2026-12-03T09:15:00+0000')).toBe('2026-12-03T09:15:00.000Z');
    expect(graphTime('2026-12-03T10:15:00+0100')).toBe('2026-12-03T09:15:00.000Z');
    expect(graphTime('last week')).toBeNull();
  });

  it('makes the Page’s own post the organisation’s voice, with its counts', () => {
    const r = transformPost(post(), PAGE, pseudonymise);
    expect(r.ok && r.draft).toMatchObject({
      platform: 'facebook',
      externalId: `${PAGE}_9001`,
      url: `https://www.facebook.com/${PAGE}/posts/9001`,
      publishedAt: '2026-12-03T09:15:00.000Z',
      metrics: { reposts: 3, likes: 41, replies: 6 },
      authorVoice: { voice: 'org', evidence: [], profileSeen: true },
      version: '',
    });
  });

  it('judges a commenter from the name shown; without `from` the author is unknown', () => {
    const c = transformComment(
      {
        id: '9001_501',
        message: 'Staff nurse here, proud of my ward',
        created_time: '2026-12-03T10:00:00+0000',
        from: { id: '770001', name: 'Sam Staff Nurse' },
        like_count: 2,
        comment_count: 1,
      },
      PAGE,
      pseudonymise,
    );
    expect(c.ok && c.draft.authorPseudonym).toBe('p(facebook:770001)');
    expect(c.ok && c.draft.url).toBe('https://www.facebook.com/9001_501');
    const anon = transformComment(
      { id: '9001_502', message: 'hi', created_time: '2026-12-03T10:00:00+0000' },
      PAGE,
      pseudonymise,
    );
    expect(anon.ok && anon.draft.authorPseudonym).toBeNull();
    expect(anon.ok && anon.draft.authorVoice?.voice).toBe('public');
  });

  it('quarantines a post it cannot read, and reads paging only when there is a next page', () => {
    expect(transformPost(post({ created_time: 'soon' }), PAGE, pseudonymise)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/created_time "soon"/),
    });
    expect(transformPost(post({ id: 'abc' }), PAGE, pseudonymise)).toMatchObject({ ok: false, id: 'abc' });
    expect(readList({ data: [], paging: { cursors: { after: 'A' } } }, 'feed').after).toBeNull();
    expect(readList({ data: [], paging: { cursors: { after: 'A' }, next: 'https://x' } }, 'feed').after).toBe('A');
  });
});
