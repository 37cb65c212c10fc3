import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { parseFeed } from './feed';
import { newsItem, renderFeed, rfc822 } from './rss-fixture';
import { transformEntry, type EntryResult } from './transform';

const pseudonymise = createPseudonymiser('k'.repeat(32));
const FEED = 'https://trust.example.nhs.uk/feed.xml';

function entries(xml: string): EntryResult[] {
  const parsed = parseFeed(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  const { kind, lang, author } = parsed.feed;
  return parsed.feed.entries.map((e) => transformEntry(e, { feedUrl: FEED, kind, lang, author, pseudonymise }));
}
const draftOf = (r: EntryResult | undefined) => {
  if (!r?.ok) throw new Error(r?.reason ?? 'no entry');
  return r.draft;
};

describe('rss transform', () => {
  it('maps an RSS item: guid as key, title and plain-text description, RFC 822 date, pseudonymous author', () => {
    const d = draftOf(entries(renderFeed('rss', [newsItem(3)], FEED))[0]);
    expect(d).toMatchObject({
      platform: 'rss',
      externalId: 'https://trust.example.nhs.uk/news/3',
      url: 'https://trust.example.nhs.uk/news/3',
      publishedAt: '2025-01-06T12:00:00.000Z',
      text: 'Ward 3 reopens after refurbishment\n\nStaff on ward 3 thanked patients & families for their patience.\nRead more',
      lang: 'en',
      metrics: {},
      synthetic: false,
      version: '',
    });
    expect(d.authorPseudonym).toBe(pseudonymise('rss', 'Press Office@trust.example.nhs.uk'));
    expect(JSON.stringify(d)).not.toContain('Press Office');
  });

  it('judges the voice from the byline and the feed site: a trust feed is the trust, a news byline is public', () => {
    const item = newsItem(6, { author: 'Jo Bloggs' });
    const own = draftOf(entries(renderFeed('rss', [item], FEED))[0]);
    expect(own.authorVoice).toEqual({
      voice: 'org',
      evidence: [{ field: 'website', term: 'example.nhs.uk' }],
      profileSeen: false,
    });
    const news = 'https://news.example.co.uk/health/rss';
    const voiceOn = (author: string | undefined) => {
      const parsed = parseFeed(renderFeed('rss', [newsItem(7, { author })], news));
      if (!parsed.ok) throw new Error(parsed.reason);
      const { kind, lang } = parsed.feed;
      const d = draftOf(
        transformEntry(parsed.feed.entries[0]!, { feedUrl: news, kind, lang, author: null, pseudonymise }),
      );
      expect(JSON.stringify(d)).not.toMatch(/Jo Bloggs|Anytown/);
      return d.authorVoice;
    };
    expect(voiceOn('Jo Bloggs')).toEqual({ voice: 'public', evidence: [], profileSeen: false });
    expect(voiceOn(undefined)).toEqual({ voice: 'public', evidence: [], profileSeen: false });
    expect(voiceOn('Anytown NHS Foundation Trust')).toEqual({
      voice: 'org',
      evidence: [{ field: 'name', term: 'nhs foundation trust' }],
      profileSeen: false,
    });
  });

  it('qualifies a bare guid with the feed URL and falls back to the link when there is no guid', () => {
    const [bare, none] = entries(
      renderFeed('rss', [newsItem(1, { id: '0042' }), newsItem(2, { id: null, link: '/news/2' })], FEED),
    );
    expect(draftOf(bare).externalId).toBe(`${FEED}#0042`);
    expect(draftOf(none).externalId).toBe('https://trust.example.nhs.uk/news/2');
  });

  it('uses the episode title and itunes:summary for a podcast episode, with the show as author', () => {
    const ep = newsItem(5, { title: 'Episode 5: night shifts', summary: 'Two nurses on twelve-hour nights.' });
    const d = draftOf(entries(renderFeed('podcast', [ep], FEED))[0]);
    expect(d.text).toBe('Episode 5: night shifts\n\nTwo nurses on twelve-hour nights.');
    expect(d.authorPseudonym).toBe(pseudonymise('rss', 'NHS Voices@trust.example.nhs.uk'));
  });

  it('maps an Atom entry, with a later `updated` as its edit version', () => {
    const item = newsItem(4, { id: 'tag:trust.example.nhs.uk,2025:post-4', date: '2025-01-06T13:00:00Z' });
    const [plain, edited] = entries(
      renderFeed('atom', [item, { ...item, id: 'urn:uuid:5', updated: '2025-01-07T08:00:00+00:00' }], FEED),
    );
    expect(draftOf(plain)).toMatchObject({
      externalId: 'tag:trust.example.nhs.uk,2025:post-4',
      url: 'https://trust.example.nhs.uk/news/4',
      publishedAt: '2025-01-06T13:00:00.000Z',
      text: 'Ward 4 reopens after refurbishment\n\nStaff on ward 4 thanked patients & families for their patience.\nRead more',
      version: '',
      lang: 'en',
    });
    expect(draftOf(edited).version).toBe('2025-01-07T08:00:00.000Z');
  });

  it('reads Atom xhtml and text content', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:a</id><title>T &amp; U</title><updated>2025-01-06T09:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One <b>bold</b> &amp; two</p></div></content></entry><entry><id>urn:b</id><title>T</title><updated>2025-01-06T09:00:00Z</updated><summary>a &lt; b</summary></entry></feed>`;
    const [x, t] = entries(xml);
    expect(draftOf(x).text).toBe('T & U\n\nOne bold & two');
    expect(draftOf(t).text).toBe('T\n\na < b');
  });

  it('explains why an item is rejected', () => {
    const [badDate, noDate, noId] = entries(
      renderFeed(
        'rss',
        [newsItem(1, { date: 'last Tuesday' }), newsItem(2, { date: '' }), newsItem(3, { id: null, link: null })],
        FEED,
      ),
    );
    expect(badDate).toMatchObject({ ok: false, id: 'https://trust.example.nhs.uk/news/1' });
    expect(!badDate!.ok && badDate!.reason).toMatch(/pubDate "last Tuesday" is not an RFC 822/);
    expect(!noDate!.ok && noDate!.reason).toMatch(/no pubDate/);
    expect(noId).toMatchObject({ ok: false, id: null });
    expect(!noId!.ok && noId!.reason).toMatch(/no guid or link/);
  });

  it('tells feeds from other documents', () => {
    expect(parseFeed('<html><body><p>Just a moment...<br></body></html>')).toMatchObject({ ok: false });
    expect(parseFeed('<html><body/></html>')).toEqual({
      ok: false,
      reason: 'this address is not a feed (XML but not an RSS 2.0 or Atom feed: root element <html>)',
    });
    expect(parseFeed('{"items":[]}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^this address is not a feed \(not XML/),
    });
    expect(parseFeed(renderFeed('rss', [], FEED))).toMatchObject({ ok: true, feed: { kind: 'rss', entries: [] } });
    expect(rfc822(0)).toBe('Mon, 06 Jan 2025 09:00:00 GMT');
  });
});
