-- Ingested-event records are kept for ruleworks.events.retention, then deleted in batches by age.
CREATE INDEX automation_events_received_idx ON automation_events (received_at);
