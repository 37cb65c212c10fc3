CREATE TABLE "retag_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_version" text NOT NULL,
	"state" text NOT NULL,
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
	CONSTRAINT "retag_runs_state_ck" CHECK ("retag_runs"."state" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "retag_runs" ADD CONSTRAINT "retag_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "retag_runs_one_active_uq" ON "retag_runs" USING btree ((true)) WHERE "retag_runs"."state" in ('queued', 'running');