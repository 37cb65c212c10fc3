CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"origin" text DEFAULT 'dashboard' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_day_title_uq" UNIQUE("day","title")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, ''))) STORED;--> statement-breakpoint
CREATE INDEX "events_day_idx" ON "events" USING btree ("day");--> statement-breakpoint
CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search");