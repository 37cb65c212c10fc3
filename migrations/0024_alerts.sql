CREATE TABLE "sentiment_rollups_hourly_facets" (
	"topic_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"voice" text NOT NULL,
	"about_us" boolean NOT NULL,
	"source_id" text NOT NULL,
	"sentiment" text NOT NULL,
	"post_count" integer NOT NULL,
	"score_sum" double precision NOT NULL,
	CONSTRAINT "sentiment_rollups_hourly_facets_topic_id_hour_voice_about_us_source_id_sentiment_pk" PRIMARY KEY("topic_id","hour","voice","about_us","source_id","sentiment")
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"firing_id" bigint,
	"digest_key" text,
	"firing_ids" bigint[],
	"rule_id" text,
	"channel_id" text NOT NULL,
	"channel_type" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_firings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" text,
	"kind" text NOT NULL,
	"source_id" text,
	"condition" text,
	"recovered" boolean DEFAULT false NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"metric" text,
	"value" double precision,
	"baseline" double precision,
	"threshold" double precision,
	"baseline_weeks" integer,
	"explanation" jsonb NOT NULL,
	"quiet" boolean DEFAULT false NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"topic_id" text,
	"source_id" text,
	"voice" text,
	"about_us" boolean,
	"metric" text NOT NULL,
	"sensitivity" text NOT NULL,
	"channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"channel_secrets" text,
	"window_minutes" integer DEFAULT 60 NOT NULL,
	"cooldown_minutes" integer DEFAULT 180 NOT NULL,
	"quiet_from" text,
	"quiet_to" text,
	"min_volume" integer DEFAULT 10 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"built_in" text,
	"last_state" text,
	"last_message" text,
	"last_baseline_weeks" integer,
	"last_evaluated_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "source_alert_states" (
	"source_id" text PRIMARY KEY NOT NULL,
	"condition" text,
	"since" timestamp with time zone,
	"error" text,
	"trouble_since" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_firing_id_alert_firings_id_fk" FOREIGN KEY ("firing_id") REFERENCES "public"."alert_firings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_firings" ADD CONSTRAINT "alert_firings_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_firing_channel_idx" ON "alert_deliveries" USING btree ("firing_id","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_digest_channel_idx" ON "alert_deliveries" USING btree ("digest_key","channel_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_firings_rule_window_idx" ON "alert_firings" USING btree ("rule_id","window_from","window_to");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_firings_source_idx" ON "alert_firings" USING btree ("source_id","condition","window_from","recovered");--> statement-breakpoint
CREATE INDEX "alert_firings_fired_idx" ON "alert_firings" USING btree ("fired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_built_in_idx" ON "alert_rules" USING btree ("built_in");
--> statement-breakpoint
-- The hourly rollup by voice and "about us", built once from the stored posts (the NLP transaction keeps it from here).
INSERT INTO sentiment_rollups_hourly_facets (topic_id, hour, voice, about_us, source_id, sentiment, post_count, score_sum)
WITH tagged AS (
  SELECT p.id, date_trunc('hour', p.published_at) AS hour, p.voice, p.mentions_org_term IS NOT NULL AS about_us,
         p.source_id, s.label, coalesce(s.score, 0) AS score
  FROM posts p JOIN post_sentiments s ON s.post_id = p.id
), rows AS (
  SELECT t.*, '*'::text AS topic_id FROM tagged t
  UNION ALL
  SELECT t.*, pt.topic_id FROM tagged t JOIN post_topics pt ON pt.post_id = t.id
)
SELECT topic_id, hour, voice, about_us, source_id, label, count(*)::int, sum(score)::float8
FROM rows GROUP BY topic_id, hour, voice, about_us, source_id, label;
--> statement-breakpoint
-- Sources already following live when alerts arrive count as settled from their last good poll.
UPDATE sources SET settled_at = last_success_at WHERE last_success_at IS NOT NULL;
--> statement-breakpoint
-- The rules an installation starts with: staff mood, and a jump in posts about us. No channel: they show in the dashboard.
INSERT INTO alert_rules (name, voice, metric, sensitivity, built_in)
VALUES ('Staff mood turns negative', 'staff', 'negative_share', 'medium', 'staff-negative-share');
--> statement-breakpoint
INSERT INTO alert_rules (name, about_us, metric, sensitivity, built_in)
VALUES ('Surge in posts about us', true, 'volume', 'medium', 'about-us-volume');
