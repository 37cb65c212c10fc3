import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for publishers' feeds: RSS 2.0 (news), Atom (a trust blog) and an RSS podcast
 * feed with enclosures and itunes:* tags, served with ETag and Last-Modified and answering
 * If-None-Match / If-Modified-Since with 304 (RFC 9110 §13.1: If-None-Match wins when both are
 * sent), plus scripted faults (410, 429 with Retry-After, 500, 403, 401) and raw bodies.
 */
export type FeedKind = 'rss' | 'atom' | 'podcast';

export interface FixtureItem {
  /** guid (RSS) or id (Atom); null leaves it out so the link is the key. */
  id: string | null;
  link: string | null;
  title: string;
  html: string;
  /** As written in pubDate or published: tests break it on purpose. */
  date: string;
  updated?: string;
  author?: string;
  /** Podcast episodes: show notes in itunes:summary. */
  summary?: string;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Feed {
  kind: FeedKind;
  items: FixtureItem[];
  raw?: { body: string; contentType: string };
  /** Bumped on every change: Last-Modified is derived from it so it always moves forward. */
  revision: number;
}

export interface RssFixture {
  url: string;
  feedUrl(path: string): string;
  /** Serves `items` (newest first as feeds list them) at `path`. */
  setFeed(path: string, kind: FeedKind, items: FixtureItem[]): void;
  /** Serves this body as is (a broken feed, an HTML error page). */
  setRaw(path: string, body: string, contentType?: string): void;
  fail(...faults: Fault[]): void;
  requests: Array<{ path: string; ifNoneMatch: string | null; ifModifiedSince: string | null; status: number }>;
  close(): Promise<void>;
}

const BASE = Date.UTC(2025, 0, 6, 9);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tag = (name: string, v: string | null | undefined, attrs = '') =>
  v === null || v === undefined ? '' : `<${name}${attrs}>${esc(v)}</${name}>`;

/** An RFC 822 date, n hours after a fixed start, as RSS writes pubDate. */
export const rfc822 = (hours: number) => new Date(BASE + hours * 3_600_000).toUTCString();
export const iso = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();

export function newsItem(n: number, over: Partial<FixtureItem> = {}): FixtureItem {
  return {
    id: `https://trust.example.nhs.uk/news/${n}`,
    link: `https://trust.example.nhs.uk/news/${n}`,
    title: `Ward ${n} reopens after refurbishment`,
    html: `<p>Staff on ward ${n} thanked patients &amp; families for their <b>patience</b>.</p><p><a href="https://trust.example.nhs.uk/">Read more</a></p>`,
    date: rfc822(n),
    author: 'Press Office',
    ...over,
  };
}

function rssItem(i: FixtureItem, podcast: boolean): string {
  const guid = i.id === null ? '' : `<guid isPermaLink="${i.id === i.link}">${esc(i.id)}</guid>`;
  const episode = podcast
    ? `<enclosure url="${esc(i.link ?? 'https://pod.example/ep.mp3')}.mp3" length="1234567" type="audio/mpeg"/>` +
      `<itunes:duration>00:31:07</itunes:duration>${tag('itunes:summary', i.summary)}`
    : '';
  return `<item>${tag('title', i.title)}${tag('link', i.link)}${guid}<description><![CDATA[${i.html}]]></description>${tag('pubDate', i.date)}${tag('dc:creator', podcast ? undefined : i.author)}${episode}</item>`;
}

function atomEntry(i: FixtureItem): string {
  const link = i.link ? `<link rel="alternate" type="text/html" href="${esc(i.link)}"/>` : '';
  const author = i.author ? `<author><name>${esc(i.author)}</name></author>` : '';
  return `<entry>${tag('id', i.id)}${tag('title', i.title, ' type="text"')}${link}${tag('published', i.date)}${tag('updated', i.updated ?? i.date)}${author}<summary type="html">${esc(i.html)}</summary></entry>`;
}

export function renderFeed(kind: FeedKind, items: FixtureItem[], self: string): string {
  if (kind === 'atom')
    return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB"><title>Trust blog</title><id>${esc(self)}</id><updated>${iso(0)}</updated><link rel="self" href="${esc(self)}"/>${items.map(atomEntry).join('')}</feed>`;
  const show =
    kind === 'podcast' ? '<itunes:author>NHS Voices</itunes:author><itunes:explicit>false</itunes:explicit>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Trust news</title><link>https://trust.example.nhs.uk/</link><description>News</description><language>en-gb</language><atom:link href="${esc(self)}" rel="self" type="application/rss+xml"/>${show}${items.map((i) => rssItem(i, kind === 'podcast')).join('')}</channel></rss>`;
}

export async function startRssFixture(): Promise<RssFixture> {
  const feeds = new Map<string, Feed>();
  const faults: Fault[] = [];
  const requests: RssFixture['requests'] = [];
  let revision = 0;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    const header = (h: string) => (typeof req.headers[h] === 'string' ? (req.headers[h] as string) : null);
    const request = {
      path,
      ifNoneMatch: header('if-none-match'),
      ifModifiedSince: header('if-modified-since'),
      status: 0,
    };
    requests.push(request);
    const reply = (status: number, headers: Record<string, string>, body = '') => {
      request.status = status;
      res.writeHead(status, headers).end(body);
    };
    const fault = faults.shift();
    if (fault)
      return reply(fault.status, { 'content-type': 'text/html', ...fault.headers }, fault.body ?? '<h1>error</h1>');
    const feed = feeds.get(path);
    if (!feed || req.method !== 'GET') return reply(404, { 'content-type': 'text/html' }, '<h1>Not found</h1>');
    const self = `http://${req.headers.host}${path}`;
    const body = feed.raw?.body ?? renderFeed(feed.kind, feed.items, self);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = new Date(BASE + feed.revision * 60_000).toUTCString();
    const validators = { etag, 'last-modified': lastModified, 'cache-control': 'max-age=300' };
    const unchanged =
      request.ifNoneMatch !== null
        ? request.ifNoneMatch.split(/\s*,\s*/).includes(etag)
        : request.ifModifiedSince !== null && Date.parse(request.ifModifiedSince) >= Date.parse(lastModified);
    if (unchanged) return reply(304, validators);
    const type = feed.raw?.contentType ?? (feed.kind === 'atom' ? 'application/atom+xml' : 'application/rss+xml');
    reply(200, { 'content-type': `${type}; charset=utf-8`, ...validators }, body);
  };

  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feedUrl: (path) => `${url}${path}`,
    setFeed(path, kind, items) {
      feeds.set(path, { kind, items, revision: ++revision });
    },
    setRaw(path, body, contentType = 'text/html') {
      const feed = feeds.get(path) ?? { kind: 'rss', items: [], revision: 0 };
      feeds.set(path, { ...feed, raw: { body, contentType }, revision: ++revision });
    },
    fail(...f) {
      faults.push(...f);
    },
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
