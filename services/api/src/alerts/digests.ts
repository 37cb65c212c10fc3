/**
 * One message per channel for the firings a rule held during quiet hours, sent when they end, so a
 * night's alerts arrive as a single list rather than a burst at 07:00.
 */
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
import { OPEN_LABEL, clipEscaped, digestItems, digestTitle, formatWindow, oneLine, truncate } from './message-parts';

const INTRO = 'Held during quiet hours and sent together now they have ended.';

function moreLine(more: number): string | null {
  return more === 0 ? null : `and ${more} more`;
}

export function teamsDigest(ruleName: string, firings: AlertFiring[], link: string): TeamsMessage {
  const { shown, more } = digestItems(firings);
  const body: CardElement[] = [
    textBlock(digestTitle(ruleName, firings.length), { weight: 'bolder', size: 'medium' }),
    textBlock(INTRO, { isSubtle: true }),
    ...shown.map((f) => textBlock(`${formatWindow(f.window)} — ${oneLine(f.summary)}`)),
  ];
  const tail = moreLine(more);
  if (tail !== null) body.push(textBlock(tail, { isSubtle: true }));
  return teamsCard(body, link);
}

export function slackDigest(ruleName: string, firings: AlertFiring[], link: string): SlackMessage {
  const { shown, more } = digestItems(firings);
  const title = digestTitle(ruleName, firings.length);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(oneLine(title), SLACK_HEADER_MAX) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: INTRO }] },
    ...shown.map((f): SlackBlock => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        // The window is ours (digits and month names), so bolding it cannot break on user text.
        text: `*${formatWindow(f.window)}*\n${clipEscaped(oneLine(f.summary), SLACK_SECTION_MAX - 80, escapeSlack)}`,
      },
    })),
  ];
  const tail = moreLine(more);
  if (tail !== null) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: tail } });
  blocks.push(slackOpenButton(link));
  return { text: clipEscaped(title, SLACK_FALLBACK_MAX, escapeSlack), blocks };
}

export function emailDigest(ruleName: string, firings: AlertFiring[], link: string): EmailMessage {
  const { shown, more } = digestItems(firings);
  const title = digestTitle(ruleName, firings.length);
  const tail = moreLine(more);
  const lines = shown.map((f) => `${formatWindow(f.window)} — ${oneLine(f.summary)}`);

  const text = [
    title,
    '',
    INTRO,
    '',
    ...lines.map((l) => `- ${l}`),
    ...(tail === null ? [] : [tail]),
    '',
    `${OPEN_LABEL}: ${link}`,
  ].join('\n');
  const e = escapeHtml;
  const html = [
    `<h2>${e(title)}</h2>`,
    `<p>${e(INTRO)}</p>`,
    `<ul>${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
    tail === null ? '' : `<p>${e(tail)}</p>`,
    `<p><a href="${e(link)}">${e(OPEN_LABEL)}</a></p>`,
  ].join('\n');

  return { subject: truncate(oneLine(`[Listening Post] ${title}`), SUBJECT_MAX), text, html };
}
