ALTER TABLE "source_read_budgets" RENAME COLUMN "month" TO "period";--> statement-breakpoint
ALTER TABLE "source_read_budgets" DROP CONSTRAINT "source_read_budgets_source_id_month_pk";--> statement-breakpoint
ALTER TABLE "source_read_budgets" ADD CONSTRAINT "source_read_budgets_source_id_period_pk" PRIMARY KEY("source_id","period");--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "credential_expires_at" timestamp with time zone;