/**
 * Payload shapes the receiving services define: Teams Workflows webhooks take an Adaptive Card
 * wrapped in a message, Slack incoming webhooks take Block Kit. Typed so a layout change cannot
 * quietly send something the service rejects.
 */
import { OPEN_LABEL } from './message-parts';

export type CardElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      weight?: 'bolder';
      size?: 'medium';
      isSubtle?: boolean;
    }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      // 1.4 is the newest version Teams renders in webhook cards.
      version: '1.4';
      body: CardElement[];
      actions: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
    };
  }>;
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> }
  | {
      type: 'actions';
      elements: Array<{ type: 'button'; text: { type: 'plain_text'; text: string }; url: string }>;
    };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

// Slack's limits; longer text makes the whole message fail, not just that block.
export const SLACK_HEADER_MAX = 150;
export const SLACK_SECTION_MAX = 3000;
export const SLACK_FALLBACK_MAX = 3000;
export const SUBJECT_MAX = 200;

export function teamsCard(body: CardElement[], link: string): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: OPEN_LABEL, url: link }],
        },
      },
    ],
  };
}

export function textBlock(text: string, extra: Partial<Extract<CardElement, { type: 'TextBlock' }>> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** Slack's own rule: only &, < and > are escaped, as entities; nothing else is. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function slackOpenButton(link: string): SlackBlock {
  return {
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: OPEN_LABEL }, url: link }],
  };
}
