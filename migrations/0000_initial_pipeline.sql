CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"config" jsonb NOT NULL,
	"managed_by" text DEFAULT 'file' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"poll_every_seconds" integer NOT NULL,
	"cursor" jsonb,
	"state" text DEFAULT 'new' NOT NULL,
	"last_error" text,
	"last_polled_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"not_before" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"external_id" text NOT NULL,
	"draft" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "raw_items_source_external_uq" UNIQUE("source_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "post_sentiments" (
	"post_id" bigint PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"score" double precision,
	"confidence" double precision,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_topics" (
	"post_id" bigint NOT NULL,
	"topic_id" text NOT NULL,
	"score" double precision NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version" text NOT NULL,
	CONSTRAINT "post_topics_post_id_topic_id_pk" PRIMARY KEY("post_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"source_id" text NOT NULL,
	"raw_item_id" bigint,
	"author_pseudonym" text,
	"text" text,
	"url" text,
	"published_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"lang" text,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posts_platform_external_uq" UNIQUE("platform","external_id")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text,
	"stage" text NOT NULL,
	"external_id" text,
	"reason" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sentiment_rollups_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"topic_id" text NOT NULL,
	"sentiment" text NOT NULL,
	"post_count" integer NOT NULL,
	"score_sum" double precision NOT NULL,
	CONSTRAINT "sentiment_rollups_hourly_hour_source_id_topic_id_sentiment_pk" PRIMARY KEY("hour","source_id","topic_id","sentiment")
);
--> statement-breakpoint
ALTER TABLE "raw_items" ADD CONSTRAINT "raw_items_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_sentiments" ADD CONSTRAINT "post_sentiments_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_topics" ADD CONSTRAINT "post_topics_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "raw_items_pending_idx" ON "raw_items" USING btree ("enqueued_at") WHERE "raw_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "post_topics_topic_idx" ON "post_topics" USING btree ("topic_id","post_id");--> statement-breakpoint
CREATE INDEX "posts_published_idx" ON "posts" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quarantine_created_idx" ON "quarantine" USING btree ("created_at");