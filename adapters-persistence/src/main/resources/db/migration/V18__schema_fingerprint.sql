-- Issue 15 (ADR 0020): the fingerprint of the migration set and Flyway settings that last migrated
-- this database successfully, with a digest of flyway_schema_history as it was right after. A start
-- whose own fingerprint matches, over an unchanged history, skips Flyway (one query instead of
-- loading Flyway and validating every migration); any difference runs Flyway as before.
CREATE TABLE schema_fingerprint (
    datasource     text PRIMARY KEY,
    fingerprint    text NOT NULL,
    history_digest text NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
