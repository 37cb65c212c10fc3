-- Which hours each source fetched in full (see packages/db/src/schema/sources.ts). Nothing is
-- guessed for the time before this migration: comparisons that reach back before it say so.
CREATE TABLE "source_coverage" (
	"source_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"covered" boolean DEFAULT false NOT NULL,
	"ok_polls" integer DEFAULT 0 NOT NULL,
	"failed_polls" integer DEFAULT 0 NOT NULL,
	"budget_spent_polls" integer DEFAULT 0 NOT NULL,
	"backfilled" boolean DEFAULT false NOT NULL,
	CONSTRAINT "source_coverage_source_id_hour_pk" PRIMARY KEY("source_id","hour")
);
--> statement-breakpoint
ALTER TABLE "source_coverage" ADD CONSTRAINT "source_coverage_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Comparisons read coverage: a change to it refreshes the API's cached answers like any other data change.
CREATE TRIGGER source_coverage_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON source_coverage FOR EACH STATEMENT EXECUTE FUNCTION lp_notify_data_changed();
