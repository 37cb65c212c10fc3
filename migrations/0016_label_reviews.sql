CREATE TABLE "label_reviews" (
	"post_id" bigint NOT NULL,
	"user_id" integer NOT NULL,
	"sentiment" text NOT NULL,
	"topics" text[] NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "label_reviews_post_id_user_id_pk" PRIMARY KEY("post_id","user_id"),
	CONSTRAINT "label_reviews_sentiment_ck" CHECK ("label_reviews"."sentiment" in ('negative', 'neutral', 'positive'))
);
--> statement-breakpoint
ALTER TABLE "label_reviews" ADD CONSTRAINT "label_reviews_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "label_reviews" ADD CONSTRAINT "label_reviews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;