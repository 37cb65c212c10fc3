import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { makeStatus } from '../../testing/mastodon-fixture';
import { parseLinkHeader } from './client';
import { htmlToPlainText, transformStatus } from './transform';

const pseudonymise = createPseudonymiser('k'.repeat(32));

describe('mastodon transform', () => {
  it('turns HTML content into plain text', () => {
    expect(
      htmlToPlainText(
        '<p>Night shift done &amp; dusted.</p><p>Thank you <span class="h-card"><a href="https://x/@ward7" class="u-url mention">@<span>ward7</span></a></span> <a href="https://x/tags/NHS">#<span>NHS</span></a></p>',
      ),
    ).toBe('Night shift done & dusted.\nThank you @ward7 #NHS');
  });

  it('maps a status to a post draft keyed by its uri, with reach metrics and a pseudonym', () => {
    const status = makeStatus('nhs.social', '109', {
      language: 'en',
      reblogs_count: 4,
      favourites_count: 12,
      replies_count: 2,
    });
    const res = transformStatus(status, 'https://nhs.social', pseudonymise);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.draft).toMatchObject({
      platform: 'mastodon',
      externalId: 'https://nhs.social/users/nurse4/statuses/109',
      url: 'https://nhs.social/@nurse4/109',
      lang: 'en',
      metrics: { reposts: 4, likes: 12, replies: 2 },
      synthetic: false,
    });
    // A local acct is qualified with its instance, so the same person is one pseudonym everywhere.
    expect(res.draft.authorPseudonym).toBe(pseudonymise('mastodon', 'nurse4@nhs.social'));
    expect(JSON.stringify(res.draft)).not.toContain('nurse4@');
  });

  it('judges the author voice from the HTML note, the name and the profile links, keeping none of them', () => {
    const staff = transformStatus(makeStatus('h.test', '3'), 'https://h.test', pseudonymise);
    expect(staff.ok && staff.draft.authorVoice).toEqual({
      voice: 'staff',
      evidence: [
        { field: 'name', term: 'nurse' },
        { field: 'bio', term: 'staff nurse' },
        { field: 'bio', term: 'band 5' },
      ],
      profileSeen: true,
    });
    const account = {
      id: '9',
      acct: 'comms',
      url: 'https://h.test/@comms',
      display_name: 'Maternity Voices',
      note: '<p>Meet our <span>nurse</span> of the month!</p>',
      fields: [{ name: 'Web', value: '<a href="https://www.anytown.nhs.uk" rel="me"><span>anytown.nhs.uk</span></a>' }],
    };
    const org = transformStatus(makeStatus('h.test', '4', { account }), 'https://h.test', pseudonymise);
    expect(org.ok && org.draft.authorVoice).toEqual({
      voice: 'org',
      evidence: [{ field: 'website', term: 'anytown.nhs.uk' }],
      profileSeen: true,
    });
    expect(JSON.stringify(org)).not.toMatch(/Maternity|month|comms/);
    const bare = transformStatus(
      makeStatus('h.test', '5', { account: { acct: 'someone@other.test' } }),
      'https://h.test',
      pseudonymise,
    );
    expect(bare.ok && bare.draft.authorVoice).toEqual({ voice: 'public', evidence: [], profileSeen: false });
  });

  it('takes an NHS body in the display name for the organisation, even when its note mentions staff', () => {
    const account = {
      acct: 'anytownnhs',
      url: 'https://h.test/@anytownnhs',
      display_name: 'Anytown NHS Foundation Trust',
      note: '<p>Our nurses and midwives, every day.</p>',
    };
    const res = transformStatus(makeStatus('h.test', '6', { account }), 'https://h.test', pseudonymise);
    expect(res.ok && res.draft.authorVoice).toEqual({
      voice: 'org',
      evidence: [{ field: 'name', term: 'nhs foundation trust' }],
      profileSeen: true,
    });
  });

  it('puts a content warning before the body', () => {
    const res = transformStatus(
      makeStatus('h.test', '1', { spoiler_text: 'CW: death', content: '<p>Hard shift.</p>' }),
      'https://h.test',
      pseudonymise,
    );
    expect(res.ok && res.draft.text).toBe('CW: death\n\nHard shift.');
  });

  it('explains why a malformed status is rejected', () => {
    const res = transformStatus({ id: 'abc', uri: 'u', content: 1 }, 'https://h.test', pseudonymise);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.id).toBe('u');
    expect(res.reason).toMatch(/id status id must be numeric/);
    expect(res.reason).toMatch(/created_at/);
    expect(transformStatus(null, 'https://h.test', pseudonymise)).toMatchObject({ ok: false, id: null });
  });

  it('reads the Link header', () => {
    expect(
      parseLinkHeader(
        '<https://m.test/api/v1/timelines/tag/nhs?max_id=10>; rel="next", <https://m.test/api/v1/timelines/tag/nhs?min_id=20>; rel="prev"',
      ),
    ).toEqual({
      next: 'https://m.test/api/v1/timelines/tag/nhs?max_id=10',
      prev: 'https://m.test/api/v1/timelines/tag/nhs?min_id=20',
    });
    expect(parseLinkHeader(null)).toEqual({});
  });
});
