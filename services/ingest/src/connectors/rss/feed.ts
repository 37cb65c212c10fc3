import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type FeedKind = 'rss' | 'atom';
export type XmlNode = Record<string, unknown>;

export interface ParsedFeed {
  kind: FeedKind;
  /** Channel or feed language (RSS <language>, Atom xml:lang), as written. */
  lang: string | null;
  /** The feed-level author: an Atom entry inherits it; a podcast episode takes the show's itunes:author. */
  author: string | null;
  entries: XmlNode[];
}

export type FeedParse = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

/** Elements that may repeat: always arrays, so one and many read the same way. */
const REPEATED = new Set(['item', 'entry', 'link', 'enclosure', 'author', 'category']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Guids like "0042" must stay strings, not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
  // Atom text constructs are read raw, so type="xhtml" markup survives and type="html" is decoded once, by us.
  stopNodes: ['feed.entry.summary', 'feed.entry.content'],
});

/** The text of an element parsed either as a bare string or as an object with attributes. */
export function textOf(node: unknown): string | undefined {
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return textOf((node as XmlNode)['#text']);
  return undefined;
}

export function attrOf(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = (node as XmlNode)[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

export const asList = (v: unknown): unknown[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];
const asNode = (v: unknown): XmlNode => (v && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : {});

/**
 * Reads a feed document. Anything that is not well-formed XML with an <rss><channel> or <feed>
 * root is rejected with a reason: the caller quarantines the payload instead of guessing.
 */
export function parseFeed(xml: string): FeedParse {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return { ok: false, reason: `this address is not a feed (not XML: ${valid.err.msg}, line ${valid.err.line})` };
  let doc: XmlNode;
  try {
    doc = asNode(parser.parse(xml));
  } catch (err) {
    return { ok: false, reason: `this address is not a feed (its XML could not be read: ${(err as Error).message})` };
  }
  const rss = asNode(doc.rss);
  if ('channel' in rss) {
    const channel = asNode(rss.channel);
    return {
      ok: true,
      feed: {
        kind: 'rss',
        lang: textOf(channel.language) ?? null,
        author: textOf(channel['itunes:author']) ?? null,
        entries: asList(channel.item).map(asNode),
      },
    };
  }
  if ('feed' in doc) {
    const feed = asNode(doc.feed);
    return {
      ok: true,
      feed: {
        kind: 'atom',
        lang: attrOf(feed, 'xml:lang') ?? null,
        author: textOf(asNode(asList(feed.author)[0]).name) ?? null,
        entries: asList(feed.entry).map(asNode),
      },
    };
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? '(none)';
  return {
    ok: false,
    reason: `this address is not a feed (XML but not an RSS 2.0 or Atom feed: root element <${root}>)`,
  };
}
