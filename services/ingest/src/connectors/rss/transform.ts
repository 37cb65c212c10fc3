import { createHash } from 'node:crypto';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';
import { parseFeedDate } from './dates';
import { asList, attrOf, textOf, type FeedKind, type XmlNode } from './feed';
import { atomTextToPlain, htmlToPlainText } from './html';

export interface FeedContext {
  feedUrl: string;
  kind: FeedKind;
  lang: string | null;
  author: string | null;
  pseudonymise: Pseudonymise;
}

export type EntryResult =
  | { ok: true; key: string; hash: string; draft: PostDraft }
  | { ok: false; key: string; hash: string; id: string | null; reason: string };

/** What RSS items and Atom entries have in common, before validation. */
interface Fields {
  id: string | null;
  url: string | null;
  title: string;
  body: string;
  /** The title and body as published: their hash tells an edited item from an unchanged one. */
  hashed: string;
  dateName: string;
  date: string | undefined;
  updated: string | undefined;
  author: string | null;
  lang: string | null;
}

export const shortHash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 12);

const isAbsoluteUri = (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s);

function resolveUrl(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * guid and Atom id are meant to be globally unique, so they are kept as they are (one article in two
 * feeds is one post). A bare guid like "1234" is only unique within its feed: it is qualified with
 * the feed URL so two feeds' item 1234 never merge.
 */
const qualifyId = (id: string, feedUrl: string) => (isAbsoluteUri(id) ? id : `${feedUrl}#${id}`);

/** RSS <author> is "email (Name)": keep the name, so it pseudonymises like dc:creator's. */
const authorName = (a: string | undefined) => a?.replace(/^\S+@\S+\s*\((.+)\)$/, '$1').trim() || undefined;

function rssFields(item: XmlNode, ctx: FeedContext): Fields {
  const guid = textOf(item.guid);
  const link = resolveUrl(textOf(item.link), ctx.feedUrl);
  const guidIsLink = attrOf(item.guid, 'isPermaLink') !== 'false';
  const episode =
    asList(item.enclosure).some((e) => /^(audio|video)\//i.test(attrOf(e, 'type') ?? '')) ||
    item['itunes:summary'] !== undefined ||
    item['itunes:duration'] !== undefined;
  const description = textOf(item.description) ?? textOf(item['content:encoded']);
  // A podcast's itunes:summary is its show notes, written for listeners; prefer it for episodes.
  const source = (episode ? textOf(item['itunes:summary']) : undefined) ?? description ?? '';
  const title = htmlToPlainText(textOf(item.title) ?? '');
  return {
    id: guid ? qualifyId(guid, ctx.feedUrl) : link,
    url: link ?? (guid && guidIsLink ? resolveUrl(guid, ctx.feedUrl) : null),
    title,
    body: htmlToPlainText(source),
    hashed: `${textOf(item.title) ?? ''}\n${source}`,
    dateName: 'pubDate',
    date: textOf(item.pubDate) ?? textOf(item['dc:date']),
    updated: undefined,
    author:
      authorName(textOf(item['dc:creator']) ?? textOf(item.author) ?? textOf(item['itunes:author'])) ??
      (episode ? ctx.author : null),
    lang: ctx.lang,
  };
}

function atomFields(entry: XmlNode, ctx: FeedContext): Fields {
  const id = textOf(entry.id);
  const links = asList(entry.link);
  const alternate = links.find((l) => (attrOf(l, 'rel') ?? 'alternate') === 'alternate');
  const summary = entry.summary ?? entry.content;
  const rawBody = textOf(summary) ?? '';
  const rawTitle = textOf(entry.title) ?? '';
  const published = textOf(entry.published);
  return {
    id: id ? qualifyId(id, ctx.feedUrl) : resolveUrl(attrOf(alternate, 'href'), ctx.feedUrl),
    url: resolveUrl(attrOf(alternate, 'href'), ctx.feedUrl),
    title:
      attrOf(entry.title, 'type') === 'text' || !attrOf(entry.title, 'type') ? rawTitle : htmlToPlainText(rawTitle),
    body: atomTextToPlain(rawBody, attrOf(summary, 'type')),
    hashed: `${rawTitle}\n${rawBody}`,
    dateName: published ? 'published' : 'updated',
    date: published ?? textOf(entry.updated),
    updated: textOf(entry.updated),
    author: textOf(asList(entry.author).map((a) => (a as XmlNode).name)[0]) ?? ctx.author,
    lang: attrOf(entry, 'xml:lang') ?? ctx.lang,
  };
}

/** "en-GB" → "en": the tagger keys its models on the primary language subtag. */
const primaryLanguage = (lang: string | null) =>
  /^([a-z]{2,3})(?:[-_]|$)/i.exec(lang ?? '')?.[1]?.toLowerCase() ?? null;

/** One RSS <item> or Atom <entry> to a post draft, or the reason it cannot be one. */
export function transformEntry(raw: XmlNode, ctx: FeedContext): EntryResult {
  const f = ctx.kind === 'rss' ? rssFields(raw, ctx) : atomFields(raw, ctx);
  const key = f.id ?? `raw:${shortHash(JSON.stringify(raw))}`;
  const hash = shortHash(f.hashed);
  const fail = (reason: string): EntryResult => ({ ok: false, key, hash, id: f.id, reason });
  if (!f.id) return fail(`${ctx.kind} entry has no ${ctx.kind === 'rss' ? 'guid or link' : 'id or link'}`);
  if (!f.date)
    return fail(`${ctx.kind} entry ${f.id} has no ${ctx.kind === 'rss' ? 'pubDate' : 'published or updated'}`);
  const publishedAt = parseFeedDate(f.date);
  if (!publishedAt)
    return fail(`${f.dateName} ${JSON.stringify(f.date.slice(0, 80))} is not an RFC 822 or ISO 8601 date`);
  const text = [f.title, f.body].filter(Boolean).join('\n\n');
  if (!text) return fail(`${ctx.kind} entry ${f.id} has neither title nor text`);
  const updatedAt = parseFeedDate(f.updated);
  const draft = zPostDraft.safeParse({
    platform: 'rss',
    externalId: f.id,
    url: f.url,
    publishedAt,
    text,
    lang: primaryLanguage(f.lang),
    authorPseudonym: f.author ? ctx.pseudonymise('rss', `${f.author}@${new URL(ctx.feedUrl).host}`) : null,
    // A feed has no profile: the byline is the author's name and the feed's site is where they
    // publish, so a trust's own feed (*.nhs.uk) is the trust's voice. Unseen: no bio.
    authorVoice: authorVoice({ displayName: f.author, website: ctx.feedUrl }),
    metrics: {},
    synthetic: false,
    // Atom says when an entry changed: a later `updated` is an edit that replaces the stored post.
    version: updatedAt && updatedAt > publishedAt ? updatedAt : '',
  });
  if (!draft.success)
    return fail(
      `entry ${f.id} is unusable: ${draft.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return { ok: true, key, hash, draft: draft.data };
}
