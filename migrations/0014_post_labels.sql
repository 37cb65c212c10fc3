CREATE TABLE "post_labels" (
	"post_id" bigint PRIMARY KEY NOT NULL,
	"sentiment" text NOT NULL,
	"topics" text[] NOT NULL,
	"user_id" integer,
	"labelled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"model" jsonb NOT NULL,
	CONSTRAINT "post_labels_sentiment_ck" CHECK ("post_labels"."sentiment" in ('negative', 'neutral', 'positive'))
);
--> statement-breakpoint
ALTER TABLE "post_labels" ADD CONSTRAINT "post_labels_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_labels" ADD CONSTRAINT "post_labels_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_labels_labelled_at_idx" ON "post_labels" USING btree ("labelled_at");--> statement-breakpoint
-- Post lists show each label: a change to one moves the dashboard's data version too (see 0006).
CREATE TRIGGER post_labels_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON post_labels FOR EACH STATEMENT EXECUTE FUNCTION lp_notify_data_changed();
