-- Workers are now woken after commit by the service itself (a local signal, plus one coalesced
-- NOTIFY on a separate connection for other instances). A NOTIFY inside every enqueuing
-- transaction took PostgreSQL's global notify lock at each commit and serialised them.
DROP TRIGGER automation_executions_pending_notify ON automation_executions;
DROP FUNCTION ruleworks_notify_pending();
