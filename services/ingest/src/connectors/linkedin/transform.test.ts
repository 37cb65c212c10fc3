import { describe, expect, it } from 'vitest';
import { encodeUrn } from './client';
import { readList, transformComment, transformPost } from './transform';

const ORG = 'urn:li:organization:2414183';
const pseudonymise = (platform: string, handle: string) => `p(${platform}:${handle})`;
const POST = 'urn:li:share:7000000000000000001';

describe('linkedin transform', () => {
  it('makes the organisation’s post its voice, with the edit time as version', () => {
    const r = transformPost(
      {
        id: POST,
        author: ORG,
        commentary: 'Welcome to our new nurses',
        createdAt: 1_796_000_000_000,
        publishedAt: 1_796_000_060_000,
        lastModifiedAt: 1_796_000_600_000,
        lifecycleState: 'PUBLISHED',
        visibility: 'PUBLIC',
      },
      ORG,
      pseudonymise,
    );
    expect(r.ok && r.draft).toMatchObject({
      platform: 'linkedin',
      externalId: POST,
      url: `https://www.linkedin.com/feed/update/${POST}/`,
      publishedAt: new Date(1_796_000_060_000).toISOString(),
      authorVoice: { voice: 'org' },
      version: new Date(1_796_000_600_000).toISOString(),
    });
  });

  it('counts a member commenting as the public (LinkedIn shows no profile), pseudonymised', () => {
    const comment = 'urn:li:comment:(urn:li:activity:71,69)';
    const r = transformComment(
      {
        actor: 'urn:li:person:abc',
        commentUrn: comment,
        message: { text: 'Proud to work here', attributes: [] },
        created: { actor: 'urn:li:person:abc', time: 1_796_000_000_000 },
        lastModified: { actor: 'urn:li:person:abc', time: 1_796_000_000_000 },
        likesSummary: { totalLikes: 3 },
      },
      POST,
      ORG,
      pseudonymise,
    );
    expect(r.ok && r.draft).toMatchObject({
      externalId: comment,
      authorPseudonym: 'p(linkedin:urn:li:person:abc)',
      authorVoice: { voice: 'public', profileSeen: false },
      metrics: { reposts: 0, likes: 3, replies: 0 },
      version: '',
    });
    expect(r.ok && r.draft.url).toContain('commentUrn=urn%3Ali%3Acomment');
  });

  it('quarantines what it cannot read, and encodes URNs the way Rest.li needs', () => {
    expect(transformPost({ id: POST, author: ORG, createdAt: 'Tuesday' }, ORG, pseudonymise)).toMatchObject({
      ok: false,
      id: POST,
      reason: expect.stringMatching(/createdAt/),
    });
    expect(() => readList({ elements: 3 }, 'posts')).toThrow(/not a LinkedIn collection/);
    expect(encodeUrn('urn:li:comment:(urn:li:activity:71,69)')).toBe(
      'urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A71%2C69%29',
    );
  });
});
