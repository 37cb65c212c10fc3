CREATE TABLE "about_us_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"watchlist" jsonb NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"error" text,
	CONSTRAINT "about_us_runs_state_ck" CHECK ("about_us_runs"."state" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "about_us_runs" ADD CONSTRAINT "about_us_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "about_us_runs_one_active_uq" ON "about_us_runs" USING btree ((true)) WHERE "about_us_runs"."state" in ('queued', 'running');