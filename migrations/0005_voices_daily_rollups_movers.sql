CREATE TABLE "author_voices" (
	"author_pseudonym" text PRIMARY KEY NOT NULL,
	"voice" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"profile_seen" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sentiment_rollups_daily" (
	"topic_id" text NOT NULL,
	"day" date NOT NULL,
	"voice" text NOT NULL,
	"source_id" text NOT NULL,
	"lang" text NOT NULL,
	"about_us" boolean NOT NULL,
	"sentiment" text NOT NULL,
	"post_count" integer NOT NULL,
	"score_sum" double precision NOT NULL,
	CONSTRAINT "sentiment_rollups_daily_topic_id_day_voice_source_id_lang_about_us_sentiment_pk" PRIMARY KEY("topic_id","day","voice","source_id","lang","about_us","sentiment")
);
--> statement-breakpoint
CREATE TABLE "sentiment_rollups_daily_voice" (
	"topic_id" text NOT NULL,
	"day" date NOT NULL,
	"voice" text NOT NULL,
	"sentiment" text NOT NULL,
	"post_count" integer NOT NULL,
	"score_sum" double precision NOT NULL,
	CONSTRAINT "sentiment_rollups_daily_voice_topic_id_day_voice_sentiment_pk" PRIMARY KEY("topic_id","day","voice","sentiment")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "voice" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "day" date;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "impact" real DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Posts stored before this migration: their London day and impact, then the daily rollups rebuilt from them
-- with the NLP worker's rules ('*' row plus one per topic; voice 'public' as no profiles were kept).
UPDATE "posts" p SET "day" = (p."published_at" AT TIME ZONE 'Europe/London')::date,
  "impact" = CASE WHEN s."label" = 'negative' AND s."score" < 0 THEN
    (1 + coalesce((p."metrics"->>'reposts')::int, 0) + coalesce((p."metrics"->>'likes')::int, 0) + coalesce((p."metrics"->>'replies')::int, 0)) * (-s."score")
    ELSE 0 END
  FROM "post_sentiments" s WHERE s."post_id" = p."id";--> statement-breakpoint
UPDATE "posts" SET "day" = ("published_at" AT TIME ZONE 'Europe/London')::date WHERE "day" IS NULL;--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "day" SET NOT NULL;--> statement-breakpoint
INSERT INTO "sentiment_rollups_daily"
  SELECT r."topic_id", p."day", p."voice", p."source_id", coalesce(p."lang", 'und'), p."mentions_org_term" IS NOT NULL, s."label",
         count(*)::int, sum(coalesce(s."score", 0))
  FROM "posts" p JOIN "post_sentiments" s ON s."post_id" = p."id"
  CROSS JOIN LATERAL (SELECT '*'::text AS "topic_id" UNION ALL SELECT t."topic_id" FROM "post_topics" t WHERE t."post_id" = p."id") r
  GROUP BY 1, 2, 3, 4, 5, 6, 7;--> statement-breakpoint
INSERT INTO "sentiment_rollups_daily_voice"
  SELECT "topic_id", "day", "voice", "sentiment", sum("post_count")::int, sum("score_sum")
  FROM "sentiment_rollups_daily" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
CREATE INDEX "posts_day_impact_idx" ON "posts" USING btree ("day","impact" DESC NULLS LAST,"id") WHERE "posts"."impact" > 0;