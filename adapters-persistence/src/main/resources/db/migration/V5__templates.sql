-- Automation templates: a tenant's reusable rule blueprints (template_config is a rule's
-- configuration in the API's JSON shape) with the variables a user fills in to create a rule.
CREATE TABLE automation_templates (
    tenant                  uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    template_id             uuid NOT NULL,
    name                    varchar(255) NOT NULL,
    description             text,
    category                varchar(255) NOT NULL,
    icon                    varchar(255),
    template_config         jsonb NOT NULL,
    version                 varchar(64) NOT NULL DEFAULT '1.0.0',
    author                  varchar(255),
    compatible_versions     jsonb NOT NULL DEFAULT '[]',
    required_permissions    jsonb NOT NULL DEFAULT '[]',
    usage_count             bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    last_used               timestamptz,
    template_variables      jsonb NOT NULL DEFAULT '[]',
    is_active               boolean NOT NULL DEFAULT true,
    is_featured             boolean NOT NULL DEFAULT false,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant, template_id)
);
-- Indexes serving GET /templates: the default order (created_at DESC NULLS LAST, id DESC; the
-- ascending order by a backward scan), each sortable column, the equality and range filters,
-- containment in compatible_versions, and search.
CREATE INDEX automation_templates_created_idx   ON automation_templates (tenant, created_at DESC NULLS LAST, template_id DESC);
CREATE INDEX automation_templates_updated_idx   ON automation_templates (tenant, updated_at);
CREATE INDEX automation_templates_name_idx      ON automation_templates (tenant, lower(name));
CREATE INDEX automation_templates_category_idx  ON automation_templates (tenant, category);
CREATE INDEX automation_templates_usage_idx     ON automation_templates (tenant, usage_count);
CREATE INDEX automation_templates_last_used_idx ON automation_templates (tenant, last_used);
CREATE INDEX automation_templates_author_idx    ON automation_templates (tenant, author) WHERE author IS NOT NULL;
CREATE INDEX automation_templates_featured_idx  ON automation_templates (tenant, created_at DESC) WHERE is_featured;
CREATE INDEX automation_templates_versions_idx  ON automation_templates USING gin (compatible_versions jsonb_path_ops);
CREATE INDEX automation_templates_name_trgm_idx ON automation_templates USING gin (name gin_trgm_ops);
CREATE INDEX automation_templates_desc_trgm_idx ON automation_templates USING gin (description gin_trgm_ops);
