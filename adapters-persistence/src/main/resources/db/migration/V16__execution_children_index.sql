-- Issue 16: the console's execution page lists an execution's children (the executions its
-- workflow_execution actions started). Only child executions carry a parent, so a partial index
-- keeps that lookup an index scan at no cost to the (parentless) bulk of inserts.
CREATE INDEX automation_executions_parent_idx
    ON automation_executions (tenant, parent_execution_id, created_at)
    WHERE parent_execution_id IS NOT NULL;
