CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"base_version" text NOT NULL,
	"version" text,
	"state" text NOT NULL,
	"stage" text,
	"progress" real DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"correction" jsonb,
	"trained_on" jsonb,
	"held_out" jsonb,
	"figures" jsonb,
	"decision" text,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"activated_by" integer,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"error" text,
	CONSTRAINT "model_versions_state_ck" CHECK ("model_versions"."state" in ('queued', 'training', 'promoted', 'refused', 'failed')),
	CONSTRAINT "model_versions_active_ck" CHECK (not "model_versions"."active" or "model_versions"."state" = 'promoted')
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_activated_by_users_id_fk" FOREIGN KEY ("activated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_one_pending_uq" ON "model_versions" USING btree ((true)) WHERE "model_versions"."state" in ('queued', 'training');--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_one_active_uq" ON "model_versions" USING btree ((true)) WHERE "model_versions"."active";--> statement-breakpoint
CREATE TRIGGER model_versions_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_versions FOR EACH STATEMENT EXECUTE FUNCTION lp_notify_data_changed();
