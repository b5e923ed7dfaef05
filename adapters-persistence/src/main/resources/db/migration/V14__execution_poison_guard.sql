-- The poison-execution guard (issue 14, docs/reliability.md): how many times an execution's
-- worker lease expired and the execution was taken back by the rescue. The rescue counts here;
-- at ruleworks.queue.max-lease-losses it fails the execution (EXECUTION_ABANDONED) instead of
-- re-queuing it. A retry back to pending starts the count again. (A constant default: no rewrite.)
ALTER TABLE automation_executions ADD COLUMN lease_losses integer NOT NULL DEFAULT 0;
