-- The rule list orders by created_at DESC NULLS LAST, rule_id DESC (ascending: the exact reverse,
-- created_at ASC NULLS FIRST, rule_id ASC). V1's automation_rules_created_idx sorts created_at
-- DESC NULLS FIRST and rule_id ascending, which matches neither direction, so PostgreSQL sorted
-- every rule of the tenant to return one page. This index serves the default order by a forward
-- scan and the ascending order by a backward scan, stopping after LIMIT rows.
DROP INDEX automation_rules_created_idx;
CREATE INDEX automation_rules_created_idx ON automation_rules (tenant, created_at DESC NULLS LAST, rule_id DESC);
