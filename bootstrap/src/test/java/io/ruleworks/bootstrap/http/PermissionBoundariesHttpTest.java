package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations that answer with what a key may not read need automation:read as well as their own
 * permission, checked before anything is looked at: a dry run (it shows every rendered config),
 * a template made from a rule (it copies the rule), retry and cancel (they answer with the
 * execution, and a refusal names its status).
 */
@MicronautTest(transactional = false)
class PermissionBoundariesHttpTest extends HttpTestBase {

    private static final String EXECUTIONS = "/api/v1/automation/executions";
    private static final String TEMPLATES = "/api/v1/automation/templates";
    private static final String SECRET_URL = "https://hooks.example.com/secret-path?token=abc123";

    private Api admin;
    private Api executeOnly;
    private Api createOnly;
    private String ruleId;

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS;
    }

    @BeforeAll
    void aRuleAndNarrowKeys() {
        IssuedApiKey owner = keys().adminOfNewTenant();
        admin = as(owner.apiKey());
        executeOnly = as(keys().forTenant(owner.tenant(), EnumSet.of(Permission.EXECUTE)).apiKey());
        createOnly = as(keys().forTenant(owner.tenant(), EnumSet.of(Permission.CREATE)).apiKey());
        ruleId = admin.post(RULES, aRule().named("Guarded").set("status", "active")
                        .set("actions[0].config.url", SECRET_URL).json())
                .expectStatus(201).data().path("rule_id").asText();
    }

    private String executeBody(boolean dryRun) {
        return "{\"automation_rule_id\": \"" + ruleId + "\", \"execution_data\": {}, \"dry_run\": " + dryRun + "}";
    }

    private String pendingExecution() {
        return admin.post(RULES + "/" + ruleId + "/execute", executeBody(false)).expectStatus(201)
                .data().path("execution_id").asText();
    }

    @Test
    void an_execute_only_key_may_not_dry_run_because_a_dry_run_shows_the_rendered_configs() {
        Reply refused = executeOnly.post(RULES + "/" + ruleId + "/execute", executeBody(true)).expectStatus(403);

        assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
        assertThat(refused.body()).doesNotContain("secret-path");
    }

    @Test
    void a_key_with_read_and_execute_sees_the_dry_run() {
        Reply dryRun = admin.post(RULES + "/" + ruleId + "/execute", executeBody(true)).expectStatus(201);

        assertThat(dryRun.body()).contains("secret-path");
    }

    @Test
    void an_execute_only_key_still_queues_a_real_execution() {
        executeOnly.post(RULES + "/" + ruleId + "/execute", executeBody(false)).expectStatus(201);
    }

    @Test
    void a_create_only_key_may_not_make_a_template_from_a_rule_it_cannot_read() {
        long before = sql.queryLong("SELECT count(*) FROM automation_templates");

        Reply refused = createOnly.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "Copy", "category": "tickets"}""".formatted(ruleId))
                .expectStatus(403);

        assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
        assertThat(refused.body()).doesNotContain("secret-path");
        assertThat(sql.queryLong("SELECT count(*) FROM automation_templates")).isEqualTo(before);
    }

    @Test
    void an_execute_only_key_is_refused_retry_before_the_status_is_looked_at() {
        String execution = pendingExecution();

        Reply refused = executeOnly.post(EXECUTIONS + "/" + execution + "/retry", "").expectStatus(403);

        assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
        assertThat(refused.body()).doesNotContain("pending");
    }

    @Test
    void an_execute_only_key_is_refused_cancel_and_the_execution_stays_as_it_was() {
        String execution = pendingExecution();

        Reply refused = executeOnly.post(EXECUTIONS + "/" + execution + "/cancel", "").expectStatus(403);

        assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
        assertThat(admin.get(EXECUTIONS + "/" + execution).expectStatus(200).data().path("status").asText())
                .isEqualTo("pending");
    }
}
