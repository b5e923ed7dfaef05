package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.bootstrap.http.support.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * database_update and system_command end to end, both enabled by configuration: a rule saved over
 * HTTP and executed by the engine writes a templated change into a fixture table of a separate
 * target database, or runs an allowlisted executable; the allowlists are enforced at save.
 */
@MicronautTest(transactional = false)
class ServerSideActionsEngineTest extends EngineTestBase {

    private final TestDatabase target = TestDatabase.create();
    private final Sql targetSql = new Sql(target.url(), TestDatabase.USER);

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "ruleworks.database-update.url", target.url(),
                "ruleworks.database-update.username", TestDatabase.USER,
                "ruleworks.database-update.tables.tickets.columns", "id,status,priority",
                "ruleworks.system-command.enabled", "true",
                "ruleworks.system-command.allowed-executables", "/bin/echo");
    }

    @BeforeAll
    void start() {
        targetSql.update("CREATE TABLE tickets (id bigint PRIMARY KEY, status text NOT NULL, priority int,"
                + " secret text)");
        targetSql.update("INSERT INTO tickets VALUES (41, 'open', 1, 's'), (42, 'open', 1, 's')");
    }

    private EngineHttp.Answer createRule(Map<String, Object> config) {
        return createRule("database_update", config);
    }

    private EngineHttp.Answer createRule(String type, Map<String, Object> config) {
        return http.post(RULES, manualRule("server-side action",
                List.of(Map.of("type", type, "order", 1, "config", config))));
    }

    private Map<String, Object> executed(String rule, Map<String, Object> data) {
        return awaitEnd(started(rule, data));
    }

    @Test
    void a_rules_database_update_writes_the_templated_values_into_the_target_row() {
        EngineHttp.Answer created = createRule(Map.of("table", "tickets", "operation", "update",
                "data", Map.of("status", "{{trigger.status}}", "priority", "{{trigger.priority}}"),
                "conditions", Map.of("id", "{{trigger.x}}"), "return_updated", true));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String rule = (String) created.data().get("rule_id");

        Map<String, Object> done = executed(rule, Map.of("x", 42, "status", "closed", "priority", "5"));

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(targetSql.queryLong("SELECT count(*) FROM tickets WHERE id = 42 AND status = 'closed'"
                + " AND priority = 5")).isEqualTo(1);
        assertThat(targetSql.queryLong("SELECT count(*) FROM tickets WHERE id = 41 AND status = 'open'"
                + " AND priority = 1")).isEqualTo(1);
        assertThat(String.valueOf(done)).contains("affected_rows=1");
    }

    @Test
    void a_table_or_column_outside_the_allowlist_is_refused_when_the_rule_is_saved() {
        EngineHttp.Answer table = createRule(Map.of("table", "users", "operation", "delete",
                "conditions", Map.of("id", 1)));
        EngineHttp.Answer column = createRule(Map.of("table", "tickets", "operation", "update",
                "data", Map.of("secret", "x"), "conditions", Map.of("id", 1)));

        assertThat(table.status()).isEqualTo(400);
        assertThat(table.error().get("code")).isEqualTo("VALIDATION_ERROR");
        assertThat(((Map<?, ?>) table.error().get("details")).get("field")).isEqualTo("actions[0].config.table");
        assertThat(column.status()).isEqualTo(400);
        assertThat(((Map<?, ?>) column.error().get("details")).get("field")).isEqualTo("actions[0].config.data.secret");
    }

    @Test
    void a_rules_system_command_runs_the_allowlisted_executable_with_templated_arguments() {
        EngineHttp.Answer created = createRule("system_command", Map.of("command", "echo",
                "args", List.of("ticket", "{{trigger.x}}", "$(id)")));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);

        Map<String, Object> done = executed((String) created.data().get("rule_id"), Map.of("x", 42));

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(String.valueOf(done)).contains("stdout=ticket 42 $(id)\n");
    }

    @Test
    void an_executable_outside_the_allowlist_is_refused_when_the_rule_is_saved() {
        EngineHttp.Answer refused = createRule("system_command", Map.of("command", "/bin/sh",
                "args", List.of("-c", "id")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error().get("code")).isEqualTo("VALIDATION_ERROR");
        assertThat(((Map<?, ?>) refused.error().get("details")).get("field")).isEqualTo("actions[0].config.command");
    }
}
