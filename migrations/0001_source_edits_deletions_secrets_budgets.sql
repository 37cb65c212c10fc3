CREATE TABLE "source_read_budgets" (
	"source_id" text NOT NULL,
	"month" text NOT NULL,
	"reads" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "source_read_budgets_source_id_month_pk" PRIMARY KEY("source_id","month")
);
--> statement-breakpoint
ALTER TABLE "raw_items" DROP CONSTRAINT "raw_items_source_external_uq";--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "secrets" text;--> statement-breakpoint
ALTER TABLE "raw_items" ADD COLUMN "kind" text DEFAULT 'upsert' NOT NULL;--> statement-breakpoint
ALTER TABLE "raw_items" ADD COLUMN "version" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "version" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "source_read_budgets" ADD CONSTRAINT "source_read_budgets_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_items" ADD CONSTRAINT "raw_items_source_item_uq" UNIQUE("source_id","external_id","kind","version");