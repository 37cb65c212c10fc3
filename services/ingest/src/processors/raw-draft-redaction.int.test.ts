import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SourceSpec } from '@lp/db/queries/sources';
import { createPseudonymiser } from '../lib/pseudonym';
import { countPending, countPosts } from '../testing/db-checks';
import { TEST_PSEUDONYM_KEY, waitFor } from '../testing/harness';
import { usePipeline } from '../testing/pipeline-test';
import { importFileNow } from '../imports/import-file';

const FILE: SourceSpec = {
  id: 'survey',
  type: 'file',
  config: { mapping: { text: 'Comment', time: 'Date' }, lang: 'en' },
  enabled: true,
  synthetic: false,
  pollEverySeconds: 86_400,
};
const EMAIL = 'jo.bloggs@example.nhs.uk';
const PHONE = '07700 900123';

describe('raw drafts after tagging', () => {
  const { db, start, ingest } = usePipeline();

  it('keep only the redacted text, as the post does', async () => {
    await start({ sources: [FILE] });
    const csv = `Date,Comment\n2025-01-02T09:00:00Z,"Ring me on ${PHONE} or write to ${EMAIL}, the ward was short staffed"\n`;
    const deps = {
      db: ingest().handle.db,
      tagQueue: ingest().queues['tag-posts'],
      pseudonymise: createPseudonymiser(TEST_PSEUDONYM_KEY),
      log: pino({ level: 'silent' }),
    };
    await importFileNow(deps, { sourceId: 'survey', fileName: 'survey.csv', content: Buffer.from(csv) });
    await waitFor(async () => (await countPosts(db)) === 1 && (await countPending(db)) === 0, 'the tagged post');
    const rows = await db.execute<{ draft_text: string; post_text: string }>(
      sql`select r.draft->>'text' as draft_text, p.text as post_text from raw_items r join posts p on p.raw_item_id = r.id`,
    );
    expect(rows.rows).toHaveLength(1);
    const { draft_text, post_text } = rows.rows[0]!;
    expect(draft_text).toBe(post_text);
    expect(draft_text).not.toContain(EMAIL);
    expect(draft_text).not.toContain(PHONE);
    expect(draft_text).toMatch(/short staffed/);
  });

  it('the migration brings rows tagged before it into line', async () => {
    await start({ sources: [FILE] });
    const csv = `Date,Comment\n2025-01-03T09:00:00Z,"Email ${EMAIL} about the rota"\n`;
    const deps = {
      db: ingest().handle.db,
      tagQueue: ingest().queues['tag-posts'],
      pseudonymise: createPseudonymiser(TEST_PSEUDONYM_KEY),
      log: pino({ level: 'silent' }),
    };
    await importFileNow(deps, { sourceId: 'survey', fileName: 'old.csv', content: Buffer.from(csv) });
    await waitFor(async () => (await countPosts(db)) === 1 && (await countPending(db)) === 0, 'the tagged post');
    // As a row stored before this change looked: the connector's text, unredacted, and a superseded twin.
    await db.execute(
      sql`update raw_items set draft = jsonb_set(draft, '{text}', to_jsonb(${`Email ${EMAIL} about the rota`}::text))`,
    );
    await db.execute(
      sql`insert into raw_items (source_id, external_id, version, draft, status)
          select source_id, external_id || '-old', 'old', draft, 'done' from raw_items`,
    );
    const migration = readFileSync(
      new URL('../../../../migrations/0009_redact_tagged_raw_drafts.sql', import.meta.url),
      'utf8',
    );
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));
    const drafts = await db.execute<{ text: string }>(sql`select draft->>'text' as text from raw_items order by id`);
    expect(drafts.rows.map((r) => r.text)).toEqual([expect.not.stringContaining(EMAIL), '']);
    expect(drafts.rows[0]!.text).toMatch(/about the rota/);
  });
});
