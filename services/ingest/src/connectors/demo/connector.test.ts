import { describe, expect, it } from 'vitest';
import { testConnectorDeps } from '../../testing/connector-deps';
import { createDemoConnector } from './connector';
import { TEMPLATES } from './corpus';
import { generatePost } from './generator';

const deps = (now: Date) => testConnectorDeps(now);
const config = { backfillHours: 2, backfillPostsPerHour: 60, postsPerHour: 600, pageSize: 50, seed: 1 };

describe('demo connector', () => {
  it('backfills history in full pages, then follows the clock without dating posts in the future', async () => {
    const start = new Date('2025-03-03T12:00:00Z');
    const c = createDemoConnector({ id: 'demo', config }, deps(start));
    const first = await c.fetchPage(null);
    expect(first.items).toHaveLength(50);
    expect(first.full).toBe(true);
    const second = await c.fetchPage(first.nextCursor);
    // 120 backfill slots + the first live slot at exactly "now": 121 in all by 12:00.
    const third = await c.fetchPage(second.nextCursor);
    expect(second.items.length + third.items.length).toBe(71);
    expect(third.full).toBe(false);
    for (const item of [...first.items, ...second.items, ...third.items]) {
      expect(Date.parse(item.draft.publishedAt)).toBeLessThanOrEqual(start.getTime());
      expect(item.draft.synthetic).toBe(true);
    }

    // Ten minutes later at 600/h: 100 more posts.
    const later = createDemoConnector({ id: 'demo', config }, deps(new Date(start.getTime() + 10 * 60_000)));
    const p1 = await later.fetchPage(third.nextCursor);
    const p2 = await later.fetchPage(p1.nextCursor);
    expect(p1.items.length + p2.items.length).toBe(100);
  });

  it('is deterministic: the same cursor yields the same posts', async () => {
    const now = new Date('2025-03-03T12:00:00Z');
    const a = await createDemoConnector({ id: 'demo', config }, deps(now)).fetchPage(null);
    const b = await createDemoConnector({ id: 'demo', config }, deps(now)).fetchPage(null);
    expect(b.items).toEqual(a.items);
    expect(new Set(a.items.map((i) => i.externalId)).size).toBe(50);
  });

  it('mixes topics, moods and a few Welsh posts', async () => {
    const c = createDemoConnector(
      { id: 'demo', config: { ...config, backfillHours: 24 * 7, pageSize: 500 } },
      deps(new Date('2025-03-03T12:00:00Z')),
    );
    const page = await c.fetchPage(null);
    const texts = page.items.map((i) => i.draft.text);
    expect(new Set(texts).size).toBeGreaterThan(100);
    expect(page.items.some((i) => i.draft.lang === 'cy')).toBe(true);
    expect(texts.some((t) => /CQC/.test(t))).toBe(true);
    expect(texts.some((t) => /pay/i.test(t))).toBe(true);
  });

  it("gives each post its author's voice, judged from a made-up bio, one voice per author", async () => {
    const c = createDemoConnector(
      { id: 'demo', config: { ...config, backfillHours: 24, pageSize: 500 } },
      deps(new Date('2025-03-03T12:00:00Z')),
    );
    const page = await c.fetchPage(null);
    const byAuthor = new Map<string | null, string>();
    for (const { draft } of page.items) {
      const v = draft.authorVoice;
      if (!v) throw new Error('every demo post has a voice');
      expect(v.evidence.length > 0).toBe(v.voice === 'staff');
      expect(byAuthor.get(draft.authorPseudonym) ?? v.voice).toBe(v.voice);
      byAuthor.set(draft.authorPseudonym, v.voice);
    }
    const staff = page.items.filter((i) => i.draft.authorVoice?.voice === 'staff').length;
    expect(staff).toBeGreaterThan(page.items.length / 5);
    expect(staff).toBeLessThan(page.items.length);
    // A staff template is posted by a staff author, any other by the public.
    const patterns = TEMPLATES.map((t) => ({
      voice: t.voice,
      re: new RegExp(`^${t.text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.*')}$`, 's'),
    }));
    for (let seq = 0; seq < 200; seq++) {
      const post = generatePost(seq, new Date('2025-03-03T12:00:00Z'), 1);
      const voices = new Set(patterns.filter((p) => p.re.test(post.text)).map((p) => p.voice));
      const voice = post.lang === 'cy' ? 'public' : [...voices][0];
      expect(voices.size <= 1 && post.author.startsWith(`demo-${voice}-`), post.text).toBe(true);
    }
  });
});
