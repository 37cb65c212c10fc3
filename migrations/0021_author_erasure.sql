CREATE TABLE "suppressed_authors" (
	"pseudonym" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"key_id" text NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
