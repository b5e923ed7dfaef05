-- Inbound hooks of webhook-triggered rules (docs/triggers.md, "webhook (inbound)").
--
-- The signing secret of each rule's hook. HMAC verification needs the secret itself, so it is kept
-- encrypted (AES-256-GCM under ruleworks.hooks.secret-key, "aesgcm:" prefix) or, without a key, as is
-- ("plain:" prefix; a warning is logged at start). After a rotation the previous secret stays valid
-- until previous_expires_at. A rule id is unique across tenants: the hook route carries no tenant.
CREATE TABLE rule_hook_secrets (
    tenant              uuid NOT NULL,
    rule_id             uuid NOT NULL,
    current_secret      text NOT NULL,
    previous_secret     text,
    previous_expires_at timestamptz,
    issued_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant, rule_id),
    UNIQUE (rule_id),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE,
    CHECK ((previous_secret IS NULL) = (previous_expires_at IS NULL))
);

-- Deliveries a hook accepted, remembered for ruleworks.hooks.delivery-retention (at least twice the
-- timestamp window) to refuse replays: the same delivery id, or the same signed content (timestamp and
-- body, as a SHA-256 digest) under any delivery id. Concurrent copies of one delivery meet on these
-- unique keys, so exactly one is recorded (with its execution, in the same transaction).
CREATE TABLE rule_hook_deliveries (
    tenant         uuid NOT NULL,
    rule_id        uuid NOT NULL,
    delivery_id    varchar(200) NOT NULL,
    content_digest char(64) NOT NULL,
    execution_id   uuid NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, rule_id, delivery_id),
    UNIQUE (tenant, rule_id, content_digest),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);

CREATE INDEX rule_hook_deliveries_received_idx ON rule_hook_deliveries (received_at);
