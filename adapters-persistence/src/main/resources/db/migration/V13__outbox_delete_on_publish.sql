-- The outbox holds only what is still to be relayed: the relay deletes entries once published
-- (one delete, no new row version and index entries as the update of published_at made; and the
-- table no longer grows by three rows per execution forever). Entries published before this
-- version go now. (V12 is the statistics rollup.)
DELETE FROM automation_outbox WHERE published_at IS NOT NULL;
DROP INDEX automation_outbox_unpublished_idx;
ALTER TABLE automation_outbox DROP COLUMN published_at;
