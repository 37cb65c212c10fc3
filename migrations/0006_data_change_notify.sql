-- The API keeps a cache of dashboard answers keyed by a data version. Every statement that changes
-- what those answers read announces itself on the lp_data_changed channel; Postgres delivers the
-- notice only when the transaction commits (and once per transaction), so the API moves to a new
-- version exactly when new data becomes visible, never before and never for a rolled-back write.
CREATE OR REPLACE FUNCTION lp_notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lp_data_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'posts', 'post_sentiments', 'post_topics', 'author_voices', 'sources',
    'sentiment_rollups_hourly', 'sentiment_rollups_daily', 'sentiment_rollups_daily_voice'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION lp_notify_data_changed()',
      t || '_data_changed', t);
  END LOOP;
END;
$$;
