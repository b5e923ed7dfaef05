-- The queue's wake-up signal and the transactional outbox of execution events.

-- Wake idle workers when an execution becomes pending. NOTIFY is delivered at commit, so a worker
-- never sees a signal for work it cannot yet read; identical notifications in one transaction fold.
CREATE FUNCTION ruleworks_notify_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ruleworks_executions', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER automation_executions_pending_notify
    AFTER INSERT OR UPDATE OF status ON automation_executions
    FOR EACH ROW WHEN (NEW.status = 'pending')
    EXECUTE FUNCTION ruleworks_notify_pending();

-- Running executions per rule: what max_concurrent_executions is checked against at claim time.
CREATE INDEX automation_executions_running_idx
    ON automation_executions (tenant, automation_rule_id) WHERE status = 'running';

CREATE TABLE automation_outbox (
    event_id        bigserial PRIMARY KEY,
    tenant          uuid NOT NULL,
    event_type      varchar(64) NOT NULL,
    execution_id    uuid NOT NULL,
    rule_id         uuid NOT NULL,
    occurred_at     timestamptz NOT NULL,
    payload         jsonb NOT NULL DEFAULT '{}',
    published_at    timestamptz
);
CREATE INDEX automation_outbox_unpublished_idx ON automation_outbox (event_id) WHERE published_at IS NULL;
