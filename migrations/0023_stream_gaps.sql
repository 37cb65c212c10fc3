-- Spans a source knows it missed (the Bluesky stream back after an outage longer than its replay);
-- see packages/db/src/schema/sources.ts. Their hours are also set uncovered in source_coverage.
CREATE TABLE "source_gaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "source_gaps" ADD CONSTRAINT "source_gaps_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_gaps_source_idx" ON "source_gaps" USING btree ("source_id","to_at");--> statement-breakpoint
CREATE TRIGGER source_gaps_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON source_gaps FOR EACH STATEMENT EXECUTE FUNCTION lp_notify_data_changed();
