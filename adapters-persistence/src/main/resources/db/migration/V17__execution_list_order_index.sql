-- Issue 16 (docs/performance.md, "Operator console"): the executions list, GET /executions and the
-- console alike, orders by created_at DESC NULLS LAST with execution_id DESC as the tie-breaker (ASC
-- NULLS FIRST, execution_id ASC when asked for the oldest first). V6's index is (tenant, created_at
-- DESC), which is DESC NULLS FIRST and has no execution_id, so it could not serve that order: every
-- page read all of a tenant's executions (a sequential scan of the table) and top-N sorted them,
-- 40-55 ms with 50,000 executions per tenant before any count. The replacement keys exactly that
-- order, read forwards for the newest first and backwards for the oldest first, so a page is an
-- index range of OFFSET + LIMIT entries. It keeps V6's included columns, so the statistics and
-- performance readers (index-only ranges of one tenant's executions by creation time) read it as
-- before, and it replaces V6's index rather than joining it: the write path maintains as many
-- indexes as before.
DROP INDEX automation_executions_created_idx;
CREATE INDEX automation_executions_created_idx
    ON automation_executions (tenant, created_at DESC NULLS LAST, execution_id DESC)
    INCLUDE (status, duration_ms, automation_rule_id);
