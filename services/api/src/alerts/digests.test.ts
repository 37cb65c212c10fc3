import { describe, expect, it } from 'vitest';
import { emailDigest, slackDigest, teamsDigest } from './messages';
import { ruleFiring } from './testing-firing';

const LINK = 'https://lp.example.nhs.uk/alerts/r7k2m9q4';

function night(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const from = new Date(Date.UTC(2026, 11, 3, 22, 0) + i * 5 * 60_000);
    const to = new Date(from.getTime() + 60 * 60_000);
    return ruleFiring({
      id: String(2000 + i),
      window: { from: from.toISOString(), to: to.toISOString() },
      summary: `Firing number ${i + 1} <${i}>`,
    });
  });
}

describe('teamsDigest', () => {
  it('is an Adaptive Card message listing each firing’s window and summary', () => {
    const msg = teamsDigest('Posts about our hospitals', night(2), LINK);
    const content = msg.attachments[0]?.content;
    expect(msg.type).toBe('message');
    expect(content?.type).toBe('AdaptiveCard');
    const texts = (content?.body ?? []).flatMap((b) => (b.type === 'TextBlock' ? [b.text] : []));
    expect(texts[0]).toBe('Posts about our hospitals: 2 alerts during quiet hours');
    expect(texts).toContain('Thu 3 Dec 22:00–23:00 — Firing number 1 <0>');
    expect(texts).toContain('Thu 3 Dec 22:05–23:05 — Firing number 2 <1>');
    expect(content?.actions[0]?.url).toBe(LINK);
  });

  it('lists at most 20 and counts the rest', () => {
    const texts = (teamsDigest('R', night(23), LINK).attachments[0]?.content.body ?? []).flatMap((b) =>
      b.type === 'TextBlock' ? [b.text] : [],
    );
    expect(texts.filter((t) => t.includes('Firing number'))).toHaveLength(20);
    expect(texts.at(-1)).toBe('and 3 more');
  });
});

describe('slackDigest', () => {
  it('has a header, one escaped section per firing, and the button', () => {
    const msg = slackDigest('Posts about our hospitals', night(1), LINK);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'actions']);
    const section = msg.blocks[2];
    expect(section?.type === 'section' && section.text.text).toBe('*Thu 3 Dec 22:00–23:00*\nFiring number 1 &lt;0&gt;');
    expect(msg.text).toBe('Posts about our hospitals: 1 alert during quiet hours');
  });

  it('stays well inside Slack’s 50-block limit for a long night', () => {
    const msg = slackDigest('R', night(200), LINK);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(msg.blocks.at(-2)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'and 180 more' } });
  });
});

describe('emailDigest', () => {
  it('lists the firings in text and escaped HTML', () => {
    const mail = emailDigest('Posts <about> us', night(21), LINK);
    expect(mail.subject).toBe('[Listening Post] Posts <about> us: 21 alerts during quiet hours');
    expect(mail.text).toContain('- Thu 3 Dec 22:00–23:00 — Firing number 1 <0>');
    expect(mail.text).toContain('and 1 more');
    expect(mail.html).toContain('<h2>Posts &lt;about&gt; us: 21 alerts during quiet hours</h2>');
    expect(mail.html).toContain('<li>Thu 3 Dec 22:00–23:00 — Firing number 1 &lt;0&gt;</li>');
    expect(mail.html.match(/<li>/g)).toHaveLength(20);
  });
});
