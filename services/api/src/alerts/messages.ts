/** What each channel sends for one firing. Digests of held firings are in ./digests. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertFiring } from '@lp/contracts/alerts';
import {
  type CardElement,
  type EmailMessage,
  type SlackBlock,
  type SlackMessage,
  type TeamsMessage,
  SLACK_FALLBACK_MAX,
  SLACK_HEADER_MAX,
  SLACK_SECTION_MAX,
  SUBJECT_MAX,
  escapeHtml,
  escapeSlack,
  slackOpenButton,
  teamsCard,
  textBlock,
} from './channel-shapes';
import {
  OPEN_LABEL,
  clipEscaped,
  factsOf,
  oneLine,
  postTexts,
  sourcesLine,
  termsLine,
  truncate,
} from './message-parts';

export { formatWindow } from './message-parts';
export { emailDigest, slackDigest, teamsDigest } from './digests';
export type { EmailMessage, SlackMessage, TeamsMessage } from './channel-shapes';

export const SIGNATURE_HEADER = 'X-LP-Signature';

/** The plain-words line every channel leads with. */
export function summaryLine(f: AlertFiring): string {
  return oneLine(f.summary);
}

/** Teams renders markdown in a TextBlock: a post must not be able to put its own link in the card. */
const defuseLinks = (text: string) => text.replace(/\]\s*\(/g, '] \u200b(');

export function teamsMessage(f: AlertFiring): TeamsMessage {
  const body: CardElement[] = [
    textBlock(f.alertName, { weight: 'bolder', size: 'medium' }),
    textBlock(summaryLine(f)),
    { type: 'FactSet', facts: factsOf(f) },
  ];
  const terms = termsLine(f);
  if (terms !== null) body.push(textBlock(`Terms that stand out: ${terms}`));
  for (const text of postTexts(f)) body.push(textBlock(defuseLinks(text), { isSubtle: true }));
  const sources = sourcesLine(f);
  if (sources !== null) body.push(textBlock(`Sources: ${sources}`, { isSubtle: true }));
  return teamsCard(body, f.link);
}

function section(raw: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clipEscaped(raw, SLACK_SECTION_MAX, escapeSlack) } };
}

export function slackMessage(f: AlertFiring): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(oneLine(f.alertName), SLACK_HEADER_MAX) } },
    section(summaryLine(f)),
  ];
  // Labels are added after escaping so their *bold* markers survive; values are escaped.
  const facts = factsOf(f)
    .map((x) => `*${x.title}:* ${escapeSlack(x.value)}`)
    .join('\n');
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(facts, SLACK_SECTION_MAX) } });
  const terms = termsLine(f);
  if (terms !== null) blocks.push(section(`Terms that stand out: ${terms}`));
  for (const text of postTexts(f)) blocks.push(section(`> ${text}`));
  const sources = sourcesLine(f);
  if (sources !== null) blocks.push(section(`Sources: ${sources}`));
  blocks.push(slackOpenButton(f.link));
  return { text: clipEscaped(`${f.alertName}: ${summaryLine(f)}`, SLACK_FALLBACK_MAX, escapeSlack), blocks };
}

export function emailMessage(f: AlertFiring): EmailMessage {
  const subject = truncate(oneLine(`[Listening Post] ${f.alertName}: ${f.summary}`), SUBJECT_MAX);
  const facts = factsOf(f);
  const terms = termsLine(f);
  const posts = postTexts(f);
  const sources = sourcesLine(f);

  const text = [
    f.alertName,
    '',
    summaryLine(f),
    '',
    ...facts.map((x) => `${x.title}: ${x.value}`),
    ...(terms === null ? [] : ['', `Terms that stand out: ${terms}`]),
    ...(posts.length === 0 ? [] : ['', 'Posts:', ...posts.map((p) => `  "${p}"`)]),
    ...(sources === null ? [] : ['', `Sources: ${sources}`]),
    '',
    `${OPEN_LABEL}: ${f.link}`,
  ].join('\n');

  const e = escapeHtml;
  const html = [
    `<h2>${e(f.alertName)}</h2>`,
    `<p>${e(summaryLine(f))}</p>`,
    `<table>${facts.map((x) => `<tr><th align="left">${e(x.title)}</th><td>${e(x.value)}</td></tr>`).join('')}</table>`,
    terms === null ? '' : `<p><strong>Terms that stand out:</strong> ${e(terms)}</p>`,
    posts.length === 0 ? '' : posts.map((p) => `<blockquote>${e(p)}</blockquote>`).join(''),
    sources === null ? '' : `<p><small>Sources: ${e(sources)}</small></p>`,
    `<p><a href="${e(f.link)}">${e(OPEN_LABEL)}</a></p>`,
  ].join('\n');

  return { subject, text, html };
}

function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * A generic webhook's request: the firing itself as JSON, signed when the channel has a secret so
 * the receiver can tell it came from us and was not altered on the way.
 */
export function webhookRequest(
  f: AlertFiring,
  secret: string | undefined,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(f);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers[SIGNATURE_HEADER] = sign(body, secret);
  return { body, headers };
}

/** What a receiver does with `X-LP-Signature`; constant-time so the check leaks nothing by timing. */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(sign(body, secret), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
