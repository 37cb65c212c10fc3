import { describe, expect, it } from 'vitest';
import { zAlertFiring } from '@lp/contracts/alerts';
import {
  emailMessage,
  formatWindow,
  slackMessage,
  summaryLine,
  teamsMessage,
  verifySignature,
  webhookRequest,
} from './messages';
import { ruleFiring, sourceHealthFiring } from './testing-firing';

const SECRET = 'a-webhook-secret-of-some-length';

describe('formatWindow', () => {
  it('writes the window in London time, GMT and BST alike', () => {
    expect(formatWindow({ from: '2026-12-03T14:05:00Z', to: '2026-12-03T15:05:00Z' })).toBe('Thu 3 Dec 14:05–15:05');
    // 13:05 UTC is 14:05 in London in July.
    expect(formatWindow({ from: '2026-07-02T13:05:00Z', to: '2026-07-02T14:05:00Z' })).toBe('Thu 2 Jul 14:05–15:05');
  });

  it('names both days when the window crosses midnight', () => {
    expect(formatWindow({ from: '2026-12-03T23:30:00Z', to: '2026-12-04T00:30:00Z' })).toBe(
      'Thu 3 Dec 23:30 – Fri 4 Dec 00:30',
    );
  });
});

describe('summaryLine', () => {
  it('is the firing’s summary on one line', () => {
    expect(summaryLine(ruleFiring())).toBe(
      '142 posts in the hour to 15:05, against a usual 40 for a Thursday afternoon',
    );
    expect(summaryLine(ruleFiring({ summary: 'two\nlines' }))).toBe('two lines');
  });
});

describe('teamsMessage', () => {
  it('is a Workflows message wrapping one Adaptive Card', () => {
    const msg = teamsMessage(ruleFiring());
    expect(msg.type).toBe('message');
    expect(msg.attachments).toHaveLength(1);
    const [att] = msg.attachments;
    expect(att?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att?.contentUrl).toBeNull();
    expect(att?.content.type).toBe('AdaptiveCard');
    expect(att?.content.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(att?.content.version).toBe('1.4');
    expect(att?.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Listening Post', url: ruleFiring().link },
    ]);
  });

  it('leads with the name and summary, then the figures, terms, up to three posts and the sources', () => {
    const body = teamsMessage(ruleFiring()).attachments[0]?.content.body ?? [];
    expect(body[0]).toEqual({
      type: 'TextBlock',
      text: 'Posts about our hospitals',
      wrap: true,
      weight: 'bolder',
      size: 'medium',
    });
    expect(body[1]).toMatchObject({ type: 'TextBlock', text: summaryLine(ruleFiring()) });
    expect(body[2]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Window', value: 'Thu 3 Dec 14:05–15:05' },
        { title: 'Now', value: '142 posts' },
        { title: 'Usual', value: '40 posts (median of 8 weeks)' },
        { title: 'Threshold', value: '61 posts' },
      ],
    });
    const texts = body.flatMap((b) => (b.type === 'TextBlock' ? [b.text] : []));
    expect(texts).toContain('Terms that stand out: norovirus, ward closure');
    // p3 has no text, so p4 is the third shown and p5 is past the limit.
    expect(texts).toContain('Ward 4 shut again, norovirus. Visiting cancelled.');
    expect(texts).toContain('Third post with text');
    expect(texts).not.toContain('Fifth post, beyond the three shown');
    expect(texts.at(-1)).toBe('Sources: bluesky (97), reddit-nhs (45); left out: mastodon (still reading its history)');
    for (const b of body) if (b.type === 'TextBlock') expect(b.wrap).toBe(true);
  });

  it('truncates long posts to 200 characters', () => {
    const long = 'x'.repeat(500);
    const f = ruleFiring({ posts: [{ id: 'p', url: null, text: long }] });
    const body = teamsMessage(f).attachments[0]?.content.body ?? [];
    const post = body.find((b) => b.type === 'TextBlock' && b.text.startsWith('xxx'));
    expect(post?.type === 'TextBlock' && Array.from(post.text)).toHaveLength(200);
    expect(post?.type === 'TextBlock' && post.text.endsWith('…')).toBe(true);
  });

  it('shows the source and its condition for a source-health alert', () => {
    const body = teamsMessage(sourceHealthFiring()).attachments[0]?.content.body ?? [];
    expect(body.find((b) => b.type === 'FactSet')).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Source', value: 'reddit-nhs' },
        { title: 'Condition', value: 'Stopped sending posts' },
        { title: 'Error', value: 'HTTP 503 from the API' },
      ],
    });
  });
});

describe('slackMessage', () => {
  it('is a header, sections, and an actions block with the link button', () => {
    const msg = slackMessage(ruleFiring());
    expect(msg.text).toContain('Posts about our hospitals');
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Posts about our hospitals' } });
    expect(msg.blocks.slice(1, -1).every((b) => b.type === 'section')).toBe(true);
    expect(msg.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open in Listening Post' }, url: ruleFiring().link },
      ],
    });
  });

  it('escapes &, < and > in mrkdwn so posts cannot inject links or mentions', () => {
    const f = ruleFiring({ summary: 'A&E <!channel> spike' });
    const msg = slackMessage(f);
    const sections = msg.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
    expect(sections).toContain('A&amp;E &lt;!channel&gt; spike');
    expect(sections).toContain('&gt; Norovirus &amp; ward closure at the General &lt;again&gt;');
    expect(msg.text).toBe('Posts about our hospitals: A&amp;E &lt;!channel&gt; spike');
  });

  it('keeps within Slack’s limits without cutting an entity in half', () => {
    const f = ruleFiring({ alertName: 'N'.repeat(400), summary: '&'.repeat(4000) });
    const msg = slackMessage(f);
    const header = msg.blocks[0];
    expect(header?.type === 'header' && Array.from(header.text.text).length).toBe(150);
    const summary = msg.blocks[1];
    const text = summary?.type === 'section' ? summary.text.text : '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(&amp;)+…$/);
  });
});

describe('emailMessage', () => {
  it('has a one-line subject and both plain and HTML bodies', () => {
    const mail = emailMessage(ruleFiring());
    expect(mail.subject).toBe(
      '[Listening Post] Posts about our hospitals: 142 posts in the hour to 15:05, against a usual 40 for a Thursday afternoon',
    );
    expect(mail.text).toContain('Window: Thu 3 Dec 14:05–15:05');
    expect(mail.text).toContain(`Open in Listening Post: ${ruleFiring().link}`);
    expect(mail.html).toContain('<th align="left">Threshold</th><td>61 posts</td>');
  });

  it('HTML-escapes everything that came from the firing', () => {
    const f = ruleFiring({
      alertName: 'Rule "x" <b>',
      posts: [{ id: 'p', url: null, text: '<script>alert("hi")</script>' }],
    });
    const { html, subject } = emailMessage(f);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;');
    expect(html).toContain('<h2>Rule &quot;x&quot; &lt;b&gt;</h2>');
    expect(html).toContain(`href="${ruleFiring().link.replace(/&/g, '&amp;')}"`);
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('webhookRequest', () => {
  it('sends the firing itself as the body', () => {
    const f = ruleFiring();
    const req = webhookRequest(f, undefined);
    expect(req.body).toBe(JSON.stringify(f));
    expect(zAlertFiring.parse(JSON.parse(req.body))).toEqual(f);
    expect(req.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('signs the body with the secret, and the signature fails for a tampered body or wrong secret', () => {
    const { body, headers } = webhookRequest(ruleFiring(), SECRET);
    const signature = headers['X-LP-Signature'];
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(body, SECRET, signature)).toBe(true);
    expect(verifySignature(body.replace('142', '143'), SECRET, signature)).toBe(false);
    expect(verifySignature(body, `${SECRET}!`, signature)).toBe(false);
    expect(verifySignature(body, SECRET, undefined)).toBe(false);
    expect(verifySignature(body, SECRET, 'sha256=short')).toBe(false);
  });
});
