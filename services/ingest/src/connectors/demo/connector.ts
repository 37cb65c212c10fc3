import { z } from 'zod';
import type { PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { generatePost } from './generator';

export const zDemoConfig = z.object({
  /** Live posts per hour once caught up: high enough that the dashboard visibly moves. */
  postsPerHour: z.number().positive().max(36_000).default(240),
  /** History generated on first start so the charts have shape at once. */
  backfillHours: z
    .number()
    .min(0)
    .max(24 * 90)
    .default(24 * 7),
  backfillPostsPerHour: z.number().positive().max(3_600).default(30),
  pageSize: z.number().int().min(1).max(500).default(100),
  seed: z.number().int().default(1),
});

interface DemoCursor {
  /** Start of the synthetic timeline, fixed at the first poll. */
  epoch: string;
  /** Next sequence number to emit. */
  seq: number;
}

/**
 * The embedded default source: a deterministic timeline of synthetic posts. Post `seq` always has
 * the same text and time, so a re-fetch after a crash stores nothing new.
 */
export const createDemoConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zDemoConfig.parse(source.config);
  const backfillCount = Math.floor(cfg.backfillHours * cfg.backfillPostsPerHour);
  const backfillSpacing = 3_600_000 / cfg.backfillPostsPerHour;
  const liveSpacing = 3_600_000 / cfg.postsPerHour;

  const slotTime = (epoch: number, seq: number): number =>
    seq < backfillCount
      ? epoch + seq * backfillSpacing
      : epoch + backfillCount * backfillSpacing + (seq - backfillCount) * liveSpacing;

  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const now = deps.now().getTime();
      const c: DemoCursor = (cursor as DemoCursor | null) ?? {
        epoch: new Date(now - cfg.backfillHours * 3_600_000).toISOString(),
        seq: 0,
      };
      const epoch = Date.parse(c.epoch);
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false };
      // The first page starts the generated history: every hour since its epoch is covered.
      if (cursor === null) page.coveredFrom = new Date(epoch);
      let seq = c.seq;
      while (page.items.length < cfg.pageSize && slotTime(epoch, seq) <= now) {
        const slot = slotTime(epoch, seq);
        const spacing = seq < backfillCount ? backfillSpacing : liveSpacing;
        const post = generatePost(seq, new Date(slot), cfg.seed);
        // Jitter backwards only, so no post is ever dated in the future.
        const at = new Date(slot - (((seq * 7_919) % 1000) / 1000) * spacing * 0.8);
        const draft: PostDraft = {
          platform: 'demo',
          externalId: `${source.id}/${epoch}/${seq}`,
          url: null,
          publishedAt: at.toISOString(),
          text: post.text,
          lang: post.lang,
          authorPseudonym: deps.pseudonymise('demo', post.author),
          // Judged from the made-up bio as a live connector judges a profile: only matched words are kept.
          authorVoice: authorVoice({ bio: post.bio }),
          metrics: { reposts: post.reposts, likes: post.likes, replies: post.replies },
          synthetic: true,
          version: '',
        };
        page.items.push({ externalId: draft.externalId, draft });
        seq += 1;
      }
      page.full = page.items.length >= cfg.pageSize;
      page.nextCursor = { epoch: c.epoch, seq };
      return page;
    },
  };
};
