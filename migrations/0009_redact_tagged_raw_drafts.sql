-- Tagged raw items kept the connector's unredacted text (emails, phone numbers) for ever, while
-- posts.text is redacted. From now on tagging replaces it in the same transaction; this brings the
-- rows already tagged into line: each takes its post's redacted (or purged) text, and a superseded
-- version that no post refers to any more keeps no text at all.
UPDATE "raw_items" r
SET "draft" = jsonb_set(r."draft", '{text}', to_jsonb(coalesce(p."text", '')))
FROM "posts" p
WHERE p."raw_item_id" = r."id" AND r."status" = 'done' AND r."draft" ? 'text';
--> statement-breakpoint
UPDATE "raw_items" r
SET "draft" = jsonb_set(r."draft", '{text}', to_jsonb(''::text))
WHERE r."status" = 'done' AND r."draft" ? 'text'
  AND NOT EXISTS (SELECT 1 FROM "posts" p WHERE p."raw_item_id" = r."id");
