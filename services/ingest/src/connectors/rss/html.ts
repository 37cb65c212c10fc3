import { compile } from 'html-to-text';

/** Compiled once: html-to-text's convert() rebuilds its converter on every call, and a podcast feed has hundreds of items. */
const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'img', format: 'skip' },
    { selector: 'figure', format: 'skip' },
  ],
});

/** Feed HTML (descriptions, Atom html/xhtml content) to plain text: links keep their text, blocks become line breaks. */
export const htmlToPlainText = (html: string): string => convert(html).trim();

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (m, e: string) => {
    if (e[0] !== '#') return XML_ENTITIES[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** The character data of raw XML content: CDATA sections verbatim, entities decoded elsewhere. */
export function xmlCharacterData(raw: string): string {
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    out += decodeEntities(raw.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return out + decodeEntities(raw.slice(last));
}

/** An Atom text construct (RFC 4287 §3.1) read raw from the document, as plain text. */
export function atomTextToPlain(raw: string, type: string | undefined): string {
  if (type === 'xhtml') return htmlToPlainText(raw);
  const data = xmlCharacterData(raw);
  return type === 'html' ? htmlToPlainText(data) : data.replace(/\s+/g, ' ').trim();
}
